"""WSGI entry point used by gunicorn (`midora serve`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "midora.settings")
application = get_wsgi_application()
