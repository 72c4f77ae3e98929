"""onroll.linkage — pure engine (no Django)."""
