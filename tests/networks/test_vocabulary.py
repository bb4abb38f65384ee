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

import netweave
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


def test_the_import_understands_each_sector_and_language_by_its_name_in_every_language():
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for value, label in Sector.choices:
                assert columns.SECTORS[str(label).casefold()] == value
            for value, label in Language.choices:
                assert columns.LANGUAGES[str(label).casefold()] == value


SOURCES = Path(netweave.__file__).parent
SPELLS_EVERY_SECTOR = {
    "insights/tables.py": "the definition",
    "networks/models.py": "the Sector choices (checked above)",
    "synth/population.py": "the generator's per-sector shares and sizes (keyed by sector)",
    "synth/vocabulary.py": "the generator's organisation names per sector (checked above)",
}
NAMES_EVERY_LANGUAGE = {
    "settings/base.py": "the definition",
    "networks/models.py": "the Language choices (checked above)",
}


def _sources() -> dict[str, str]:
    """Every Python, JavaScript, template and style file of the app except migrations and
    vendored code, by its path below the package."""
    return {
        path.relative_to(SOURCES).as_posix(): path.read_text()
        for path in SOURCES.rglob("*")
        if path.suffix in {".py", ".js", ".html", ".css"}
        and not {"migrations", "vendor"} & set(path.parts)
    }


def test_no_other_file_spells_out_the_sectors_or_names_the_languages():
    # A new copy (a list of sectors in a script, language names in an import) fails here: read
    # the vocabulary instead, or add the file above with the reason it must spell them out.
    sources = _sources()
    every_sector = {
        path
        for path, text in sources.items()
        if all(re.search(rf"\b{sector}\b", text) for sector in SECTORS)
    }
    every_language = {
        path
        for path, text in sources.items()
        if all(
            re.search(rf"[\"']{re.escape(str(name))}[\"']", text, re.IGNORECASE)
            for _code, name in _english_names()
        )
    }
    assert every_sector == set(SPELLS_EVERY_SECTOR)
    assert every_language == set(NAMES_EVERY_LANGUAGE)


def _english_names() -> list[tuple[str, str]]:
    with translation.override("en"):
        return [(code, str(name)) for code, name in settings.LANGUAGES]


def test_the_interactive_map_reads_the_sector_colours_the_page_hands_it():
    # No copy in the script (the test above); the page's colours are checked in tests/maps.
    script = (SOURCES / "maps" / "static" / "maps" / "map.js").read_text()
    assert 'getElementById("map-sector-colours")' in script
