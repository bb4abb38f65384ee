"""WSGI entry point for served installations (production settings unless told otherwise)."""

import os
from collections.abc import Callable, Iterable
from typing import Any

from django.core.wsgi import get_wsgi_application

from netweave.logs import log_context, new_request_id

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netweave.settings.production")
# A page's Polars work is small (one member's ties: hundreds to thousands of rows), and a web
# process shares the cores with the others serving beside it: Polars' thread per core only
# split it and spun between its steps. On one thread a member's ties took 0.66-0.83 of the CPU
# (benchmarks/member_ties.py; docs/operations.md). Read once, when Polars starts its threads.
os.environ.setdefault("POLARS_MAX_THREADS", "1")
django_application = get_wsgi_application()


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """Django, with the request id set around all of it: Django logs some answers (a 404 for an
    unknown address) after the last middleware has returned."""
    with log_context(new_request_id(environ.get("HTTP_X_REQUEST_ID", ""))):
        return django_application(environ, start_response)
