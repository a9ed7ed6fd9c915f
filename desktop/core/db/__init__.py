"""Storage: the encrypted SQLite database, its models and migrations."""
