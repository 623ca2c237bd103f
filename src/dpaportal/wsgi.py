"""WSGI entry point for servers such as waitress or gunicorn."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dpaportal.settings")
application = get_wsgi_application()
