"""The queue's table model: row positions → case ids → row data, fetched lazily page by page.

Holds only the row count, the id pages it has seen and an LRU cache of row data — never the whole
queue. Queries run on the background API's DB worker (``services/queue.py``: indexed SQL); results
carry a generation number so a stale answer (an older filter) is dropped. The countdown column is
computed at paint time from an injectable clock; ``tick()`` repaints only the rows asked for.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from functools import partial
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from ..domain.countdown import Band, band, format_left
from ..domain.fx import to_cny
from ..services.queue import Page, QueueQuery, QueueRow
from .flags import flag_icon, unconfirmed_icon

PAGE = 200
MAX_CACHED_PAGES = 60  # 12,000 rows of data at most

BAND_COLOURS = {  # translucent, so they read on light and dark palettes
    Band.OVERDUE: QColor(220, 53, 69, 90),
    Band.UNDER_6H: QColor(253, 126, 20, 90),
    Band.UNDER_24H: QColor(255, 193, 7, 80),
    Band.ANSWERED: QColor(40, 167, 69, 45),  # the clock stopped: answered
}
HIGH_RISK = 70
_CELL_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable  # computed once: flags() runs per cell
_R = Qt.ItemDataRole
_ROLES = frozenset({_R.DisplayRole, _R.DecorationRole, _R.BackgroundRole, _R.ForegroundRole, _R.TextAlignmentRole,
                    _R.ToolTipRole, _R.UserRole})  # fmt: skip
DEFAULT_TZ = ZoneInfo("Asia/Shanghai")


class QueueBackend(Protocol):
    def queue_page(self, query: QueueQuery, now: datetime, offset: int, limit: int, with_count: bool) -> Page: ...

    # Optional, for refresh_case: ``queue_rows(ids) -> dict[int, QueueRow]`` (services.queue.rows).


class Runner(Protocol):
    def run(self, fn, on_success=None, on_failure=None, *, kind: str = "db"): ...


# (key, sort key in services.queue or None when not sortable)
COLUMNS: list[tuple[str, str | None]] = [
    ("time_left", "deadline"), ("kind", "kind"), ("state", "state"), ("marketplace", "marketplace"),
    ("store", None), ("order", "order"), ("sku", None), ("amount", "amount"), ("cny", "amount"),
    ("reason", None), ("risk", "risk"), ("assignee", None),
]  # fmt: skip
COLUMN = {key: i for i, (key, _) in enumerate(COLUMNS)}


def _unsorted(query: QueueQuery) -> QueueQuery:
    return query.with_(sort="", descending=False)


class QueueModel(QAbstractTableModel):
    """Lazy, id-based table model of the case queue."""

    # A query finished loading: (total rows, milliseconds from request to rows available).
    sig_loaded = Signal(int)
    sig_failed = Signal(object)

    def __init__(
        self,
        runner: Runner,
        parent: QObject | None = None,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        tz: ZoneInfo = DEFAULT_TZ,
        english: bool = False,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._backend: QueueBackend | None = None
        self.clock = clock
        self.tz = tz
        self.english = english
        self.query = QueueQuery()
        self._generation = 0
        self._count = 0
        self._pages: OrderedDict[int, list[int]] = OrderedDict()
        self._rows: dict[int, QueueRow] = {}
        self._pending: set[int] = set()
        self._counted: QueueQuery | None = None  # the filter (sort left out) that ``_count`` was counted for
        self._texts: dict[int, tuple[str, ...]] = {}  # formatted static cells per case id
        self.cny_rates: dict[str, Decimal] | None = None
        self._headers = [
            self.tr("Time left"), self.tr("Type"), self.tr("State"), self.tr("Marketplace"), self.tr("Store"),
            self.tr("Order ID"), self.tr("SKU / ASIN"), self.tr("Amount"), self.tr("≈ CNY"), self.tr("Reason"),
            self.tr("Risk"), self.tr("Assignee"),
        ]  # fmt: skip
        self._unassigned = self.tr("Unassigned")
        self._unconfirmed = self.tr("refund unconfirmed")

    # -- loading --------------------------------------------------------------------------------------
    def set_backend(self, backend: QueueBackend | None) -> None:
        self._backend = backend
        if backend is not None:
            self.set_query(self.query)

    def set_query(self, query: QueueQuery) -> None:
        """Load ``query``: count + first page in the background; the old rows stay until the answer.

        A new sort order of the filter whose count is shown keeps that count (counting 370k open cases
        costs ~90 ms). The count belongs to the filter it was counted for, not to the last one asked for:
        a sort while a new filter's answer is still on its way asks for the count again.
        """
        unsorted = _unsorted(query)
        same_rows = self._counted == unsorted
        self.query = query
        self._generation += 1
        if self._backend is None:
            return
        generation, backend, now = self._generation, self._backend, self.clock()
        self._runner.run(
            lambda: backend.queue_page(query, now, 0, PAGE, not same_rows),
            lambda page: self._on_first_page(generation, unsorted, page),
            self._on_failed,
        )

    def refresh(self) -> None:
        """Data changed underneath: count again and show the first page."""
        self._counted = None
        self.set_query(self.query)

    def refresh_case(self, case_id: int) -> None:
        """One case changed: reload its row only (the other rows, the count and the order stay as they are)."""
        backend = self._backend
        if backend is None or not hasattr(backend, "queue_rows") or self.row_of(case_id) is None:
            return
        generation = self._generation
        self._runner.run(lambda: backend.queue_rows([case_id]), partial(self._on_rows, generation), self._on_failed)

    def _on_rows(self, generation: int, rows: dict[int, QueueRow]) -> None:
        if generation != self._generation:
            return  # the whole queue was reloaded meanwhile
        for case_id, data in rows.items():
            row = self.row_of(case_id)
            if row is None:
                continue
            self._rows[case_id] = data
            self._texts.pop(case_id, None)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def _on_first_page(self, generation: int, unsorted: QueueQuery, page: Page) -> None:
        if generation != self._generation:
            return  # a newer query was asked for meanwhile: its answer brings its own rows and count
        if page.total is None and self._counted != unsorted:
            self.set_query(self.query)  # no count for this filter yet: never show rows under another's
            return
        self.beginResetModel()
        if page.total is not None:
            self._count = page.total
            self._counted = unsorted
        self._pages.clear()
        self._rows.clear()
        self._texts.clear()
        self._pending.clear()
        self._store_page(0, page)
        self.endResetModel()
        self.sig_loaded.emit(self._count)

    def _store_page(self, number: int, page: Page) -> None:
        self._pages[number] = page.ids
        self._rows.update(page.rows)
        while len(self._pages) > MAX_CACHED_PAGES:
            _, old_ids = self._pages.popitem(last=False)
            for case_id in old_ids:
                self._rows.pop(case_id, None)
                self._texts.pop(case_id, None)

    def _request_page(self, number: int) -> None:
        if number in self._pending or self._backend is None:
            return
        self._pending.add(number)
        generation, backend, query, now = self._generation, self._backend, self.query, self.clock()
        self._runner.run(
            lambda: backend.queue_page(query, now, number * PAGE, PAGE, False),
            lambda page: self._on_page(generation, number, page),
            self._on_failed,
        )

    def _on_page(self, generation: int, number: int, page: Page) -> None:
        if generation != self._generation:
            return
        self._pending.discard(number)
        self._store_page(number, page)
        first = number * PAGE
        last = min(self._count, first + len(page.ids)) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def _on_failed(self, exc: BaseException) -> None:
        self._pending.clear()
        self.sig_failed.emit(exc)

    # -- lookups ---------------------------------------------------------------------------------------
    def case_id(self, row: int) -> int | None:
        """The case id at ``row`` if its page is loaded (asks for the page otherwise)."""
        if not 0 <= row < self._count:
            return None
        number = row // PAGE
        ids = self._pages.get(number)
        if ids is None:
            self._request_page(number)
            return None
        offset = row - number * PAGE
        return ids[offset] if offset < len(ids) else None

    def row_of(self, case_id: int) -> int | None:
        """The row of ``case_id`` among the pages loaded so far (None if it is not on one)."""
        for number, ids in self._pages.items():
            if case_id in ids:
                return number * PAGE + ids.index(case_id)
        return None

    def row_data(self, row: int) -> QueueRow | None:
        case_id = self.case_id(row)
        return self._rows.get(case_id) if case_id is not None else None

    def tick(self, first_row: int, last_row: int) -> None:
        """Repaint the countdown cells of rows ``first_row..last_row`` (the visible ones)."""
        last_row = min(last_row, self._count - 1)
        if last_row >= first_row >= 0:
            column = COLUMN["time_left"]
            self.dataChanged.emit(
                self.index(first_row, column),
                self.index(last_row, column),
                [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole],
            )

    # -- Qt model API -----------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._headers[section]
            if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[section][1] is None:
                return self.tr("This column cannot be sorted")
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return _CELL_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A repaint asks ~7 roles of ~300 cells: answer the roles we never use before any lookup.
        if role not in _ROLES or not index.isValid() or not 0 <= index.row() < self._count:
            return None
        row = self.row_data(index.row())
        column = index.column()
        key = COLUMNS[column][0]
        if row is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole and column == 0 else None
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "time_left":
                return self._display(row, key)
            cached = self._texts.get(row.id)
            if cached is None:  # the static columns are formatted once per row, not once per paint
                cached = self._texts[row.id] = tuple(self._display(row, k) for k, _ in COLUMNS)
            return cached[column]
        if role == Qt.ItemDataRole.DecorationRole and key == "marketplace":
            return flag_icon(row.marketplace)
        if role == Qt.ItemDataRole.DecorationRole and key == "state" and row.refund_unconfirmed:
            return unconfirmed_icon()
        if role == Qt.ItemDataRole.BackgroundRole and key == "time_left":
            return BAND_COLOURS.get(band(row.deadline_at, self.clock(), row.responded_at))
        if role == Qt.ItemDataRole.ForegroundRole and key == "risk" and row.risk >= HIGH_RISK:
            return QColor(200, 35, 51)
        if role == Qt.ItemDataRole.TextAlignmentRole and key in ("amount", "cny", "risk", "time_left"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, key)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def _display(self, row: QueueRow, key: str) -> str:
        if key == "time_left":
            if self.english:
                return format_left(row.deadline_at, self.clock(), days_word="d ", overdue_word="overdue",
                                   responded_at=row.responded_at, answered_word="answered", tz=self.tz)  # fmt: skip
            return format_left(row.deadline_at, self.clock(), responded_at=row.responded_at, tz=self.tz)
        if key == "kind":
            return row.kind.label_en if self.english else row.kind.label_zh
        if key == "state":
            label = row.state.label_en if self.english else row.state.label_zh
            return f"{label} · {self._unconfirmed}" if row.refund_unconfirmed else label
        if key == "marketplace":
            return row.marketplace
        if key == "store":
            return row.account
        if key == "order":
            return row.amazon_order_id or "—"
        if key == "sku":
            return " / ".join(x for x in (row.sku, row.asin) if x) or "—"
        if key == "amount":
            return f"{row.currency} {row.amount:,.2f}" if row.currency != "JPY" else f"JPY {row.amount:,.0f}"
        if key == "cny":
            cny = to_cny(row.amount, row.currency, self.cny_rates)
            return f"≈ ¥{cny:,}" if cny is not None else "—"
        if key == "reason":
            return row.reason_text or row.reason_code or "—"
        if key == "risk":
            return str(row.risk)
        if key == "assignee":
            return row.assignee or self._unassigned
        return ""

    def _tooltip(self, row: QueueRow, key: str) -> str | None:
        if key == "time_left" and row.responded_at is not None:
            answered = row.responded_at.astimezone(self.tz).strftime("%Y-%m-%d %H:%M")
            if row.deadline_at is None:
                return self.tr("Answered {local} ({zone}): the clock stopped").format(local=answered, zone=self.tz.key)
            deadline = row.deadline_at.astimezone(self.tz).strftime("%Y-%m-%d %H:%M")
            return self.tr("Answered {local} ({zone}): the clock stopped · deadline was {deadline}").format(
                local=answered, zone=self.tz.key, deadline=deadline
            )
        if key == "time_left" and row.deadline_at is not None:
            local = row.deadline_at.astimezone(self.tz)
            return self.tr("Deadline {local} ({zone}) · {utc} UTC").format(
                local=local.strftime("%Y-%m-%d %H:%M"), zone=self.tz.key, utc=row.deadline_at.strftime("%Y-%m-%d %H:%M")
            )
        if key == "state" and row.refund_unconfirmed:
            return self.tr("A refund of this case is unconfirmed: a manager checks it in Seller Central (case detail)")
        if key == "reason" and row.reason_code:
            return row.reason_code
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        sort_key = COLUMNS[column][1] if 0 <= column < len(COLUMNS) else None
        if sort_key is None:
            return
        self.set_query(self.query.with_(sort=sort_key, descending=order == Qt.SortOrder.DescendingOrder))
