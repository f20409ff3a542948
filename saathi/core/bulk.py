"""Writing many rows fast: plain tuples, executemany or PostgreSQL's COPY.

Used by the demo seeding and by the services that import large files (a distribution
list of thousands of rows). A service never imports a management command: what both need
lives here."""

from __future__ import annotations

import uuid
from functools import partial

from django.db import connection
from django.utils import timezone

__all__ = ["FastRows"]


class FastRows:
    """Rows for one table, written as plain tuples: executemany, or COPY on PostgreSQL.

    ``bulk_create`` builds a model instance and compiles every value of every row (about
    150 µs a row); 100,000 members are over a million rows. Here the caller gives the
    database-ready values of ``columns`` (encrypted fields already encrypted, foreign keys
    as ids); every other column gets the field's default as a model instance would
    (``uuid4`` per row, ``timezone.now`` and ``auto_now`` as ``now``), and uuid, date and
    datetime values are adapted by the field itself for the database in use.
    """

    _ADAPT = {"UUIDField", "DateField", "DateTimeField"}

    def __init__(self, model, columns: list[str], *, now):
        self.model = model
        self.rows: list[tuple] = []
        given = {name: i for i, name in enumerate(columns)}
        fields = [f for f in model._meta.concrete_fields if f.attname in given or not f.primary_key]
        unknown = set(given) - {f.attname for f in fields}
        if unknown:
            raise ValueError(f"{model.__name__} has no column {sorted(unknown)}")
        self.fields = fields
        self.given = [given.get(f.attname) for f in fields]
        self.fixed: list = []
        self.per_row: list = []
        self.adapt: list = []
        for f in fields:
            adapt = None
            if f.get_internal_type() in self._ADAPT:
                adapt = partial(f.get_db_prep_save, connection=connection)
            self.adapt.append(adapt)
            if f.attname in given:
                self.fixed.append(None)
                self.per_row.append(None)
            elif f.has_default() and f.default is uuid.uuid4:
                self.fixed.append(None)
                self.per_row.append(uuid.uuid4)
            else:
                sets_now = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
                if sets_now or (f.has_default() and f.default is timezone.now):
                    value = now
                else:
                    value = f.get_default()
                self.fixed.append(adapt(value) if adapt and value is not None else value)
                self.per_row.append(None)
        self.plan = list(zip(self.given, self.fixed, self.per_row, self.adapt, strict=True))

    def add(self, *values) -> None:
        row = []
        for i, fixed, make, adapt in self.plan:
            if i is not None:
                v = values[i]
                row.append(adapt(v) if adapt and v is not None else v)
            elif make is not None:
                v = make()
                row.append(adapt(v) if adapt else v)
            else:
                row.append(fixed)
        self.rows.append(tuple(row))

    def write(self) -> None:
        if not self.rows:
            return
        qn = connection.ops.quote_name
        table = qn(self.model._meta.db_table)
        cols = ", ".join(qn(f.column) for f in self.fields)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.fields))
                # names from the model's meta, quoted; values are parameters
                sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(sql, self.rows)
        self.rows = []
