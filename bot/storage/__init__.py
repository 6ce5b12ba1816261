"""Storage: typed SQLAlchemy models, engine set-up and migrations."""
