"""The columnar reader (ADBC, a connection of its own: PostgreSQL), the process reader (ADBC's
SQLite driver in a process of its own: SQLite) and the rows reader (Django's connection) read
the same frames.

Transactional tests: the columnar and process readers' second connections see only committed
rows, so these tests commit theirs (and the database is emptied after each). The process reader
reads only results of at least ``PROCESS_FROM_ROWS`` rows; the ``beside`` fixture lowers that to
none and counts the processes started, so that the small networks here are read by it.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import dj_database_url
import polars as pl
import pytest
from django.db import connection, transaction
from django.db.backends.postgresql.base import DatabaseWrapper as PostgresWrapper
from django.db.models import F
from psycopg.conninfo import conninfo_to_dict

from netweave.insights.tables import SCHEMAS, NetworkTables
from netweave.interop.synthetic import network_load_synthetic
from netweave.ledger.models import Ask, Interaction
from netweave.networks.models import Network, Organisation, Person
from netweave.reports import reading
from netweave.reports.reading import _placeholders, frame_reader, postgres_conninfo
from netweave.reports.selectors import _frame, _frame_started, network_tables, report_sources

pytestmark = pytest.mark.django_db(transaction=True)

TABLES = [
    "organisations",
    "members",
    "member_themes",
    "interactions",
    "introductions",
    "occurrences",
    "attendance",
    "asks",
    "offers",
]


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(frame.columns, nulls_last=True)


def _assert_same_tables(columnar: NetworkTables, rows: NetworkTables) -> None:
    for name in TABLES:
        got, expected = getattr(columnar, name), getattr(rows, name)
        assert got.schema == pl.Schema(SCHEMAS[name]), name
        assert _sorted(got).equals(_sorted(expected)), name


def _reader_kind(**kwargs: bool) -> str:
    with frame_reader("default", **kwargs) as read:
        return read.kind


def _columnar() -> str:
    """The reader expected outside a transaction: columnar on PostgreSQL; on SQLite the process
    reader (ADBC's own copy of SQLite would break the locks of Django's in this process)."""
    return "columnar" if connection.vendor == "postgresql" else "process"


@pytest.fixture
def beside(monkeypatch) -> list[subprocess.Popen]:
    """The SQLite reading processes started, for results of any size."""
    started: list[subprocess.Popen] = []
    real = reading._reading_process

    @contextmanager
    def counted(request: dict):
        with real(request) as process:
            started.append(process[0])
            yield process

    monkeypatch.setattr(reading, "PROCESS_FROM_ROWS", 0)
    monkeypatch.setattr(reading, "_reading_process", counted)
    return started


def _expected_processes() -> int:
    return 1 if connection.vendor == "sqlite" else 0


def test_outside_a_transaction_a_reader_of_its_own_answers():
    assert _reader_kind() == _columnar()
    assert _reader_kind(columnar=False) == "rows"


def test_columnar_and_rows_readers_give_the_same_tables(small_synthetic, beside):
    network = network_load_synthetic(synthetic=small_synthetic, slug="readers")
    beside.clear()  # the load's refresh tasks read the network too

    columnar = network_tables(network)
    rows = network_tables(network, columnar=False)

    assert len(beside) == _expected_processes()  # the interactions, by a process on SQLite
    assert columnar.interactions.height == small_synthetic.tables.interactions.height
    assert columnar.members["left"].null_count() > 0  # NULL dates came through as nulls
    _assert_same_tables(columnar, rows)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's reading process")
def test_a_small_result_is_read_through_django_on_sqlite(small_synthetic, monkeypatch):
    """Below ``PROCESS_FROM_ROWS`` rows no process is started (it would cost more than it
    saves); the tables are the same."""
    network = network_load_synthetic(synthetic=small_synthetic, slug="small")
    started: list[dict] = []
    monkeypatch.setattr(reading, "_reading_process", lambda request: started.append(request))
    interactions = small_synthetic.tables.interactions.height
    monkeypatch.setattr(reading, "PROCESS_FROM_ROWS", interactions + 1)

    tables = network_tables(network)

    assert started == []
    _assert_same_tables(tables, network_tables(network, columnar=False))


def _nulls_first_network() -> Network:
    """1,100 members without organisation or leaving date (NULL), then one with both: more than
    the ADBC SQLite driver's default batch of 1,024 rows, from which it infers column types."""
    network = Network.objects.create(name="Nulls", slug="nulls")
    organisation = Organisation.objects.create(
        network=network, name='Bieb, "De Hoek"\n', slug="bieb", sector="civil_society"
    )
    Person.objects.bulk_create(
        Person(network=network, first_name=f"P{i}", last_name="X", joined_on=date(2024, 1, 1))
        for i in range(1_100)
    )
    last = Person.objects.create(
        network=network,
        organisation=organisation,
        first_name="Zoë",
        last_name="Ĳsselmeer, 't",
        joined_on=date(2024, 2, 29),
        left_on=date(2025, 12, 31),
    )
    Ask.objects.create(
        network=network,
        person=last,
        text='Komma, "aanhalingstekens"\nen een tweede regel; é ß 🙂',
        language="nl",
        created_on=date(2025, 1, 1),
    )
    return network


def test_null_first_columns_dates_and_text_read_alike(beside):
    """NULL in the first 1,100 rows, then values (a driver that infers types from a first batch
    would guess wrong); dates, booleans, text with quotes, commas and newlines."""
    network = _nulls_first_network()
    queryset = Person.objects.filter(network=network).order_by(F("left_on").asc(nulls_first=True))
    fields = {
        "person_id": "pk",
        "organisation_id": "organisation",
        "sector": "organisation__sector",
        "joined": "joined_on",
        "left": "left_on",
        "name": "last_name",
        "consents": "consents_to_reports",
    }
    schema = {
        "person_id": pl.Int64,
        "organisation_id": pl.Int64,
        "sector": pl.String,
        "joined": pl.Date,
        "left": pl.Date,
        "name": pl.String,
        "consents": pl.Boolean,
    }
    with frame_reader("default") as read:
        assert read.kind == _columnar()
        columnar = _frame(queryset, fields, schema, read)
        started = _frame_started(queryset, fields, schema, read)()
    rows = _frame(queryset, fields, schema)

    assert len(beside) == _expected_processes()
    assert columnar.schema == pl.Schema(schema)
    assert columnar.equals(rows)
    assert started.equals(rows)
    assert columnar["sector"].null_count() == 1_100
    last = columnar.row(-1, named=True)
    assert last["sector"] == "civil_society"
    assert last["joined"] == date(2024, 2, 29)
    assert last["left"] == date(2025, 12, 31)
    assert last["name"] == "Ĳsselmeer, 't"
    assert last["consents"] is True

    tables = network_tables(network)
    _assert_same_tables(tables, network_tables(network, columnar=False))
    assert tables.asks["text"].to_list() == [
        'Komma, "aanhalingstekens"\nen een tweede regel; é ß 🙂'
    ]
    assert tables.members["organisation_id"].null_count() == 1_100


def test_an_empty_network_reads_empty_typed_tables(beside):
    network = Network.objects.create(name="Empty", slug="empty")

    tables = network_tables(network)

    assert len(beside) == _expected_processes()

    _assert_same_tables(tables, network_tables(network, columnar=False))
    assert tables.interactions.is_empty()


def test_inside_a_transaction_the_rows_reader_sees_uncommitted_rows(small_synthetic):
    network = network_load_synthetic(synthetic=small_synthetic, slug="uncommitted")
    before = network_tables(network).interactions.height
    a, b = Person.objects.filter(network=network)[:2]

    with transaction.atomic():
        Interaction.objects.create(
            network=network, person_a=a, person_b=b, occurred_on=date(2025, 6, 1), kind="meeting"
        )
        assert _reader_kind() == "rows"
        assert network_tables(network).interactions.height == before + 1


def test_without_the_driver_the_rows_reader_gives_the_same_tables(small_synthetic, monkeypatch):
    network = network_load_synthetic(synthetic=small_synthetic, slug="no-driver")
    columnar = network_tables(network)
    # A module set to None in sys.modules cannot be imported (ImportError), as if not installed.
    monkeypatch.setitem(sys.modules, "adbc_driver_postgresql.dbapi", None)
    monkeypatch.setitem(sys.modules, "adbc_driver_sqlite", None)

    assert _reader_kind() == "rows"
    _assert_same_tables(columnar, network_tables(network))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's reading process")
def test_a_failed_reading_process_is_read_through_django(small_synthetic, beside, caplog, tmp_path):
    network = network_load_synthetic(synthetic=small_synthetic, slug="failed")
    beside.clear()  # the load's refresh tasks read the network too
    queryset = Interaction.objects.filter(network=network).order_by()
    schema = {"a": pl.Int64, "on": pl.Date, "directed": pl.Boolean}
    fields = {"a": "person_a", "on": "occurred_on", "directed": "directed"}

    with frame_reader("default") as read:
        read.path = str(tmp_path / "missing.sqlite3")  # the child cannot open it
        frame = _frame_started(queryset, fields, schema, read)()

    assert len(beside) == 1
    assert "reading process failed" in caplog.text
    assert "failed to open" in caplog.text
    assert frame.height == small_synthetic.tables.interactions.height
    assert frame.equals(_frame(queryset, fields, schema))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's reading process")
def test_no_reading_process_outlives_its_readers_block(small_synthetic, beside):
    network = network_load_synthetic(synthetic=small_synthetic, slug="stopped")
    beside.clear()  # the load's refresh tasks read the network too
    queryset = Interaction.objects.filter(network=network)

    with frame_reader("default") as read:
        _frame_started(queryset, {"a": "person_a"}, {"a": pl.Int64}, read)  # never asked for

    [child] = beside
    assert child.returncode is not None  # ended (killed if it was still reading), and reaped


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's second connection")
def test_a_refused_second_connection_is_read_through_django(small_synthetic, caplog):
    network = network_load_synthetic(synthetic=small_synthetic, slug="refused")
    expected = network_tables(network, columnar=False)
    port = connection.settings_dict["PORT"]
    connection.settings_dict["PORT"] = "1"  # nothing listens there; Django's own stays open
    try:
        assert _reader_kind() == "rows"
        _assert_same_tables(network_tables(network), expected)
    finally:
        connection.settings_dict["PORT"] = port
    assert "columnar reader unavailable" in caplog.text


def test_report_sources_read_as_before(small_synthetic):
    network = network_load_synthetic(synthetic=small_synthetic, slug="sources")

    sources = report_sources(network)

    assert sources.people.height == small_synthetic.people.height
    assert sources.people.schema["consents"] == pl.Boolean


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's second connection")
def test_the_columnar_reader_opens_the_test_database():
    """pytest-django renames the database; the second connection must open the renamed one."""
    conninfo = postgres_conninfo(connection)
    assert conninfo is not None
    assert conninfo_to_dict(conninfo)["dbname"] == connection.settings_dict["NAME"]
    assert "test_netweave_" in connection.settings_dict["NAME"]


def _postgres(url: str) -> PostgresWrapper:
    settings = dj_database_url.parse(url)
    settings.setdefault("OPTIONS", {})
    settings |= {"TIME_ZONE": None, "AUTOCOMMIT": True, "CONN_MAX_AGE": 0}
    settings |= {"CONN_HEALTH_CHECKS": False, "ATOMIC_REQUESTS": False, "TEST": {}}
    return PostgresWrapper(settings)


def test_the_postgresql_connection_string_keeps_options_such_as_sslmode():
    wrapper = _postgres("postgres://ann:p%40ss%20w@db.example:5433/net?sslmode=verify-full")
    wrapper.settings_dict["OPTIONS"] |= {
        "server_side_binding": True,  # Django's own options are not libpq's
        "isolation_level": 1,
        "application_name": "netweave",
    }

    conninfo = postgres_conninfo(wrapper)

    assert conninfo is not None
    parts = conninfo_to_dict(conninfo)  # as libpq will read it
    assert parts["dbname"] == "net"
    assert parts["host"] == "db.example"
    assert parts["port"] == "5433"
    assert parts["user"] == "ann"
    assert parts["password"] == "p@ss w"
    assert parts["sslmode"] == "verify-full"
    assert parts["application_name"] == "netweave"
    assert "server_side_binding" not in parts
    assert "isolation_level" not in parts


def test_a_postgresql_connection_that_assumes_a_role_is_read_through_django():
    wrapper = _postgres("postgres://ann@db.example/net")
    wrapper.settings_dict["OPTIONS"]["assume_role"] = "reader"

    assert postgres_conninfo(wrapper) is None


def test_placeholders_become_the_drivers():
    sql = "SELECT a FROM t WHERE b = %s AND c LIKE 'x%%' AND d = %s"

    assert _placeholders(sql) == "SELECT a FROM t WHERE b = $1 AND c LIKE 'x%' AND d = $2"


def _child(request: dict) -> subprocess.CompletedProcess[bytes]:
    """SQLite's reading process run as the process reader runs it (never in this process: its
    copy of SQLite would break the locks of Django's)."""
    return subprocess.run(
        [sys.executable, "-P", "-m", "netweave.reports.sqlite_child"],
        input=json.dumps(request).encode(),
        capture_output=True,
        env=reading._child_environment(),
        check=False,
    )


def test_the_reading_process_reads_a_file_whose_name_means_something_in_a_uri(tmp_path):
    folder = tmp_path / "a ?b#c%20é"
    folder.mkdir()
    path = folder / "x.sqlite3"
    with sqlite3.connect(path) as setup:
        setup.execute("CREATE TABLE t (n INTEGER, s TEXT)")
        setup.executemany("INSERT INTO t VALUES (?, ?)", [(1, "één"), (2, None), (3, "drie")])
    setup.close()

    done = _child(
        {
            "path": str(path),
            "sql": "SELECT n, s FROM t WHERE n >= ? AND s IS NOT ? ORDER BY n",
            "params": [2, None],
            "busy_timeout_ms": 1000,
        }
    )

    assert done.returncode == 0, done.stderr.decode()
    frame = pl.read_ipc(done.stdout)
    assert frame.rows() == [(3, "drie")]


def test_the_reading_process_cannot_write_the_database(tmp_path):
    path = tmp_path / "x.sqlite3"
    with sqlite3.connect(path) as setup:
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute("CREATE TABLE t (n INTEGER)")
        setup.execute("INSERT INTO t VALUES (1)")
    setup.close()
    before = Path(path).read_bytes()

    done = _child(
        {"path": str(path), "sql": "UPDATE t SET n = ?", "params": [2], "busy_timeout_ms": 1000}
    )

    assert done.returncode != 0
    assert b"attempt to write a readonly database" in done.stderr
    check = sqlite3.connect(path)
    assert check.execute("SELECT n FROM t").fetchall() == [(1,)]
    check.close()
    assert Path(path).read_bytes() == before


def test_placeholders_become_sqlites_question_marks():
    sql = "SELECT a FROM t WHERE b = %s AND c LIKE 'x%%' AND d = %s"

    assert _placeholders(sql, qmark=True) == "SELECT a FROM t WHERE b = ? AND c LIKE 'x%' AND d = ?"
