"""Encrypted store, key vault, migrations, repositories, audit chain. No Qt here."""
