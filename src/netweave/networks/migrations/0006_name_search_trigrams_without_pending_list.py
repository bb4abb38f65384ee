"""The name search's trigram indexes (0005) take new entries at once, not in a pending list.

A GIN index normally collects new entries in an unsorted "pending list" that only a VACUUM
(or a full list, 4 MB) moves into the index proper; until then every search reads the whole
list and the planner, seeing its size, prefers to scan and upper-case every person. After a
network was loaded or imported into a PostgreSQL without autovacuum (ours runs without), the
10,000-member people search and autocomplete took 10–15 ms of the database's CPU each instead
of well under one. People and organisations are added a few at a time, so entering each one
directly costs nothing noticeable. The lists the indexes hold already are emptied here.
"""

from django.db import migrations

INDEXES = ("person_first_name_trgm", "person_last_name_trgm", "organisation_name_trgm")


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name in INDEXES:
            cursor.execute("SELECT to_regclass(%s)", [name])
            if cursor.fetchone()[0] is None:
                continue  # no pg_trgm here (0005): the search scans
            cursor.execute(f"ALTER INDEX {name} SET (fastupdate = off)")
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"ALTER INDEX IF EXISTS {name} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0005_name_search_trigrams"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
