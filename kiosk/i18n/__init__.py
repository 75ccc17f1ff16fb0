"""Message catalogues: every word a patron reads comes from here."""
