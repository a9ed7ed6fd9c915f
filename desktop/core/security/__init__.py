"""Keys, accounts and the audit log."""
