"""The Risico tab of a case: fill in a risicotaxatie, confirm a lower level, see the history."""
