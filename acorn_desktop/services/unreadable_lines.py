"""Unreadable report lines (未解析的报告行): lines of an Amazon report that could not be read.

The rest of the report is imported; each such line is kept raw with its report, line number and what is wrong
(a code from ``report_parsers.UNREADABLE_CODES``, rendered by the UI and CLI), so it is never skipped silently.
Reading the same report again keeps each line once. A person looks the line up in Seller Central, deals with it
by hand (a case, a note) and marks it done (已处理): one audited transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..errors import InputError
from ..models import SellerAccount, UnreadableReportLine
from ..models.base import utcnow
from ..storage.upsert import insert_ignoring_duplicates
from . import audit
from .changes import ActorLike, as_actor
from .permissions import Permission, require

PAGE = 500
RAW_LIMIT = 4096  # a line is kept up to this many characters (Amazon's lines are far shorter)


def record_unreadable(session: Session, account_id: int | None, report_type: str, report_ref: str, lines) -> int:
    """Keep the unreadable lines of one report (in the caller's transaction). Returns how many were new."""
    if not lines:
        return 0
    table = UnreadableReportLine.__table__
    digests = [u.row_digest for u in lines]
    known = set(
        session.scalars(
            sa.select(table.c.row_digest).where(
                table.c.account_id.is_(None) if account_id is None else table.c.account_id == account_id,
                table.c.report_type == report_type,
                table.c.row_digest.in_(digests),
            )
        )
    )
    now = utcnow()
    rows = [
        {
            "account_id": account_id,
            "report_type": report_type,
            "report_ref": report_ref[:128],
            "line": u.line,
            "raw": u.raw[:RAW_LIMIT],
            "problem": u.code,
            "column_name": (u.column or None) and u.column[:64],
            "value": (u.value or None) and u.value[:256],
            "row_digest": u.row_digest,
            "found_at": now,
        }
        for u in lines
        if u.row_digest not in known
    ]
    insert_ignoring_duplicates(session.connection(), table, rows, ["account_id", "report_type", "row_digest"])
    return len(rows)


@dataclass(frozen=True)
class UnreadableLineRow:
    id: int
    store: str | None
    report_type: str
    report_ref: str
    line: int
    problem: str
    column: str | None
    value: str | None
    raw: str
    found_at: datetime


class UnreadableLinesServices:
    def __init__(self, store) -> None:
        self.store = store

    def open_lines(self, limit: int = PAGE) -> list[UnreadableLineRow]:
        """Lines not dealt with yet, newest first."""
        line = UnreadableReportLine
        query = (
            sa.select(line, SellerAccount.name)
            .outerjoin(SellerAccount, SellerAccount.id == line.account_id)
            .where(line.resolved_at.is_(None))
            .order_by(line.found_at.desc(), line.id.desc())
            .limit(limit)
        )
        with self.store.reader() as session:
            return [
                UnreadableLineRow(
                    u.id, store, u.report_type, u.report_ref, u.line, u.problem, u.column_name, u.value, u.raw,
                    u.found_at,
                )
                for u, store in session.execute(query)
            ]  # fmt: skip

    def count_open(self) -> int:
        with self.store.reader() as session:
            query = sa.select(sa.func.count()).where(UnreadableReportLine.resolved_at.is_(None))
            return session.scalar(query) or 0

    def resolve(self, actor: ActorLike, line_ids: Sequence[int]) -> list[int]:
        """Mark lines as dealt with (已处理). Returns their ids; refuses ids that do not exist or are done."""
        who = as_actor(actor)
        ids = list(dict.fromkeys(line_ids))
        with self.store.session() as session:
            if who.user_id is not None:
                require(session, who, Permission.HANDLE_CASES)
            lines = session.scalars(sa.select(UnreadableReportLine).where(UnreadableReportLine.id.in_(ids))).all()
            open_ids = {u.id for u in lines if u.resolved_at is None}
            missing = [i for i in ids if i not in open_ids]
            if missing:
                raise InputError(
                    f"报告行 #{missing[0]} 不存在或已处理。",
                    f"Report line #{missing[0]} does not exist or was already dealt with.",
                    hint_zh="请刷新列表。",
                    hint_en="Reload the list.",
                )
            now = utcnow()
            for u in lines:
                u.resolved_at, u.resolved_by = now, who.name[:64]
            session.flush()
            audit.append(
                session,
                actor=who.name,
                action="report_line.resolved",
                summary=f"{len(ids)} report line(s) dealt with",
                payload={"ids": ids},
            )
            return ids
