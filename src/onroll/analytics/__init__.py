"""onroll.analytics — pure engine (no Django)."""
