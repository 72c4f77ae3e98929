"""Date formats for the service (``FORMAT_MODULE_PATH``), read by Django's ``get_format``."""
