"""``acorn db check``: SQLCipher's HMAC check, SQLite's integrity and foreign-key checks, schema revision."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from . import migrate
from .store import Store


@dataclass
class CheckReport:
    backend: str
    revision: str | None
    head: str
    cipher_version: str | None = None
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems and self.revision == self.head

    def as_json(self) -> dict:
        return {
            "ok": self.ok,
            "backend": self.backend,
            "revision": self.revision,
            "head": self.head,
            "cipher_version": self.cipher_version,
            "problems": self.problems,
            "counts": self.counts,
        }


COUNTED_TABLES = ("seller_accounts", "orders", "cases", "financial_events", "audit_entries")


def check_store(store: Store) -> CheckReport:
    """Run every check; a check that itself fails on damaged pages is reported, not raised."""
    report = CheckReport(store.dialect, store.revision(), migrate.head_revision())
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            report.cipher_version = conn.exec_driver_sql("PRAGMA cipher_version").scalar()
            _sqlite_checks(conn.connection.driver_connection, report)
        for table in COUNTED_TABLES:
            try:
                report.counts[table] = conn.execute(
                    sa.select(sa.func.count()).select_from(sa.table(table))
                ).scalar_one()
            except sa.exc.DatabaseError as exc:
                report.problems.append(f"count {table}: {exc.orig}")
                conn.rollback()
    if report.revision != report.head:
        report.problems.append(f"schema revision {report.revision} != head {report.head}")
    return report


def _sqlite_checks(raw, report: CheckReport) -> None:
    checks = (
        ("cipher", "PRAGMA cipher_integrity_check", lambda row: True),
        ("integrity", "PRAGMA integrity_check", lambda row: row[0] != "ok"),
        ("foreign key", "PRAGMA foreign_key_check", lambda row: True),
    )
    for label, pragma, is_problem in checks:
        try:
            rows = raw.execute(pragma).fetchall()
        except Exception as exc:  # the driver's DatabaseError: the check could not even read the pages
            report.problems.append(f"{label}: {exc}")
            continue
        report.problems.extend(f"{label}: {' '.join(map(str, row))}" for row in rows if is_problem(row))
