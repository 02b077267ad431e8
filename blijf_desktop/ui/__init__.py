"""Qt user interface. Talks only to services/; no SQL, no crypto."""
