"""Option types of the `netweave` command that check a value before any work starts.

A value a user gets wrong ends the command with status 2 and a message that says what is allowed
(click's usage error), never a traceback.
"""

from __future__ import annotations

import ipaddress
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from netweave.outfiles import OutFileError, out_file_check, out_folder_check


class OutFile(click.ParamType):
    """A file to write: a new one, or a regular file to replace (see :mod:`netweave.outfiles`)."""

    name = "file"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        try:
            return out_file_check(Path(value))
        except OutFileError as error:
            self.fail(str(error), param, ctx)


class OutFolder(click.ParamType):
    """A folder to write files in: an existing one, or a new one in a writable folder."""

    name = "folder"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        try:
            return out_folder_check(Path(value))
        except OutFileError as error:
            self.fail(str(error), param, ctx)


class Address(click.ParamType):
    """HOST:PORT to listen on: an IP address or host name, and a port from 1 to 65535."""

    name = "host:port"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip()
        host, separator, port = text.rpartition(":")
        if not separator or not host or not port.isdigit() or not 1 <= int(port) <= 65535:
            self.fail(f"'{text}' is not HOST:PORT with a port from 1 to 65535", param, ctx)
        bare = host.strip("[]")
        try:
            ipaddress.ip_address(bare)
        except ValueError:
            if not all(part.isalnum() or part == "-" for part in bare.replace(".", " ").split()):
                self.fail(f"'{host}' is not an IP address or host name", param, ctx)
        return text


class Day(click.ParamType):
    """A calendar day YYYY-MM-DD between ``first`` and ``last``."""

    name = "yyyy-mm-dd"

    def __init__(self, first: date, last: date) -> None:
        self.first, self.last = first, last

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            day = datetime.strptime(str(value), "%Y-%m-%d").date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            self.fail(f"'{value}' is not a day written YYYY-MM-DD", param, ctx)
        if not self.first <= day <= self.last:
            self.fail(f"{day} is not between {self.first} and {self.last}", param, ctx)
        return day


class Members(click.IntRange):
    """How many members to generate: from the generator's minimum to ``maximum``.

    The minimum is read from :mod:`netweave.synth` only when a value is checked or the help
    shown: importing the generator takes half a second that every other command would pay.
    """

    def __init__(self, maximum: int) -> None:
        super().__init__(min=None, max=maximum)

    def _minimum_read(self) -> None:
        from netweave.synth.config import MIN_MEMBERS

        self.min = MIN_MEMBERS

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        self._minimum_read()
        return super().convert(value, param, ctx)

    def _describe_range(self) -> str:
        self._minimum_read()
        return super()._describe_range()


class Language(click.Choice):
    """A language of the installation: the codes of ``settings.LANGUAGES``, the one list of
    languages, read when a value is checked or the help shown (the command line is built before
    the settings are loaded; the command group names the settings module first)."""

    def __init__(self) -> None:
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:
        from django.conf import settings

        return tuple(code for code, _name in settings.LANGUAGES)

    @choices.setter
    def choices(self, _value: object) -> None:
        """``click.Choice.__init__`` sets the choices; these are the settings', always."""
