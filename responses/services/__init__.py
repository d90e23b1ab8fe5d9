"""Writes with rules, by journey: submission.py, moderation.py, exports.py."""
