"""Reading the audit log: verify the chain (with a tail anchor), page through entries, export them.

The hash chain (:mod:`.audit`) catches an edited, inserted or deleted entry anywhere before the newest one. What a
chain alone cannot see is the newest entries being cut off. So :func:`verify` also checks a **head anchor** kept
outside the database, in the OS keyring next to the database key: the id, hash and count of the newest entry the
last verification saw. If that entry is gone or changed, entries were removed from the end. Each successful
verification moves the anchor to the current head.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..errors import InputError
from ..models import AuditEntry
from . import audit
from .audit import verify_chain
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
    first_bad_id: int | None
    truncated: bool  # the anchored head entry is missing or changed: entries were cut off the end
    anchor_id: int | None  # the head entry recorded by the previous verification (None: first verification)

    @property
    def ok(self) -> bool:
        return self.first_bad_id is None and not self.truncated

    def as_json(self) -> dict:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "first_bad_id": self.first_bad_id,
            "truncated": self.truncated,
            "anchor_id": self.anchor_id,
        }


class HeadAnchor:
    """The newest verified entry, kept in the keyring (a :class:`~acorn_desktop.storage.secrets.SecretStore`)."""

    def __init__(self, secrets, store_identity: str) -> None:
        self.secrets = secrets
        self.name = f"audit-head:{store_identity}"

    def load(self) -> tuple[int, str, int] | None:
        raw = self.secrets.get(self.name)
        if not raw:
            return None
        try:
            entry_id, entry_hash, count = raw.split(":")
            return int(entry_id), entry_hash, int(count)
        except ValueError:
            return None

    def save(self, entry_id: int, entry_hash: str, count: int) -> None:
        self.secrets.set(self.name, f"{entry_id}:{entry_hash}:{count}")


def store_identity(store) -> str:
    """A stable name for the store: its manifest id (local file) or a digest of the server address (team mode)."""
    if store.manifest is not None:
        return store.manifest.store_id
    url = store.engine.url.set(password=None).render_as_string(hide_password=True)
    return "team-" + hashlib.sha256(url.encode()).hexdigest()[:16]


def verify(session: Session, anchor: HeadAnchor | None = None) -> VerifyResult:
    """Recompute the chain and compare the head with the anchor; move the anchor forward when all is well."""
    check = verify_chain(session)
    truncated = False
    anchor_id = None
    if anchor is not None:
        saved = anchor.load()
        if saved is not None:
            anchor_id, anchor_hash, anchor_count = saved
            stored = session.scalar(sa.select(AuditEntry.entry_hash).where(AuditEntry.id == anchor_id))
            truncated = stored != anchor_hash or check.entries < anchor_count
    result = VerifyResult(check.entries, check.first_bad_id, truncated, anchor_id)
    if anchor is not None and result.ok and check.entries:
        head_id, head_hash = session.execute(
            sa.select(AuditEntry.id, AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).limit(1)
        ).one()
        anchor.save(head_id, head_hash, check.entries)
    return result


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

    def _anchor(self) -> HeadAnchor | None:
        return HeadAnchor(self.secrets, store_identity(self.store)) if self.secrets is not None else None

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
            return verify(session, self._anchor())

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
                        writer.writerow(AuditRow(*row).as_record())
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
