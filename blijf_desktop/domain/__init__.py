"""Rules and plain data. No I/O, no Qt, no database."""
