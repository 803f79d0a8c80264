"""WSGI entry point used by gunicorn (`midora serve`)."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "midora.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 - imports every view now, not on the first request
# What is loaded by now lives as long as the worker: keep it out of the garbage collector's full
# passes, which would otherwise walk a quarter of a million objects every few dozen requests
# (over 100 ms each time on a page that builds thousands of rows).
gc.freeze()
