"""Settings for one person's machine: `netweave demo` and `netweave serve` use these."""

from __future__ import annotations

import os

from netweave.settings import environment
from netweave.settings.base import *  # noqa: F403
from netweave.settings.base import NETWEAVE_HOME

# Off unless asked for (`netweave serve --debug` asks): a traceback page is for a developer.
DEBUG = environment.flag("NETWEAVE_DEBUG", default=False)
# A stable per-installation key, kept beside the database, so sessions survive restarts.
SECRET_KEY = os.environ.get("NETWEAVE_SECRET_KEY") or environment.local_secret_key(NETWEAVE_HOME)
