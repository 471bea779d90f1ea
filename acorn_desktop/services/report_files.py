"""Returns reports downloaded from Seller Central, dropped on the window or given to ``acorn import``.

The same readers as the sync (``formats/report_parsers.py``): MFN returns (``GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE``
as Seller Central exports it) and FBA customer returns, recognised by their header line, not by the file name.
A line that cannot be read lands on 未解析的报告行 (the rest imports); the same file twice changes nothing.

A downloaded report does not say which store it belongs to: the store is the one given, else the one whose
orders the report names, else the only store there is; otherwise a Chinese error asks for ``--store``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from ..errors import InputError
from ..formats.report_parsers import FBA_RETURNS, MFN_RETURNS, read_fba_returns, read_mfn_returns
from ..models import Order, SellerAccount
from ..models.base import utcnow
from . import audit
from .changes import ActorLike, as_actor
from .report_intake import ingest_fba_returns, ingest_mfn_returns
from .unreadable_lines import record_unreadable

MAX_REPORT_BYTES = 200 * 1024 * 1024
_MFN_MARKERS = ("Amazon RMA ID", "Return request date")
_FBA_MARKERS = ("license-plate-number", "detailed-disposition")


def report_type_of(head: bytes) -> str | None:
    """The returns report a file holds, from its header line (``None``: not a returns report)."""
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", errors="replace")
    columns = {c.strip().strip('"') for c in first.split("\t")}
    if all(m in columns for m in _MFN_MARKERS):
        return MFN_RETURNS
    if all(m in columns for m in _FBA_MARKERS):
        return FBA_RETURNS
    return None


@dataclass
class ReportFileResult:
    report_type: str
    store: str
    rows: int = 0
    unreadable: int = 0
    cases_created: int = 0
    cases_updated: int = 0
    case_ids: list[int] = field(default_factory=list)


def _account_for(session, order_ids: list[str], account_id: int | None, name: str) -> SellerAccount:
    if account_id is not None:
        account = session.get(SellerAccount, account_id)
        if account is None:
            raise InputError(f"找不到店铺 #{account_id}。", f"Store #{account_id} does not exist.")
        return account
    owners = Counter(session.scalars(sa.select(Order.account_id).where(Order.amazon_order_id.in_(order_ids[:5000]))))
    if len(owners) == 1:
        return session.get(SellerAccount, next(iter(owners)))
    accounts = session.scalars(sa.select(SellerAccount)).all()
    if not owners and len(accounts) == 1:
        return accounts[0]
    raise InputError(
        f"无法确定报告文件 {name} 属于哪个店铺"
        + ("(报告中的订单属于多个店铺)" if owners else "(报告中的订单都不认识)")
        + "。",
        f"Cannot tell which store the report {name} belongs to"
        + (" (its orders belong to several stores)." if owners else " (none of its orders is known)."),
        hint_zh="请在命令行用 --store 店铺名 指定店铺,或先同步该店铺的订单后再导入。",
        hint_en="Name the store with --store NAME, or sync the store's orders first.",
    )


def import_returns_report(
    store, path: Path | str, actor: ActorLike, *, account_id: int | None = None, data: bytes | None = None
) -> ReportFileResult:
    """Import one returns report file in one transaction (audited). Raises InputError naming the file."""
    path = Path(path)
    who = as_actor(actor)
    if data is None:
        try:
            if path.stat().st_size > MAX_REPORT_BYTES:
                raise InputError(f"文件太大:{path.name}", f"The file is too large: {path.name}")
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(
                f"无法读取文件:{path.name}({exc.strerror or exc})", f"Cannot read {path.name} ({exc.strerror or exc})"
            ) from exc
    report_type = report_type_of(data[:65536])
    if report_type is None:
        raise InputError(
            f"{path.name} 不是退货报告(第 1 行不是亚马逊退货报告的表头)。",
            f"{path.name} is not a returns report (line 1 is not an Amazon returns report header).",
        )
    reader = read_mfn_returns if report_type == MFN_RETURNS else read_fba_returns
    read = reader(data, report=path.name)
    with store.session() as session:
        account = _account_for(session, [r.amazon_order_id for r in read.rows], account_id, path.name)
        ingest = ingest_mfn_returns if report_type == MFN_RETURNS else ingest_fba_returns
        intake = ingest(session, account, read.rows, seen_at=utcnow())
        kept = record_unreadable(session, account.id, report_type, path.name, read.unreadable)
        audit.append(
            session,
            actor=who.name,
            action="import.returns_report",
            summary=f"{account.name}: {path.name} ({report_type}): {len(read.rows)} rows, "
            f"{len(read.unreadable)} unreadable",
            payload={
                "file": path.name,
                "report_type": report_type,
                "rows": len(read.rows),
                "unreadable_lines": [u.line for u in read.unreadable],
                "unreadable_new": kept,
            },
            entity_type="seller_account",
            entity_id=account.id,
        )
        return ReportFileResult(
            report_type,
            account.name,
            len(read.rows),
            len(read.unreadable),
            intake.cases_created,
            intake.cases_updated,
            sorted(intake.case_ids),
        )
