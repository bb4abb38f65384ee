"""One vocabulary of sectors and one of languages.

Sectors are defined once, by the library (``netweave.insights.tables.SECTORS``: it cannot import
Django); languages once, by ``settings.LANGUAGES``. What derives from them is not listed here.
What has to spell them out again — a Django enum needs its members' names for the code that
uses them, the library cannot read settings, a JavaScript file cannot import Python — is
checked against the one definition here, so a copy that drifts fails.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.utils import translation

import netweave.maps
from netweave.cli import report
from netweave.insights import matching
from netweave.insights.tables import SECTORS
from netweave.interop.importing import columns
from netweave.networks.models import Language, Sector
from netweave.reports import charts, services
from netweave.synth import vocabulary

CODES = {code for code, _name in settings.LANGUAGES}


def test_the_sectors_of_the_database_are_the_librarys_in_its_order():
    # Order matters: the report's sector matrix, legend and map wedges follow it.
    assert tuple(Sector.values) == SECTORS


def test_the_languages_of_the_database_are_the_settings_with_the_same_names():
    with translation.override("en"):
        assert {code: str(name) for code, name in Language.choices} == {
            code: str(name) for code, name in settings.LANGUAGES
        }


def test_reports_and_the_command_line_offer_exactly_the_settings_languages():
    lang = next(p for p in report.params if p.name == "language")
    assert set(lang.type.choices) == CODES
    assert set(services.LANGUAGES) == CODES
    # Copies that cannot read settings: the import's aliases, and the library's text matching
    # (no Django).
    assert set(columns.LANGUAGES.values()) == CODES
    assert set(matching.LANGUAGES) == CODES


def test_every_sector_has_a_colour_an_import_alias_and_organisation_names():
    assert tuple(charts.SECTOR_COLOURS) == SECTORS
    assert set(columns.SECTORS.values()) == set(SECTORS)
    assert set(vocabulary.ORGANISATION_PATTERNS) == set(SECTORS)


def test_the_interactive_map_colours_sectors_as_the_report_does():
    script = Path(netweave.maps.__file__).parent / "static" / "maps" / "map.js"
    block = re.search(r"SECTOR_COLOURS = \{(.*?)\}", script.read_text(), re.DOTALL)
    assert block is not None
    assert dict(re.findall(r'(\w+): "(#[0-9A-Fa-f]{6})"', block.group(1))) == (
        charts.SECTOR_COLOURS
    )
