"""Khiên — offline case and outreach records for anti-trafficking officers."""

from importlib import metadata

try:
    __version__ = metadata.version("khien")
except metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.1.0"
