"""The audit log page: newest entries first, loaded page by page off the GUI thread; search, verify, export CSV.

The model holds only the rows fetched so far (``canFetchMore``/``fetchMore`` ask the backend for the next page in
the background), so a log of millions of entries opens as fast as one of ten.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..services.audit_log import AuditFilter, AuditRow, VerifyResult, describe_break
from .audit_labels import action_label, entity_label
from .background import BackgroundRunner
from .i18n import error_text, is_chinese
from .progress import run_with_progress

PAGE_SIZE = 200
SEARCH_DELAY_MS = 300
_Index = QModelIndex | QPersistentModelIndex


class AuditBackend(Protocol):
    """The audit use cases bound to the logged-in user (see services/audit_log.AuditLogServices)."""

    def page(self, flt: AuditFilter, offset: int, limit: int) -> tuple[list[AuditRow], int]: ...
    def verify(self) -> VerifyResult: ...
    def export_csv(self, flt: AuditFilter, path: Path, progress=None) -> int: ...


class AuditModel(QAbstractTableModel):
    """Audit entries, newest first; the next page is fetched in the background when the view scrolls near it."""

    sig_loaded = Signal(int)  # total entries matching the filter (after the first page arrived)
    sig_failed = Signal(str)

    def __init__(self, runner: BackgroundRunner, parent=None, *, time_zone: str = "Asia/Shanghai") -> None:
        super().__init__(parent)
        self._runner = runner
        self._backend: AuditBackend | None = None
        self._rows: list[AuditRow] = []
        self._total = 0
        self._filter = AuditFilter()
        self._generation = 0  # answers to an older filter are dropped
        self._fetching = False
        self.tz = ZoneInfo(time_zone)
        self._headers = [
            self.tr("Time"),
            self.tr("Actor"),
            self.tr("Action"),
            self.tr("Object"),
            self.tr("Summary"),
            self.tr("Request ID"),
            self.tr("Entry hash"),
        ]

    # -- loading -----------------------------------------------------------------------------------------------
    def set_backend(self, backend: AuditBackend | None) -> None:
        self._backend = backend
        self.reload()

    def set_filter(self, flt: AuditFilter) -> None:
        self._filter = flt
        self.reload()

    @property
    def total(self) -> int:
        return self._total

    def reload(self) -> None:
        self._generation += 1
        self.beginResetModel()
        self._rows, self._total, self._fetching = [], 0, False
        self.endResetModel()
        if self._backend is not None:
            self._fetch(first=True)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._fetching and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._fetch(first=False)

    def _fetch(self, *, first: bool) -> None:
        backend, flt, offset, generation = self._backend, self._filter, len(self._rows), self._generation
        self._fetching = True
        self._runner.run(
            lambda: backend.page(flt, offset, PAGE_SIZE),
            lambda result: self._on_page(generation, first, result),
            lambda exc: self._on_failed(generation, exc),
        )

    def _on_page(self, generation: int, first: bool, result: tuple[list[AuditRow], int]) -> None:
        if generation != self._generation:
            return
        rows, total = result
        self._fetching = False
        self._total = total
        if rows:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        if first:
            self.sig_loaded.emit(total)

    def _on_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        self.sig_failed.emit(error_text(exc))

    # -- Qt model ----------------------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def row(self, index: int) -> AuditRow:
        return self._rows[index]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        r = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return r.at.astimezone(self.tz).strftime("%Y-%m-%d %H:%M:%S")
            if column == 1:
                return r.actor
            if column == 2:
                return action_label(r.action)
            if column == 3:
                return entity_label(r.entity_type, r.entity_id)
            if column == 4:
                return r.summary
            if column == 5:
                return r.request_id
            if column == 6:
                return r.entry_hash[:16] + "…"
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0:
                return r.at.isoformat(timespec="seconds") + " UTC"
            if column == 2:
                return r.action
            if column == 3 and r.entity_type:
                return f"{r.entity_type} #{r.entity_id}"
            if column == 4:
                return r.summary
            if column == 6:
                return self.tr("Entry {hash}\nPrevious {prev}\nPayload digest {digest}").format(
                    hash=r.entry_hash, prev=r.prev_hash, digest=r.payload_digest
                )
        return None


class AuditPage(QWidget):
    """Search box, Verify and Export buttons over the audit table."""

    sig_verified = Signal(object)  # VerifyResult
    sig_exported = Signal(int)  # entries written

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None = None, *, time_zone: str = "Asia/Shanghai"):
        super().__init__(parent)
        self.setObjectName("auditPage")
        self._runner = runner
        self._backend: AuditBackend | None = None
        self.model = AuditModel(runner, self, time_zone=time_zone)

        self.search = QLineEdit(self)
        self.search.setObjectName("auditSearch")
        self.search.setPlaceholderText(self.tr("Search summary, actor, action or request ID"))
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(self._search_timer.start)
        self.verify_button = QPushButton(self.tr("Verify chain"), self)
        self.verify_button.setObjectName("auditVerify")
        self.verify_button.setToolTip(self.tr("Recompute every hash: finds any edited, inserted or deleted entry"))
        self.verify_button.clicked.connect(self.verify)
        self.export_button = QPushButton(self.tr("Export CSV…"), self)
        self.export_button.setObjectName("auditExport")
        self.export_button.clicked.connect(self._choose_export_file)
        self.status = QLabel(self)
        self.status.setObjectName("auditStatus")
        self.status.setWordWrap(True)

        self.table = QTableView(self)
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.verify_button)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.model.sig_loaded.connect(self._on_loaded)
        self.model.sig_failed.connect(self.status.setText)
        self._set_enabled(False)

    def set_backend(self, backend: AuditBackend | None) -> None:
        self._backend = backend
        self._set_enabled(backend is not None)
        if backend is None:
            self.status.setText(self.tr("Only managers, finance and administrators may see the audit log."))
        self.model.set_backend(backend)

    def refresh(self) -> None:
        """Something was written: show it now if the page is on screen (it reloads whenever it is shown)."""
        if self._backend is not None and self.isVisible():
            self.model.reload()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._backend is not None:
            self.model.reload()

    def _set_enabled(self, on: bool) -> None:
        for widget in (self.search, self.verify_button, self.export_button, self.table):
            widget.setEnabled(on)

    def _apply_search(self) -> None:
        self.model.set_filter(AuditFilter(text=self.search.text()))

    def _on_loaded(self, total: int) -> None:
        for column in (0, 1, 2, 3):  # time, actor, action, object: as wide as their first page needs, never cut
            self.table.resizeColumnToContents(column)
        self.status.setText(self.tr("{count} entries").format(count=f"{total:,}"))

    # -- verify and export -------------------------------------------------------------------------------------
    def verify(self) -> None:
        if self._backend is None:
            return
        backend = self._backend
        self.verify_button.setEnabled(False)
        run_with_progress(
            self._runner,
            backend.verify,
            self._on_verified,
            self._on_error,
            parent=self,
            label=self.tr("Verifying the audit log…"),
        )

    def _on_verified(self, result: VerifyResult) -> None:
        self.verify_button.setEnabled(True)
        if result.ok:
            text = self.tr("Audit log intact: {count} entries, hash chain unbroken.").format(
                count=f"{result.entries:,}"
            )
        elif result.first_bad_id is not None:
            text = self.tr(
                "Tampering found: entry {id} was edited or inserted, or the entry before it was deleted. "
                "Restore a backup and tell an administrator."
            ).format(id=result.first_bad_id)
        else:
            text = self.tr(
                "Entries were removed from the end of the log (entry {id}, the newest at the last check, "
                "is gone or changed). Restore a backup and tell an administrator."
            ).format(id=result.anchor_id)
        if not result.ok:  # which entry broke, and how
            text += "\n" + "\n".join(describe_break(b)[0 if is_chinese() else 1] for b in result.breaks[:10])
        self.status.setProperty("role", "ok" if result.ok else "error")
        self.status.setText(text)
        self.sig_verified.emit(result)

    def _choose_export_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export audit log"), "audit-log.csv", self.tr("CSV files (*.csv)")
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        if self._backend is None:
            return
        backend, flt = self._backend, AuditFilter(text=self.search.text())
        self.export_button.setEnabled(False)
        run_with_progress(
            self._runner,
            lambda: backend.export_csv(flt, path),
            self._on_exported,
            self._on_error,
            parent=self,
            label=self.tr("Exporting the audit log…"),
        )

    def _on_exported(self, written: int) -> None:
        self.export_button.setEnabled(True)
        self.status.setProperty("role", "ok")
        self.status.setText(self.tr("Exported {count} entries.").format(count=f"{written:,}"))
        self.sig_exported.emit(written)
        self.model.reload()  # the export is itself an audit entry

    def _on_error(self, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        self.export_button.setEnabled(True)
        self.status.setProperty("role", "error")
        self.status.setText(error_text(exc))
