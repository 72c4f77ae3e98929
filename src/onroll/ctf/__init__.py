"""onroll.ctf — pure engine (no Django)."""
