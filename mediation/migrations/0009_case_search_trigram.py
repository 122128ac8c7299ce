"""Trigram indexes for the all-cases search (issue 13), on PostgreSQL only.

``icontains`` is ``UPPER(col::text) LIKE UPPER('%word%')``: a btree cannot serve it, a pg_trgm GIN
index on the same expression can, Chinese included (in a UTF-8 database every CJK character counts
as a word character). Words of three characters or more use the index; shorter ones scan, as
before. SQLite (the embedded default) scans and needs nothing. The indexes are not in the models'
state: Django cannot express "only on PostgreSQL" there.
"""

from django.db import migrations

INDEXES = {
    "case_request_trgm": "intake_case USING gin (UPPER(request) gin_trgm_ops)",
    "petitioner_name_trgm": "intake_petitioner USING gin (UPPER(name) gin_trgm_ops)",
    "petitioner_phone_trgm": "intake_petitioner USING gin (phone gin_trgm_ops)",
    "petitioner_id_number_trgm": "intake_petitioner USING gin (UPPER(id_number) gin_trgm_ops)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, target in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("mediation", "0008_case_record_to_cases"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
