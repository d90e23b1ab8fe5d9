"""Forms by journey: respond.py (public), moderation.py (officers), exports.py (analysts)."""
