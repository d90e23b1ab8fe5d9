"""Staff accounts are Django's users; roles are groups (staff/roles.py). No models of its own yet."""
