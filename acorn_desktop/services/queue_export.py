"""The queue's rows as an Excel workbook: what a team lead mails round, opened safely by any spreadsheet.

Every row of the view (all matching cases, not only the pages on screen) in the view's order, streamed from
the database into a write-only workbook, so memory stays flat whatever the count. The header row is in the UI
language (the caller passes the texts) and frozen; dates are real Excel date-times in the user's time zone;
amounts are numbers with their currency in the number format, beside a ≈ CNY column; codes are written as the
labels the queue shows. Text cells go through :func:`~acorn_desktop.domain.csv_text.safe_cell` (as every CSV
export does), so a store named ``=HYPERLINK(…)`` is text, never a formula. The file is owner-only (0600)
from its first byte, written to ``.part`` and renamed: a failed or cancelled export leaves nothing behind.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..domain.csv_text import safe_cell
from ..domain.fx import to_cny
from ..errors import InputError
from ..storage.permissions import owner_only_file
from . import audit
from .changes import ActorLike, as_actor
from .queue import QueueQuery, QueueRow, count, matching_rows

log = logging.getLogger(__name__)

# (code, width in characters): the workbook's columns, in order. The header texts come from the caller.
COLUMNS: tuple[tuple[str, int], ...] = (
    ("deadline", 18), ("kind", 14), ("state", 16), ("marketplace", 8), ("store", 22), ("order", 22),
    ("sku", 20), ("asin", 13), ("amount", 14), ("currency", 8), ("cny", 14), ("reason", 28), ("risk", 7),
    ("assignee", 14), ("opened", 18), ("answered", 18),
)  # fmt: skip
DATE_FORMAT = "yyyy-mm-dd hh:mm"
CNY_FORMAT = '"¥"#,##0.00'
PROGRESS_EVERY = 1000


def amount_format(currency: str) -> str:
    """Excel number format showing the currency code as the queue does ("EUR 19.99", "JPY 1,200")."""
    code = "".join(c for c in currency if c.isalnum())[:3] or "?"
    return f'"{code} "#,##0' if code == "JPY" else f'"{code} "#,##0.00'


@dataclass(frozen=True)
class ExportLabels:
    """What the workbook says, in the UI language: header per column code, labels per kind/state code."""

    headers: dict[str, str]
    kinds: dict[str, str]
    states: dict[str, str]
    unassigned: str = "—"
    unconfirmed: str = ""  # appended to the state of a case with a 待确认 refund
    sheet: str = "Queue"


@dataclass(frozen=True)
class ExportResult:
    rows: int
    path: Path
    cancelled: bool = False
    columns: tuple[str, ...] = field(default=tuple(c for c, _ in COLUMNS))


def _local(value: datetime | None, tz: ZoneInfo) -> datetime | None:
    """A naive local date-time (Excel has no time zones); None stays empty."""
    return value.astimezone(tz).replace(tzinfo=None) if value is not None else None


def _values(row: QueueRow, labels: ExportLabels, tz: ZoneInfo, rates) -> dict[str, object]:
    state = labels.states.get(row.state.value, row.state.value)
    if row.refund_unconfirmed and labels.unconfirmed:
        state = f"{state} · {labels.unconfirmed}"
    return {
        "deadline": _local(row.deadline_at, tz),
        "kind": labels.kinds.get(row.kind.value, row.kind.value),
        "state": state,
        "marketplace": row.marketplace,
        "store": row.account,
        "order": row.amazon_order_id or "",
        "sku": row.sku or "",
        "asin": row.asin or "",
        "amount": row.amount,
        "currency": row.currency,
        "cny": to_cny(row.amount, row.currency, rates),
        "reason": row.reason_text or row.reason_code or "",
        "risk": row.risk,
        "assignee": row.assignee or labels.unassigned,
        "opened": _local(row.opened_at, tz),
        "answered": _local(row.responded_at, tz),
    }


def _cell(sheet, code: str, value: object, currency: str) -> object:
    """What goes into the sheet: text made formula-safe, numbers and dates with their number format."""
    if isinstance(value, str):
        return safe_cell(value)  # nothing left starts like a formula: openpyxl stores it as text
    if value is None or code == "risk":
        return value
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime):
        cell.number_format = DATE_FORMAT
    elif code == "amount" and isinstance(value, Decimal):
        cell.number_format = amount_format(currency)
    elif code == "cny" and value is not None:
        cell.number_format = CNY_FORMAT
    return cell


def _discard(sheet) -> None:
    """A cancelled export: end the sheet's stream and remove the rows openpyxl spooled to its temporary file."""
    sheet.close()
    writer = getattr(sheet, "_writer", None)
    if writer is not None:
        writer.cleanup()


def write_xlsx(
    rows,
    path: Path,
    labels: ExportLabels,
    *,
    tz: ZoneInfo,
    cny_rates: dict[str, Decimal] | None = None,
    total: int = 0,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ExportResult:
    """Write ``rows`` (QueueRow, in order) to ``path``; owner-only, atomically. Cancelled: nothing is left."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise InputError(f"导出文件必须以 .xlsx 结尾:{path}", f"The export file must end in .xlsx: {path}")
    book = Workbook(write_only=True)
    sheet = book.create_sheet((labels.sheet or "Queue")[:31])
    sheet.freeze_panes = "A2"
    for index, (_code, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold, centre = Font(bold=True), Alignment(vertical="center")
    header = []
    for code, _width in COLUMNS:
        cell = WriteOnlyCell(sheet, value=safe_cell(labels.headers.get(code, code)))
        cell.font, cell.alignment = bold, centre
        header.append(cell)
    sheet.append(header)
    written = 0
    for row in rows:
        if cancel is not None and written % PROGRESS_EVERY == 0 and cancel():
            _discard(sheet)
            return ExportResult(written, path, cancelled=True)
        values = _values(row, labels, tz, cny_rates)
        sheet.append([_cell(sheet, code, values[code], row.currency) for code, _ in COLUMNS])
        written += 1
        if progress is not None and written % PROGRESS_EVERY == 0:
            progress(written, total)
    tmp = path.with_name(path.name + ".part")
    try:
        with owner_only_file(tmp) as fh:
            book.save(fh)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(
            f"无法写入导出文件 {path}:{exc.strerror or exc}。",
            f"Cannot write the export file {path}: {exc.strerror or exc}.",
            hint_zh="请选择有写入权限的文件夹,并确认文件没有被 Excel 打开。",
            hint_en="Choose a folder you can write to and make sure the file is not open in Excel.",
        ) from None
    if progress is not None:
        progress(written, total)
    return ExportResult(written, path)


class QueueExportServices:
    """``export_xlsx``: the rows of a queue query, from an open store, to a workbook (runs on the DB worker)."""

    def __init__(self, store) -> None:
        self.store = store

    def export_xlsx(
        self,
        actor: ActorLike,
        query: QueueQuery,
        now: datetime,
        path: Path,
        labels: ExportLabels,
        *,
        tz: ZoneInfo,
        cny_rates: dict[str, Decimal] | None = None,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> ExportResult:
        """Query and write in one streamed pass (constant memory); the export is audited, its rows never are."""
        who = as_actor(actor)
        with self.store.reader() as session:
            total = count(session, query, now)
            if progress is not None:
                progress(0, total)
            result = write_xlsx(
                matching_rows(session, query, now), Path(path), labels, tz=tz, cny_rates=cny_rates, total=total,
                progress=progress, cancel=cancel,
            )  # fmt: skip
        if result.cancelled:
            log.info("queue export cancelled after %d rows", result.rows)
            return result
        with self.store.session() as session:
            audit.append(
                session,
                actor=who.name,
                action="queue.exported",
                summary=f"导出工单队列 {result.rows} 行 / case queue exported ({result.rows} rows)",
                payload={"rows": result.rows, "file": result.path.name},
            )
        return result
