"""onroll.rules — pure engine (no Django)."""
