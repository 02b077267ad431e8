"""Use cases. Plain Python: owns transactions, enforces permissions, writes the audit trail."""
