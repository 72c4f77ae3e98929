"""Onroll: children missing education, for schools and local authorities."""
