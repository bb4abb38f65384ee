"""WSGI entry point for served installations (production settings unless told otherwise)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netweave.settings.production")
application = get_wsgi_application()
