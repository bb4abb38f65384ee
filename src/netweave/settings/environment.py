"""Read netweave's configuration from environment variables, in one place.

Every setting an operator may change is a ``NETWEAVE_*`` variable; nothing else is read.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def home() -> Path:
    """The folder holding the embedded database and generated reports.

    ``NETWEAVE_HOME`` when set, else ``$XDG_DATA_HOME/netweave`` (``~/.local/share/netweave``).
    """
    explicit = os.environ.get("NETWEAVE_HOME")
    if explicit:
        return Path(explicit).expanduser().resolve()
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "netweave"


def database(default_sqlite: Path) -> dict[str, Any]:
    """The database in ``NETWEAVE_DATABASE_URL``, else SQLite at ``default_sqlite``."""
    url = os.environ.get("NETWEAVE_DATABASE_URL") or f"sqlite:///{default_sqlite}"
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        # WAL lets the web process read while a worker writes; the pragmas run on every connection.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # Parameters sent apart from the SQL, so that a query a connection has run five times is
        # kept parsed and planned by PostgreSQL (psycopg's prepared statements; Django turns
        # them off unless asked): a page's dozen small queries cost the database less.
        # Options given in the URL's query string win.
        config["OPTIONS"] = {
            "server_side_binding": True,
            "prepare_threshold": 5,
            **config.get("OPTIONS", {}),
        }
    return config


def flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def listing(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


WORKER_NICENESS = 10
"""How much lower than the web server a worker asks the kernel to schedule it, by default."""


def worker_niceness() -> int:
    """``NETWEAVE_WORKER_NICENESS``: the nice value a worker adds to its own (0 to 19; 0 keeps
    the priority it was started with), else :data:`WORKER_NICENESS`."""
    value = os.environ.get("NETWEAVE_WORKER_NICENESS", "").strip()
    if not value:
        return WORKER_NICENESS
    if not value.isdigit() or int(value) > 19:
        raise ImproperlyConfigured(
            f"NETWEAVE_WORKER_NICENESS must be a whole number from 0 to 19, not {value!r}"
        )
    return int(value)


def local_secret_key(folder: Path) -> str:
    """A random key stored in ``folder/secret_key``, made on first use."""
    from django.core.management.utils import get_random_secret_key

    path = folder / "secret_key"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()
