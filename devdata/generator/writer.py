"""Bulk writes for the generator: rows are plain dicts keyed by column (attname), ids are assigned here.

On PostgreSQL rows go through ``COPY ... FROM STDIN`` (psycopg ``cursor.copy``), elsewhere through
``executemany`` of one INSERT per table with each value prepared by its model field (``get_db_prep_save``), as
``bulk_create`` would. ``bulk_create`` itself is not used: it would overwrite the historical ``created_at`` and
``updated_at`` of the generated records with "now" (``auto_now``), and building millions of model instances is
slower than the rows themselves. Every save() override of the models involved (``path``, ``search_text``) is
computed by the generator before the row is added.

All writes happen inside the command's single transaction; foreign keys are deferred (Django creates them
``DEFERRABLE INITIALLY DEFERRED``), so the order of flushes does not matter.

The biggest tables (score lines and sheets, millions of rows at national scale) are loaded the way PostgreSQL's
manual recommends for bulk loading: their secondary indexes, unique and foreign-key constraints are dropped before
the first COPY and re-created, with the same names and definitions, before the transaction commits (one index
build and one validating join each instead of millions of index updates and queued row checks). DDL is
transactional in PostgreSQL: if anything fails, the rollback restores them.
"""

import time
from collections import defaultdict

from django.core.management.color import no_style
from django.db import connection

FLUSH_AT = 100_000


class Writer:
    def __init__(self, *, use_copy=None, bulk_load=()):
        self.use_copy = connection.vendor == "postgresql" if use_copy is None else use_copy
        self.bulk_load = set(bulk_load) if self.use_copy else set()
        self._stripped = {}
        self._next = {}
        self._rows = defaultdict(list)
        self._columns = {}
        self._defaults = {}
        self.counts = defaultdict(int)
        self.seconds = defaultdict(float)
        self.models = []

    # ---- ids -------------------------------------------------------------------------------------------------

    def next_id(self, model):
        if model not in self._next:
            table = connection.ops.quote_name(model._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT MAX(id) FROM {table}")  # noqa: S608 - table name from the model
                self._next[model] = (cursor.fetchone()[0] or 0) + 1
            self.models.append(model)
        value = self._next[model]
        self._next[model] = value + 1
        return value

    # ---- rows ------------------------------------------------------------------------------------------------

    def add(self, model, row, *, with_id=True):
        """Queue one row (a dict of column attnames); returns its id."""
        if with_id and "id" not in row:
            row = {"id": self.next_id(model), **row}
        columns = self._columns.get(model)
        if columns is None:
            # Columns the generator does not set (e.g. ``version``) get their field's constant default.
            self._defaults[model] = {
                f.attname: f.get_default()
                for f in model._meta.concrete_fields
                if f.attname not in row and f.has_default() and not callable(f.default)
            }
            columns = self._columns[model] = (*row, *self._defaults[model])
            if model not in self.models:
                self.models.append(model)
        defaults = self._defaults[model]
        self._rows[model].append(tuple(row[c] if c in row else defaults[c] for c in columns))
        if len(self._rows[model]) >= FLUSH_AT:
            self.flush(model)
        return row.get("id")

    def flush(self, model=None):
        models = [model] if model is not None else list(self._rows)
        for m in models:
            rows = self._rows.get(m)
            if not rows:
                continue
            started = time.perf_counter()
            if self.use_copy:
                self._copy(m, rows)
            else:
                self._insert(m, rows)
            self.seconds[m._meta.label] += time.perf_counter() - started
            self.counts[m._meta.label] += len(rows)
            self._rows[m] = []

    def _copy(self, model, rows):
        columns = self._columns[model]
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)

    def _insert(self, model, rows):
        columns = self._columns[model]
        fields = {f.attname: f for f in model._meta.concrete_fields}
        prep = [fields[c] for c in columns]
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - names from the model
        params = [
            [field.get_db_prep_save(value, connection) for field, value in zip(prep, row, strict=True)] for row in rows
        ]
        with connection.cursor() as cursor:
            for start in range(0, len(params), 5000):
                cursor.executemany(sql, params[start : start + 5000])

    # ---- bulk loading (PostgreSQL) ----------------------------------------------------------------------------

    def begin(self):
        """Before the first row: strip the bulk-loaded tables (pending deferred checks are run first: PostgreSQL
        refuses to alter a table with pending trigger events)."""
        if not self.bulk_load:
            return
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for model in self.bulk_load:
            self._strip(model)

    def _strip(self, model):
        """Drop the table's secondary indexes, unique and foreign-key constraints; remember how to rebuild them."""
        table = model._meta.db_table
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype IN ('f', 'u') ORDER BY conname",
                [table],
            )
            constraints = cursor.fetchall()
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
                "AND i.tablename = %s AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
                "WHERE c.conrelid = %s::regclass AND c.conname = i.indexname) ORDER BY i.indexname",
                [table, table],
            )
            indexes = cursor.fetchall()
            for name, _definition in constraints:
                cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
            for name, _definition in indexes:
                cursor.execute(f"DROP INDEX {quote(name)}")
        self._stripped[model] = (constraints, indexes)

    def _restore(self):
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for model, (constraints, indexes) in self._stripped.items():
                table = quote(model._meta.db_table)
                for _name, definition in indexes:
                    cursor.execute(definition)
                for name, definition in constraints:
                    cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
        self._stripped = {}

    def finish(self):
        """Write what is left, rebuild what bulk loading dropped, move the id sequences past the ids used."""
        self.flush()
        self._restore()
        statements = connection.ops.sequence_reset_sql(no_style(), self.models)
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
