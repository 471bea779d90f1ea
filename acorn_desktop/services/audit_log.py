"""Reading the audit log: verify the keyed chain and its head anchor, page through entries, export them.

The chain (:mod:`.audit`) is HMAC-keyed and its head anchor moves with every committed append, so an edited,
deleted or re-hashed entry — the newest ones included — is found; :func:`verify` names each entry that broke.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..domain.csv_text import safe_row
from ..errors import InputError
from ..models import AuditEntry
from . import audit
from .audit import Break
from .changes import ActorLike, as_actor
from .permissions import Permission, require

EXPORT_COLUMNS = (
    "id",
    "at_utc",
    "actor",
    "action",
    "entity_type",
    "entity_id",
    "request_id",
    "payload_digest",
    "summary",
    "prev_hash",
    "entry_hash",
)


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    action: str
    entity_type: str | None
    entity_id: str | None
    request_id: str
    payload_digest: str
    summary: str
    prev_hash: str
    entry_hash: str

    def as_record(self) -> tuple:
        return (
            self.id,
            self.at.astimezone(UTC).isoformat(timespec="seconds"),
            self.actor,
            self.action,
            self.entity_type or "",
            self.entity_id or "",
            self.request_id,
            self.payload_digest,
            self.summary,
            self.prev_hash,
            self.entry_hash,
        )


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What the audit view shows: all fields optional; ``text`` matches summary, actor, action or request id."""

    text: str = ""
    action_prefix: str = ""
    entity_type: str | None = None
    entity_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def apply(self, query: sa.Select) -> sa.Select:
        if self.text.strip():
            like = f"%{self.text.strip()}%"
            query = query.where(
                sa.or_(
                    AuditEntry.summary.like(like),
                    AuditEntry.actor.like(like),
                    AuditEntry.action.like(like),
                    AuditEntry.request_id == self.text.strip(),
                )
            )
        if self.action_prefix:
            query = query.where(AuditEntry.action.startswith(self.action_prefix))
        if self.entity_type:
            query = query.where(AuditEntry.entity_type == self.entity_type)
        if self.entity_id is not None:
            query = query.where(AuditEntry.entity_id == str(self.entity_id))
        if self.since is not None:
            query = query.where(AuditEntry.at >= self.since)
        if self.until is not None:
            query = query.where(AuditEntry.at < self.until)
        return query


@dataclass(frozen=True, slots=True)
class VerifyResult:
    entries: int
    breaks: tuple[Break, ...]  # each entry that broke and how (codes; the CLI and the page word them)
    anchor_id: int | None  # the newest entry the head anchor names (None: no anchor yet)

    @property
    def ok(self) -> bool:
        return not self.breaks

    @property
    def first_bad_id(self) -> int | None:
        return next((b.entry_id for b in self.breaks if b.kind in (audit.CHANGED, audit.MISSING)), None)

    @property
    def truncated(self) -> bool:
        return any(b.kind == audit.TRUNCATED for b in self.breaks)

    def as_json(self) -> dict:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "first_bad_id": self.first_bad_id,
            "truncated": self.truncated,
            "anchor_id": self.anchor_id,
            "breaks": [b.as_json() for b in self.breaks],
        }


def describe_break(b: Break) -> tuple[str, str]:
    """(Chinese, English) wording of one break, naming the entry."""
    if b.kind == audit.CHANGED:
        return (f"第 {b.entry_id} 条记录被修改(内容或签名不符)。", f"entry #{b.entry_id} was changed (content or MAC).")
    if b.kind == audit.MISSING:
        ids = f"#{b.missing_from}–#{b.missing_to}" if b.missing_from is not None else ""
        return (f"第 {b.entry_id} 条之前的记录 {ids} 缺失(被删除)。",
                f"entries {ids} before #{b.entry_id} are missing (deleted).".replace("  ", " "))  # fmt: skip
    if b.kind == audit.TRUNCATED:
        return (f"末尾的记录被删除:最新记录 #{b.entry_id} 已不存在(现存最新为 #{b.last_id})。",
                f"tail truncated: the newest entry #{b.entry_id} is gone (newest left: #{b.last_id}).")  # fmt: skip
    if b.kind == audit.ANCHOR_INVALID:
        return ("审计链头部锚点被改动或损坏。", "the audit head anchor was altered or is damaged.")
    return ("审计链头部锚点缺失(记录存在但无锚点)。", "the audit head anchor is missing (entries exist, no anchor).")


def verify(session: Session, anchor: object = None) -> VerifyResult:
    """Recompute the keyed chain and compare its head with the anchor (``anchor`` is ignored: kept for callers
    from before the anchor moved with every append)."""
    check = audit.verify_chain(session)
    return VerifyResult(check.entries, check.breaks, check.anchor_id)


def _rows(session: Session, query: sa.Select) -> list[AuditRow]:
    return [AuditRow(*r) for r in session.execute(query)]


def _select() -> sa.Select:
    return sa.select(
        AuditEntry.id,
        AuditEntry.at,
        AuditEntry.actor,
        AuditEntry.action,
        AuditEntry.entity_type,
        AuditEntry.entity_id,
        AuditEntry.request_id,
        AuditEntry.payload_digest,
        AuditEntry.summary,
        AuditEntry.prev_hash,
        AuditEntry.entry_hash,
    )


class AuditLogServices:
    """The audit view's use cases on one open store. Reading and exporting need :attr:`Permission.VIEW_AUDIT`."""

    def __init__(self, store, secrets=None) -> None:
        self.store = store
        self.secrets = secrets

    def page(self, actor: ActorLike, flt: AuditFilter, offset: int, limit: int) -> tuple[list[AuditRow], int]:
        """Newest first: one page of entries and the total that match."""
        with self.store.reader() as session:
            require(session, as_actor(actor), Permission.VIEW_AUDIT)
            total = session.scalar(flt.apply(sa.select(sa.func.count()).select_from(AuditEntry))) or 0
            rows = _rows(session, flt.apply(_select()).order_by(AuditEntry.id.desc()).offset(offset).limit(limit))
            return rows, total

    def verify(self, actor: ActorLike) -> VerifyResult:
        with self.store.reader() as session:
            require(session, as_actor(actor), Permission.VIEW_AUDIT)
            return verify(session)

    def export_csv(
        self,
        actor: ActorLike,
        flt: AuditFilter,
        path: Path,
        *,
        progress: Callable[[int, int], None] | None = None,
    ) -> int:
        """Write matching entries (oldest first) to ``path`` as UTF-8 CSV with BOM (opens cleanly in Excel).

        The export itself is audited. Entries carry digests, never payloads, so no secret or PII leaves.
        """
        who = as_actor(actor)
        path = Path(path)
        if path.suffix.lower() != ".csv":
            raise InputError(f"导出文件必须以 .csv 结尾:{path}", f"The export file must end in .csv: {path}")
        with self.store.reader() as session:
            require(session, who, Permission.VIEW_AUDIT)
            total = session.scalar(flt.apply(sa.select(sa.func.count()).select_from(AuditEntry))) or 0
            tmp = path.with_suffix(".csv.part")
            written = 0
            try:
                with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
                    writer = csv.writer(fh)
                    writer.writerow(EXPORT_COLUMNS)
                    result = session.execute(
                        flt.apply(_select()).order_by(AuditEntry.id).execution_options(yield_per=2000)
                    )
                    for row in result:
                        writer.writerow(safe_row(AuditRow(*row).as_record()))  # no formula cells
                        written += 1
                        if progress is not None and written % 2000 == 0:
                            progress(written, total)
                tmp.replace(path)
            except OSError as exc:
                tmp.unlink(missing_ok=True)
                raise InputError(
                    f"无法写入导出文件 {path}:{exc.strerror or exc}。",
                    f"Cannot write the export file {path}: {exc.strerror or exc}.",
                    hint_zh="请选择有写入权限的文件夹,并确认文件没有被 Excel 打开。",
                    hint_en="Choose a folder you can write to and make sure the file is not open in Excel.",
                ) from None
        with self.store.session() as session:
            audit.append(
                session,
                actor=who.name,
                action="audit.exported",
                summary=f"导出审计日志 {written} 条 / audit log exported ({written} entries)",
                payload={"entries": written, "file": path.name, "filter": repr(flt)},
            )
        if progress is not None:
            progress(written, total)
        return written
