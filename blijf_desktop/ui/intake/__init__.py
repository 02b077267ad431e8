"""Intake screens: the new-intake form and the editors it is made of."""
