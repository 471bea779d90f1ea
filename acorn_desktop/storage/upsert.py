"""Dialect-aware "insert unless the natural key exists" for bulk loads (SQLite and PostgreSQL)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite


def insert_ignoring_duplicates(conn, table: sa.Table, rows: list[dict], key: list[str]) -> None:
    """``INSERT … ON CONFLICT (key) DO NOTHING``: rows whose key already exists are skipped, not doubled."""
    if not rows:
        return
    dialect = conn.dialect.name
    if dialect == "postgresql":
        statement = postgresql.insert(table).on_conflict_do_nothing(index_elements=key)
    elif dialect == "sqlite":
        statement = sqlite.insert(table).on_conflict_do_nothing(index_elements=key)
    else:  # pragma: no cover - only the two supported backends exist
        raise NotImplementedError(dialect)
    conn.execute(statement, rows)
