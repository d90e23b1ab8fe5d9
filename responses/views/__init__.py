"""Views by journey.

public.py (respond), moderation.py (officers), published.py (public pages), exports.py (analysts).
"""
