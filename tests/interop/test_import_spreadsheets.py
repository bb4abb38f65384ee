"""Spreadsheets as stewards have them: Dutch Excel, BOMs, damaged files; all or nothing."""

from __future__ import annotations

import zipfile
from datetime import date

import openpyxl
import pytest

from netweave.interop.importing.columns import ImportKind
from netweave.interop.importing.problems import ImportRefused, Problem
from netweave.interop.snapshot import network_snapshot
from netweave.ledger.models import Ask, Interaction, Kind, Offer, Purpose
from netweave.networks.models import Network, Organisation, Person, Sector, Theme

from .conftest import run_import

pytestmark = pytest.mark.django_db

INTERACTIONS_NL = (
    "Datum;Van;Naar;Soort;Notitie\r\n"
    "03-02-2026;anna@hoorn.example;BRAM@hoorn.example;Hulp;"
    '"Caf\u00e9 ""de Zon""\r\nmet twee regels"\r\n'
    '2026-02-04;bram@hoorn.example;cees@hoorn.example;ontmoeting;=HYPERLINK("http://x")\r\n'
)


def refused(path, kind, **options) -> list[Problem]:
    with pytest.raises(ImportRefused) as caught:
        run_import(path, kind, **options)
    return caught.value.problems


def test_dutch_excel_csv_in_windows_1252_with_semicolons(known, tmp_path):
    path = tmp_path / "contacten.csv"
    path.write_bytes(INTERACTIONS_NL.encode("cp1252"))

    result = run_import(path, ImportKind.INTERACTIONS)

    assert result.encoding == "Windows-1252"
    assert result.created == {"interactions": 2}
    help_given = Interaction.objects.get(network=known.network, kind=Kind.HELP)
    assert (help_given.person_a, help_given.person_b) == (known.anna, known.bram)
    assert help_given.directed and help_given.purpose == Purpose.NETWORK
    assert help_given.occurred_on == date(2026, 2, 3)
    assert help_given.note == 'Café "de Zon"\r\nmet twee regels'
    # A formula is text, stored as written and never evaluated.
    assert (
        Interaction.objects.get(network=known.network, kind=Kind.MEETING).note
        == '=HYPERLINK("http://x")'
    )


@pytest.mark.parametrize(
    ("encoding", "named"), [("utf-8-sig", "UTF-8 with BOM"), ("utf-8", "UTF-8")]
)
def test_utf8_with_and_without_bom_is_detected_and_reported(known, tmp_path, encoding, named):
    path = tmp_path / "contacten.csv"
    path.write_bytes(INTERACTIONS_NL.replace(";", ",").encode(encoding))

    result = run_import(path, ImportKind.INTERACTIONS)

    assert result.encoding == named
    assert Interaction.objects.get(network=known.network, kind=Kind.HELP).note.startswith("Café")


def test_importing_the_same_file_twice_changes_nothing(known, tmp_path):
    path = tmp_path / "contacten.csv"
    path.write_bytes(INTERACTIONS_NL.encode("cp1252"))
    run_import(path, ImportKind.INTERACTIONS)
    before = network_snapshot(known.network)

    again = run_import(path, ImportKind.INTERACTIONS)

    assert not again.changed and again.unchanged == {"interactions": 2}
    assert network_snapshot(known.network) == before


def test_identical_rows_stay_two_interactions_and_stay_two_on_reimport(known, tmp_path):
    path = tmp_path / "twice.csv"
    row = "2026-03-01,anna@hoorn.example,bram@hoorn.example,meeting\n"
    path.write_text("date,from,to,kind\n" + row + row)

    assert run_import(path, ImportKind.INTERACTIONS).created == {"interactions": 2}
    assert run_import(path, ImportKind.INTERACTIONS).created == {"interactions": 0}
    assert Interaction.objects.filter(network=known.network).count() == 2


def test_every_problem_is_named_and_nothing_is_written(known, tmp_path):
    path = tmp_path / "fouten.csv"
    path.write_text(
        "Datum;Van;Naar;Soort\n"
        "2026-01-05;anna@hoorn.example;bram@hoorn.example;hulp\n"  # fine, yet not written
        "31-02-2026;anna@hoorn.example;bram@hoorn.example;hulp\n"
        "2026-01-05;niemand@elders.example;bram@hoorn.example;borrel\n"
        "2026-01-05;cees@hoorn.example;cees@hoorn.example;;\n",
        encoding="utf-8",
    )
    before = network_snapshot(known.network)

    problems = refused(path, ImportKind.INTERACTIONS)

    assert [(p.row, p.column) for p in problems] == [
        (3, "Datum"),
        (4, "Soort"),
        (4, "Van"),
        (5, "Naar"),
        (5, "Soort"),
    ]
    assert all(p.file == "fouten.csv" and p.reason for p in problems)
    assert "31-02-2026" in problems[0].reason
    assert "niemand@elders.example" in problems[2].reason
    assert network_snapshot(known.network) == before


def test_a_day_in_the_future_or_before_1900_is_named(known, tmp_path):
    """The import's own day is 30 June 2026 (conftest.TODAY): the 1st of July has not happened."""
    path = tmp_path / "data.csv"
    path.write_text(
        "Datum;Van;Naar;Soort\n"
        "30-06-2026;anna@hoorn.example;bram@hoorn.example;hulp\n"
        "01-07-2026;anna@hoorn.example;bram@hoorn.example;hulp\n"
        "0026-03-02;anna@hoorn.example;bram@hoorn.example;hulp\n"
        "01-01-1900;anna@hoorn.example;bram@hoorn.example;hulp\n",
        encoding="utf-8",
    )

    problems = refused(path, ImportKind.INTERACTIONS)

    assert [(p.row, p.column, p.reason) for p in problems] == [
        (3, "Datum", "'01-07-2026' is in the future"),
        (4, "Datum", "'0026-03-02' is before 1900"),
    ]
    assert not Interaction.objects.filter(network=known.network).exists()


def test_people_by_their_name_and_kinds_by_the_quick_log_verbs(known, tmp_path):
    # A coordinator's own sheet: names, not addresses, and "geholpen" rather than "hulp".
    path = tmp_path / "logboek.csv"
    path.write_text(
        "Datum;Van;Naar;Soort\n"
        "2026-01-05;Anna Jansen;  bram   JANSEN ;geholpen\n"
        "2026-01-06;cees@hoorn.example;Anna Jansen;ontmoet\n",
        encoding="utf-8",
    )
    run_import(path, ImportKind.INTERACTIONS)
    rows = Interaction.objects.filter(network=known.network).order_by("occurred_on")
    assert [(i.person_a, i.person_b, i.kind) for i in rows] == [
        (known.anna, known.bram, Kind.HELP),
        (known.cees, known.anna, Kind.MEETING),
    ]


def test_a_name_two_members_share_is_a_problem_never_a_guess(known, tmp_path):
    Person.objects.create(
        network=known.network,
        first_name="Anna",
        last_name="Jansen",
        email="anna.jansen@elders.example",
        joined_on=date(2025, 1, 1),
    )
    path = tmp_path / "logboek.csv"
    path.write_text(
        "Datum;Van;Naar;Soort\n2026-01-05;Anna Jansen;Bram Jansen;hulp\n"
        "2026-01-05;Anna de Vries;Bram Jansen;hulp\n",
        encoding="utf-8",
    )
    before = network_snapshot(known.network)

    problems = refused(path, ImportKind.INTERACTIONS)

    assert [(p.row, p.column) for p in problems] == [(2, "Van"), (3, "Van")]
    assert "more than one member is called 'Anna Jansen'" in problems[0].reason
    assert "'Anna de Vries' is neither the name nor the e-mail address" in problems[1].reason
    assert network_snapshot(known.network) == before


def test_a_missing_column_names_the_headers_it_would_understand(known, tmp_path):
    path = tmp_path / "half.csv"
    path.write_text("Datum,Van\n2026-01-05,anna@hoorn.example\n")

    problems = refused(path, ImportKind.INTERACTIONS)

    reasons = " ".join(p.reason for p in problems)
    assert "'naar'" in reasons and "'soort'" in reasons


def test_map_reads_another_layout(known, tmp_path):
    path = tmp_path / "eigen.csv"
    path.write_text(
        "Wanneer,Gever,Ontvanger,Wat\n2026-01-05,anna@hoorn.example,bram@hoorn.example,help\n"
    )

    result = run_import(
        path,
        ImportKind.INTERACTIONS,
        mapping={"Wanneer": "date", "Gever": "van", "Ontvanger": "to", "Wat": "soort"},
    )

    assert result.created == {"interactions": 1}


def test_nul_bytes_are_named_by_row_and_column(known, tmp_path):
    path = tmp_path / "kapot.csv"
    path.write_bytes(
        b"Datum,Van,Naar,Soort,Notitie\n2026-01-05,anna@hoorn.example,bram@hoorn.example,help,a\x00b\n"
    )

    problems = refused(path, ImportKind.INTERACTIONS)

    assert [(p.row, p.column) for p in problems] == [(2, "Notitie")]
    assert "NUL" in problems[0].reason


def test_empty_and_header_only_files_are_refused_by_name(known, tmp_path):
    empty = tmp_path / "leeg.csv"
    empty.write_bytes(b"")
    header_only = tmp_path / "kop.csv"
    header_only.write_text("Datum;Van;Naar;Soort\n")

    assert "empty" in refused(empty, ImportKind.INTERACTIONS)[0].reason
    assert "no rows" in refused(header_only, ImportKind.INTERACTIONS)[0].reason


def test_a_row_with_more_values_than_headers_is_refused(known, tmp_path):
    path = tmp_path / "breed.csv"
    path.write_text(
        "date,from,to,kind\n2026-01-05,anna@hoorn.example,bram@hoorn.example,help,extra\n"
    )

    problems = refused(path, ImportKind.INTERACTIONS)

    assert [(p.row, p.reason) for p in problems] == [(2, "5 values but only 4 column headers")]


def test_an_xlsx_that_is_not_one(known, tmp_path):
    path = tmp_path / "leden.xlsx"
    path.write_text("Naam;E-mail\nPiet;piet@x.example\n")

    problems = refused(path, ImportKind.MEMBERS)

    assert "not an Excel workbook" in problems[0].reason


def test_an_xlsx_zip_without_a_workbook(known, tmp_path):
    path = tmp_path / "leden.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")

    assert "not an Excel workbook" in refused(path, ImportKind.MEMBERS)[0].reason


def test_members_from_dutch_xlsx_with_organisation_themes_ask_and_offer(known, tmp_path):
    path = tmp_path / "leden.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        ["Naam", "E-mail", "Organisatie", "Sector", "Thema’s", "Vraag", "Aanbod", "Lid sinds"]
    )
    sheet.append(
        ["Dirk de Vries", "Dirk@Bouw.example", "Bouw BV", "Bedrijfsleven", "Energie, Wonen",
         "Wie kent een installateur?", "=SUM(1,2)", date(2025, 3, 1)]
    )  # fmt: skip
    sheet.append(["Anna Jansen", "anna@hoorn.example", "Gemeente Hoorn", "", "wonen", "", "", None])
    workbook.save(path)

    result = run_import(path, ImportKind.MEMBERS)

    dirk = Person.objects.get(email="dirk@bouw.example")
    assert (dirk.first_name, dirk.last_name, dirk.joined_on) == (
        "Dirk",
        "de Vries",
        date(2025, 3, 1),
    )
    assert dirk.organisation.sector == Sector.BUSINESS
    assert sorted(t.name_nl for t in dirk.themes.all()) == ["Energie", "Wonen"]
    assert Ask.objects.get(person=dirk).text == "Wie kent een installateur?"
    assert Offer.objects.get(person=dirk).text == "=SUM(1,2)"
    assert list(known.anna.themes.values_list("slug", flat=True)) == ["wonen"]
    assert result.created == {
        "members": 1, "organisations": 1, "themes": 2, "asks": 1, "offers": 1
    }  # fmt: skip
    again = run_import(path, ImportKind.MEMBERS)
    assert not again.changed


def test_a_member_list_without_addresses_is_matched_by_name_and_later_given_them(known, tmp_path):
    path = tmp_path / "leden.csv"
    path.write_text("Naam;Organisatie\nAnna Jansen;Gemeente Hoorn\nPiet Post;Gemeente Hoorn\n")

    first = run_import(path, ImportKind.MEMBERS)

    assert first.created == {"members": 1} and first.unchanged == {"members": 1}
    piet = Person.objects.get(network=known.network, last_name="Post")
    assert (piet.first_name, piet.email, piet.organisation) == ("Piet", "", known.gemeente)
    assert not run_import(path, ImportKind.MEMBERS).changed  # twice is once, by name
    # The same list, now with addresses: Piet gets his; nobody is made twice.
    with_addresses = tmp_path / "leden-mail.csv"
    with_addresses.write_text("Naam;E-mail\nPiet Post;piet@post.example\n")
    run_import(with_addresses, ImportKind.MEMBERS)
    piet.refresh_from_db()
    assert piet.email == "piet@post.example"
    assert Person.objects.filter(network=known.network, last_name="Post").count() == 1


def test_a_member_list_of_names_and_addresses_only(known, tmp_path):
    # No organisation column: its check must not look for one (it raised an unexpected error).
    path = tmp_path / "leden.csv"
    path.write_text("Naam;E-mail\nPietje Puk;pietje@puk.example\n")

    assert run_import(path, ImportKind.MEMBERS).created == {"members": 1}
    assert Person.objects.get(email="pietje@puk.example").organisation is None


def test_a_member_list_without_addresses_refuses_a_name_it_cannot_tell_apart(known, tmp_path):
    Person.objects.create(
        network=known.network, first_name="Anna", last_name="Jansen", joined_on=date(2025, 1, 1)
    )
    path = tmp_path / "leden.csv"
    path.write_text("Naam\nAnna Jansen\nKees Kip\nkees  kip\n")

    problems = refused(path, ImportKind.MEMBERS)

    assert [(p.row, p.column) for p in problems] == [(2, "Naam"), (3, "Naam"), (4, "Naam")]
    assert "more than one member is called 'Anna Jansen'" in problems[0].reason
    assert "appears in another row too" in problems[1].reason
    assert not Person.objects.filter(last_name="Kip").exists()


def test_asks_by_the_member_s_name(known, tmp_path):
    path = tmp_path / "vragen.csv"
    path.write_text("Naam;Vraag\nBram Jansen;Zoek een zaal\n")

    run_import(path, ImportKind.ASKS)

    assert Ask.objects.get(network=known.network).person == known.bram


def test_an_unknown_organisation_without_sector_is_refused(known, tmp_path):
    path = tmp_path / "leden.csv"
    path.write_text("Naam;E-mail;Organisatie\nPiet Post;piet@x.example;Nergens BV\n")

    problems = refused(path, ImportKind.MEMBERS)

    assert [(p.row, p.column) for p in problems] == [(2, "Organisatie")]
    assert not Person.objects.filter(email="piet@x.example").exists()


def test_organisations_with_overheid_and_government(known, tmp_path):
    path = tmp_path / "organisaties.csv"
    path.write_text("Naam,Sector,Plaats\nProvincie,Overheid,Haarlem\nBibliotheek,civil society,\n")

    result = run_import(path, ImportKind.ORGANISATIONS)

    assert result.created == {"organisations": 2}
    assert Organisation.objects.get(slug="provincie").sector == Sector.GOVERNMENT
    assert Organisation.objects.get(slug="bibliotheek").sector == Sector.CIVIL_SOCIETY


def test_asks_with_theme_and_date(known, tmp_path):
    path = tmp_path / "vragen.csv"
    path.write_text("E-mail;Vraag;Thema;Datum\nbram@hoorn.example;Zoek een zaal;Wonen;01-04-2026\n")

    run_import(path, ImportKind.ASKS)

    ask = Ask.objects.get(network=known.network)
    assert (ask.person, ask.created_on, ask.theme.name_nl) == (
        known.bram,
        date(2026, 4, 1),
        "Wonen",
    )
    assert Theme.objects.filter(network=known.network).count() == 1


def test_dry_run_counts_exactly_and_writes_nothing(known, tmp_path):
    path = tmp_path / "contacten.csv"
    path.write_bytes(INTERACTIONS_NL.encode("cp1252"))

    result = run_import(path, ImportKind.INTERACTIONS, dry_run=True)

    assert result.dry_run and result.created == {"interactions": 2}
    assert not Interaction.objects.filter(network=known.network).exists()


def test_unknown_network_is_a_problem(known, tmp_path):
    path = tmp_path / "contacten.csv"
    path.write_text(INTERACTIONS_NL)

    problems = refused(path, ImportKind.INTERACTIONS, slug="elders")

    assert "no network 'elders'" in problems[0].reason
    assert not Network.objects.filter(slug="elders").exists()


@pytest.mark.slow
def test_a_200_mb_file_with_one_bad_last_row(known, tmp_path):
    path = tmp_path / "groot.csv"
    note = "x" * 560
    row = f"2026-01-05;anna@hoorn.example;bram@hoorn.example;hulp;{note}\n".encode()
    rows = 200 * 1024 * 1024 // len(row) + 1
    with path.open("wb") as out:
        out.write(b"Datum;Van;Naar;Soort;Notitie\n")
        for _ in range(rows // 1000):
            out.write(row * 1000)
        out.write(row * (rows % 1000))
        out.write(b"2026-01-05;anna@hoorn.example;onbekend@x.example;hulp;laatste\n")
    assert path.stat().st_size > 200 * 1024 * 1024

    problems = refused(path, ImportKind.INTERACTIONS)

    assert [(p.row, p.column) for p in problems] == [(rows + 2, "Naar")]
    assert not Interaction.objects.filter(network=known.network).exists()
