"""文件 › 导出为 Excel… (Ctrl+E): the rows of the queue view on screen — all of them — to an xlsx workbook.

The file is chosen on the GUI thread; the query and the writing run on the DB worker in one streamed pass
(``services.queue_export``), with the app's delayed progress dialog and its Cancel. The workbook speaks the UI
language: its header and labels are the queue's own texts, passed to the service as plain strings.
"""

from __future__ import annotations

import threading
from datetime import datetime
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, QStandardPaths, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from ..domain.cases import CaseKind, CaseState
from ..services.changes import Actor
from ..services.queue_export import ExportLabels, ExportResult
from . import i18n
from .background import BackgroundRunner
from .progress import run_with_progress
from .settings import Settings


class QueueExportFeature(QObject):
    """Owns the export action; ``ask_path`` (the save dialog) may be replaced, e.g. by a test."""

    sig_exported = Signal(object)  # ExportResult, also when cancelled
    sig_failed = Signal(object)
    sig_message = Signal(str)

    def __init__(self, window: QMainWindow, runner: BackgroundRunner, queue_view, settings: Settings) -> None:
        super().__init__(window)
        self._window = window
        self._runner = runner
        self._view = queue_view
        self._settings = settings
        self._services = None
        self._running = False
        self.actor = Actor("gui")
        self.progress = None
        self.ask_path = self._ask_path
        self.action = QAction(self.tr("&Export to Excel…"), window)
        self.action.setObjectName("action_export_xlsx")
        self.action.setShortcut(QKeySequence("Ctrl+E"))
        self.action.setToolTip(self.tr("Every case of the current view, with its filters and sort, as an xlsx file"))
        self.action.triggered.connect(self.on_export)
        self._set_enabled()

    def menu_actions(self) -> list[tuple[str, QAction]]:
        return [("file", self.action)]

    def set_backend(self, services) -> None:
        """``StoreBackend.queue_export`` (None: no store open)."""
        self._services = services
        self._set_enabled()

    def _set_enabled(self) -> None:
        self.action.setEnabled(self._services is not None and not self._running)

    # -- the export -------------------------------------------------------------------------------------------
    @Slot()
    def on_export(self) -> None:
        if self._services is None or self._running:
            return
        path = self.ask_path()
        if path:
            path = Path(path)
            self.export_to(path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx"))

    def _ask_path(self) -> str:
        folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or ".")
        stem = self.tr("case-queue")  # the suggested file name, in the UI language
        suggested = folder / f"{stem}-{datetime.now():%Y%m%d-%H%M}.xlsx"
        path, _filter = QFileDialog.getSaveFileName(
            self._window, self.tr("Export to Excel"), str(suggested), self.tr("Excel workbooks (*.xlsx)")
        )
        return path

    def export_to(self, path: Path) -> None:
        """Write every row of the view now shown (its filters and sort) to ``path``, in the background."""
        if self._services is None or self._running:
            return
        model = self._view.model
        cancel = threading.Event()
        holder: dict = {}
        report = self._runner.progress_callback(lambda done, total: holder["p"].set_progress(done, total))
        work = partial(self._services.export_xlsx, self.actor, model.query, model.clock(), Path(path), self.labels(),
                       tz=ZoneInfo(self._settings.time_zone), cny_rates=model.cny_rates, progress=report,
                       cancel=cancel.is_set)  # fmt: skip
        self._running = True
        self._set_enabled()
        holder["p"] = self.progress = run_with_progress(
            self._runner, work, self._on_done, self._on_failed, parent=self._window,
            label=self.tr("Exporting the case queue…"), cancel=cancel.set,
        )  # fmt: skip

    def labels(self) -> ExportLabels:
        """The workbook's texts in the UI language (the queue's column titles and labels)."""
        english = self._view.model.english
        headers = {
            "deadline": self.tr("Deadline"), "kind": self.tr("Type"), "state": self.tr("State"),
            "marketplace": self.tr("Marketplace"), "store": self.tr("Store"), "order": self.tr("Order ID"),
            "sku": self.tr("SKU"), "asin": self.tr("ASIN"), "amount": self.tr("Amount"),
            "currency": self.tr("Currency"), "cny": self.tr("≈ CNY"), "reason": self.tr("Reason"),
            "risk": self.tr("Risk"), "assignee": self.tr("Assignee"), "opened": self.tr("Opened"),
            "answered": self.tr("Answered"),
        }  # fmt: skip
        return ExportLabels(
            headers=headers,
            kinds={k.value: k.label_en if english else k.label_zh for k in CaseKind},
            states={s.value: s.label_en if english else s.label_zh for s in CaseState},
            unassigned=self.tr("Unassigned"),
            unconfirmed=self.tr("refund unconfirmed"),
            sheet=self.tr("Case queue"),
        )

    def _on_done(self, result: ExportResult) -> None:
        self._running = False
        self._set_enabled()
        if result.cancelled:
            self.sig_message.emit(self.tr("Export cancelled: no file was written."))
        else:
            self.sig_message.emit(
                self.tr("Exported {count} cases to {file}.").format(count=f"{result.rows:,}", file=result.path.name)
            )
        self.sig_exported.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        self._running = False
        self._set_enabled()
        self.sig_failed.emit(exc)
        QMessageBox.warning(self._window, self.tr("Export failed"), i18n.error_text(exc))
