"""WSGI entry point (gunicorn onroll.wsgi:application)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onroll.settings.production")
application = get_wsgi_application()
