"""Blijf Desktop: encrypted case records for Blijf Groep."""

__version__ = "0.1.0"
