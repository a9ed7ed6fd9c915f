"""Domain, storage, sync, security and reports. Never imports Qt."""
