"""Logging for every netweave process: one line format, a request id on every line.

The request id lives in a context variable: the web middleware sets it per request, the worker
per task, so a line from deep in a service still says which request or task wrote it. Lines go to
stderr and to a size-rotated file in ``NETWEAVE_HOME/logs/``; the file handler locks across
processes, because the web server's processes and the workers all write the same file.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from concurrent_log_handler import ConcurrentRotatingFileHandler

NO_REQUEST = "-"
request_id: ContextVar[str] = ContextVar("netweave_request_id", default=NO_REQUEST)

LOG_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(process)d %(name)s: %(message)s"
LOG_FILE_BYTES = 10 * 1024 * 1024
LOG_FILE_BACKUPS = 5


class RequestIdFilter(logging.Filter):
    """Puts the current request (or task) id on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


# A proxy in front may pass its own id, so one request can be followed through both logs.
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def new_request_id(offered: str = "") -> str:
    """``offered`` (an ``X-Request-ID`` from a proxy) when it is a sane id, else a fresh one."""
    return offered if _SAFE_ID.fullmatch(offered) else uuid.uuid4().hex[:16]


@contextmanager
def log_context(identifier: str) -> Iterator[None]:
    """Lines logged inside carry ``identifier`` as their request id."""
    token = request_id.set(identifier)
    try:
        yield
    finally:
        request_id.reset(token)


def log_file_handler(filename: str, **options: Any) -> logging.Handler:
    """The rotating file handler, its folder made first (a fresh NETWEAVE_HOME has none)."""
    path = Path(filename)
    path.parent.mkdir(parents=True, exist_ok=True)
    return ConcurrentRotatingFileHandler(
        str(path),
        maxBytes=LOG_FILE_BYTES,
        backupCount=LOG_FILE_BACKUPS,
        encoding="utf-8",
        **options,
    )


def logging_config(folder: Path, level: str = "INFO") -> dict[str, Any]:
    """The ``LOGGING`` setting: stderr and ``folder/netweave.log``, both with request ids."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"line": {"format": LOG_FORMAT}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "line",
                "filters": ["request_id"],
            },
            "file": {
                "()": log_file_handler,
                "filename": str(folder / "netweave.log"),
                "formatter": "line",
                "filters": ["request_id"],
            },
        },
        "root": {"handlers": ["stderr", "file"], "level": level},
        "loggers": {
            # Django's own handlers print only with DEBUG or mail admins; ours take it all.
            "django": {"handlers": [], "level": level, "propagate": True},
            "django_tasks_db": {"handlers": [], "level": level, "propagate": True},
            "django.tasks": {"handlers": [], "level": level, "propagate": True},
            # WeasyPrint narrates every step of every PDF; its warnings are what matter.
            "weasyprint": {"handlers": [], "level": "WARNING", "propagate": True},
            "fontTools": {"handlers": [], "level": "WARNING", "propagate": True},
        },
    }
