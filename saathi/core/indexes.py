"""Indexes whose best shape differs between SQLite and PostgreSQL."""

from __future__ import annotations

from django.db import models
from django.db.backends.ddl_references import Statement


class SearchTextIndex(models.Index):
    """The index behind ``<text field> LIKE '% key%'`` (word-prefix search), per database.

    PostgreSQL: a trigram GIN index on the last field (needs the pg_trgm extension:
    put ``TrigramExtension()`` in the migration before it), which answers LIKE patterns
    with a leading wildcard without reading every row.

    SQLite has no such index. There it is a B-tree over ``fields`` (the scope and order
    columns of the list, then the text), so counting and paging a search reads this
    index alone - a few MB in order - instead of every row of the table in random order.

    Declared in ``Meta.indexes``, so migrations track it and SQLite's table rebuilds
    recreate it.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            text = model._meta.get_field(self.fields[-1])
            return schema_editor._create_index_sql(
                model,
                fields=[text],
                name=self.name,
                using=" USING gin",
                opclasses=["gin_trgm_ops"],
                db_tablespace=self.db_tablespace,
                **kwargs,
            )
        return super().create_sql(model, schema_editor, using=using, **kwargs)


class PostgresOnlyIndex(models.Index):
    """A B-tree that PostgreSQL's planner needs and SQLite's would misuse.

    Created on PostgreSQL only; on other databases the migration runs an empty
    statement (a comment). SQLite has no statistics unless something runs ANALYZE, so it
    takes an index whose first column has an equality (``archived_at IS NULL``) for a
    selective one, even when the index holds every row.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        return Statement("-- %(name)s: PostgreSQL only", name=self.name)

    def remove_sql(self, model, schema_editor, **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().remove_sql(model, schema_editor, **kwargs)
        return Statement("-- %(name)s: PostgreSQL only", name=self.name)
