"""Trigram indexes for the name search on PostgreSQL (``networks.selectors._matching``).

The search matches a word anywhere in a first name, last name or organisation name
(``icontains``: ``UPPER(column) LIKE UPPER('%word%')``). A B-tree cannot answer that, so without
these every people page and autocomplete of a 10,000-member network scanned and upper-cased
every person. A GIN index of trigrams on the same ``UPPER(column)`` expression can.

PostgreSQL only (SQLite has no trigram indexes and keeps scanning, which suits its small
installations), and only where ``pg_trgm`` can be created (it is a trusted extension, so a
database owner may). Without it the search works as before, only slower. The indexes are not
declared in the models, so the migration state is the same on every database.
"""

from django.db import DatabaseError, migrations, transaction

INDEXES = {
    "person_first_name_trgm": ("networks_person", "first_name"),
    "person_last_name_trgm": ("networks_person", "last_name"),
    "organisation_name_trgm": ("networks_organisation", "name"),
}


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        return  # no right to create it: the search scans, as it did before
    for name, (table, column) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0004_introduction_preferences"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
