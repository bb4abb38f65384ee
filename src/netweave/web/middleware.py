"""Middleware every response passes: a request id for the logs, private caching after login."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import nullcontext

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

from netweave.logs import NO_REQUEST, log_context, new_request_id, request_id

logger = logging.getLogger("netweave.requests")

type Handler = Callable[[HttpRequest], HttpResponseBase]


def request_id_middleware(get_response: Handler) -> Handler:
    """Put the request's id (set by netweave.wsgi, or made here) on every log line and in
    ``X-Request-ID``; log the request itself as one line when it is answered."""

    def middleware(request: HttpRequest) -> HttpResponseBase:
        identifier = request_id.get()
        outer = identifier != NO_REQUEST
        if not outer:
            identifier = new_request_id(request.headers.get("X-Request-ID", ""))
        started = time.monotonic()
        with log_context(identifier) if not outer else nullcontext():
            response = get_response(request)
            logger.info(
                "%s %s %s %.0f ms",
                request.method,
                request.path,
                response.status_code,
                (time.monotonic() - started) * 1000,
            )
        response["X-Request-ID"] = identifier
        return response

    return middleware


def private_cache_middleware(get_response: Handler) -> Handler:
    """What a logged-in person is shown, page or download, is theirs: no shared cache keeps it."""

    def middleware(request: HttpRequest) -> HttpResponseBase:
        response = get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or "Authorization" in request.headers:
            patch_cache_control(response, private=True)
        return response

    return middleware


def database_busy_middleware(get_response: Handler) -> Handler:
    """A database that stays locked or out of reach answers 503 "try again", logged with its
    traceback, instead of a bare 500: the person's work is not lost, only delayed."""

    def middleware(request: HttpRequest) -> HttpResponseBase:
        return get_response(request)

    def process_exception(request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error(
            "database unavailable while answering %s %s",
            request.method,
            request.path,
            exc_info=exception,
        )
        response = HttpResponse(render_to_string("web/busy.html", request=None), status=503)
        response["Retry-After"] = "30"
        return response

    middleware.process_exception = process_exception  # type: ignore[attr-defined]
    return middleware
