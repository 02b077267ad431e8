"""reportlab documents: plain input, PDF bytes out. No Qt, no storage."""
