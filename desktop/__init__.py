"""Khiên — offline case and outreach records for anti-trafficking officers."""

# The same as pyproject.toml's `version` (tests/core/test_version.py checks): written here
# rather than read from the installed package's metadata, whose module takes a tenth of the
# sign-in dialog's start to import.
__version__ = "0.1.0"
