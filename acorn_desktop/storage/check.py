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
    report = CheckReport(store.dialect, store.revision(), migrate.head_revision())
    with store.engine.connect() as conn:
        if store.dialect == "sqlite":
            report.cipher_version = conn.exec_driver_sql("PRAGMA cipher_version").scalar()
            for (page_error,) in conn.exec_driver_sql("PRAGMA cipher_integrity_check"):
                report.problems.append(f"cipher: {page_error}")
            for (line,) in conn.exec_driver_sql("PRAGMA integrity_check"):
                if line != "ok":
                    report.problems.append(f"integrity: {line}")
            for row in conn.exec_driver_sql("PRAGMA foreign_key_check"):
                report.problems.append(f"foreign key: table {row[0]} rowid {row[1]} → {row[2]}")
        for table in COUNTED_TABLES:
            report.counts[table] = conn.execute(sa.select(sa.func.count()).select_from(sa.table(table))).scalar_one()
    if report.revision != report.head:
        report.problems.append(f"schema revision {report.revision} != head {report.head}")
    return report
