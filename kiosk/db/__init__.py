"""Database adapter: peewee models, migrations and the LoanStore (only peewee user)."""
