"""The librarian's command line: ``python kiosk.py admin ...``."""
