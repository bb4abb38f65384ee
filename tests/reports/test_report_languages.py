"""Both languages render completely: the catalogue is fully translated and the Dutch report
contains no English section title."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

import netweave

pytestmark = pytest.mark.django_db

PO = Path(netweave.__file__).parent / "locale" / "nl" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
ENGLISH_TITLES = [
    "Network annual report",
    "The year in numbers",
    "What each organisation did for the others",
    "The network map",
    "Health of the network",
    "Routine meetings held",  # not "Routines": the Dutch word is the same
    "Introductions",
    "Initiative radar",
    "Recommendations for next year",
    "Appendix: what each member did",
    "About this report",
    "Contents",
    "Our charter",
    "Reflections of the year",
    "Who connected people",
    "Key players",
    "Brokers",
]


def _entries(text: str) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr (all forms joined), fuzzy) of every entry but the header."""
    entries = []
    for block in text.split("\n\n"):
        if "msgid" not in block or block.lstrip().startswith("#~"):
            continue
        fuzzy = "#, fuzzy" in block or re.search(r"^#,.*\bfuzzy\b", block, re.M) is not None
        msgid = "".join(re.findall(r'^msgid "(.*)"$|^(?<=\n)"(.*)"$', block, re.M)[0])
        strings = re.findall(r'^msgstr(?:\[\d\])? "(.*)"\n((?:".*"\n?)*)', block + "\n", re.M)
        msgstr = "".join(first + "".join(re.findall(r'"(.*)"', rest)) for first, rest in strings)
        entries.append((msgid, msgstr, fuzzy))
    return entries


def test_every_message_is_translated():
    entries = _entries(PO.read_text(encoding="utf-8"))
    assert len(entries) > 300
    header = [e for e in entries if e[0] == ""]
    assert len(header) <= 1
    untranslated = [msgid for msgid, msgstr, _f in entries if msgid and not msgstr]
    fuzzy = [msgid for msgid, _s, is_fuzzy in entries if msgid and is_fuzzy]
    assert untranslated == []
    assert fuzzy == []


def test_catalogue_compiles_and_is_committed():
    completed = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "untranslated" not in completed.stderr and "fuzzy" not in completed.stderr
    assert MO.exists() and MO.stat().st_mtime >= PO.stat().st_mtime - 1


def _visible_text(html: str) -> str:
    html = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_dutch_report_has_no_english_titles(fixture):
    text = _visible_text(fixture.html("nl"))
    found = [title for title in ENGLISH_TITLES if re.search(rf"\b{re.escape(title)}\b", text)]
    assert found == []
    assert '<html lang="nl">' in fixture.html("nl")
    assert "Netwerkjaarverslag" in text


def test_english_report_has_its_titles(fixture):
    text = _visible_text(fixture.html("en"))
    for title in ENGLISH_TITLES:
        assert title in text


def test_numbers_and_dates_follow_the_language(fixture):
    interactions = fixture.current.interactions
    assert interactions >= 1000, "the fixture needs a number with a thousands separator"
    assert f'data-value="{interactions}">{interactions:,}<'.replace(",", ".") in fixture.html("nl")
    assert f'data-value="{interactions}">{interactions:,}<' in fixture.html("en")
    assert "30 juni 2026" in fixture.html("nl")
    assert "30 June 2026" in fixture.html("en")


def test_years_are_printed_as_years_not_as_numbers(fixture):
    """Dutch groups thousands with a dot; a year must never read "2.025"."""
    text = _visible_text(fixture.html("nl"))
    year = fixture.report("nl").year
    assert str(year) in text
    assert f"{year // 1000}.{year % 1000:03d}" not in text
    assert f"{(year - 1) // 1000}.{(year - 1) % 1000:03d}" not in text


def test_the_jargon_the_dutch_report_uses_is_in_its_glossary(fixture):
    """Words a funder's reader cannot know are explained in "Woorden in dit verslag"."""
    html = fixture.html("nl")
    glossary = html[html.index('id="glossary"') :]
    glossary = _visible_text(glossary[: glossary.index("</dl>")])
    body = _visible_text(html[: html.index('id="glossary"')])
    for word in ("tussenpositie", "constraint", "Leiden", "pp", "clustering", "dichtheid"):
        if re.search(rf"\b{word}\b", body, flags=re.IGNORECASE):
            assert re.search(rf"\b{word}\b", glossary, flags=re.IGNORECASE), word


ENGLISH_WORDS = {
    "the", "and", "with", "without", "from", "which", "who", "were", "this", "that",
    "every", "each", "other", "others", "none", "member", "members", "organisation",
    "organisations", "tie", "ties", "better", "worse", "same", "year", "years", "meeting",
    "meetings", "introduction", "introductions", "steward", "stewards", "given", "received",
    "share", "figure", "figures", "change", "small", "held", "planned", "setting", "settings",
    "days", "weeks", "weight", "kind", "warmth", "cooling", "lapsed", "kept", "balance",
    "network", "networks", "report", "people", "initiative", "initiatives", "stage", "stages",
    "what", "when", "where", "there", "they", "their", "meetup",
}  # fmt: skip
"""English words that are not Dutch words too (not "of", "was", "warm", "in", "is", "per")."""


@pytest.mark.parametrize("audience", ["network", "public"])
def test_the_dutch_edition_has_no_english_word_and_no_raw_key(fixture, audience):
    """A word list, not only the titles: a label or sentence the catalogue lacks, a raw key
    (``half_life_days``) or an English role in a pseudonym shows up here."""
    from netweave.reports.document import Audience

    text = _visible_text(fixture.html("nl", Audience(audience)))
    words = set(re.findall(r"[A-Za-z_]+", text))
    assert sorted(w for w in words if w.lower() in ENGLISH_WORDS) == []
    assert sorted(w for w in words if re.fullmatch(r"[a-z]+(_[a-z]+)+", w)) == []
    # One register: the report says "je", never "u".
    assert words.isdisjoint({"u", "U", "uw", "Uw"})


def test_the_dutch_glossary_explains_the_words_the_report_uses(fixture):
    """Each entry of "Woorden in dit verslag" is a word the body uses (the body spoke of
    "sleutelfiguren", the glossary of a "sleutelspeler"), and an English term appears only as
    the original in brackets after its Dutch name ("een lage constraint" read as a slip)."""
    html = fixture.html("nl")
    glossary = html[html.index('id="glossary"') :]
    terms = re.findall(r"<dt>(.*?)</dt>", glossary[: glossary.index("</dl>")], flags=re.S)
    body = _visible_text(html[: html.index('id="glossary"')]).lower()
    heads = [re.split(r",| \(", _visible_text(term))[0].strip().lower() for term in terms]
    assert len(heads) > 8
    assert [h for h in heads if h[: max(2, len(h) - 2)] not in body] == []
    assert "constraint" not in re.sub(r"\(constraint\)", "", body)
