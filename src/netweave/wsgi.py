"""WSGI entry point for served installations (production settings unless told otherwise)."""

import os
from collections.abc import Callable, Iterable
from typing import Any

from django.core.wsgi import get_wsgi_application

from netweave.logs import log_context, new_request_id

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netweave.settings.production")
django_application = get_wsgi_application()


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """Django, with the request id set around all of it: Django logs some answers (a 404 for an
    unknown address) after the last middleware has returned."""
    with log_context(new_request_id(environ.get("HTTP_X_REQUEST_ID", ""))):
        return django_application(environ, start_response)
