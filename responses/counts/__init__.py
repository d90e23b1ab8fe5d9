"""The counts of a consultation's responses that the database keeps (models.py) and their reads (services.py)."""
