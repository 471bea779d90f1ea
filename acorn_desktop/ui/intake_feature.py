"""Claim intake in the window: 文件 › 导入… and dropped files, 工单 › 新建工单…, the mailboxes, the unparsed page.

A feature like the others: it owns its actions and pages, the main window only places them. Imports run on
the DB worker with delayed progress (done / total files, cancel between files) and end with a summary
message; mailbox polls run on the network pool on the sync schedule and never touch the GUI thread's time.
Every result that changed cases emits ``sig_cases_changed`` so the window reloads the queue.
"""

from __future__ import annotations

import threading
from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from ..services.changes import Actor
from . import i18n
from .background import BackgroundRunner
from .inbox_page import InboxPage
from .mailbox_dialog import MailboxDialog
from .new_case_dialog import NewCaseDialog
from .progress import run_with_progress
from .report_lines_page import ReportLinesPage

IMPORTABLE = (".eml", ".csv", ".txt", ".tsv", ".msg")


def importable(paths: list[str]) -> list[str]:
    """The dropped paths worth importing: mail and CSV files, and folders (their .eml / .csv files)."""
    return [p for p in paths if Path(p).is_dir() or Path(p).suffix.lower() in IMPORTABLE]


class IntakeFeature(QObject):
    sig_cases_changed = Signal(list)  # case ids an import, poll or manual entry created or updated
    sig_message = Signal(str)  # one line for the status bar
    sig_import_finished = Signal(object)  # the ImportSummary (tests, the demo)
    sig_polled = Signal(object)  # the list of PollResult of a background poll
    sig_open_case = Signal(int)  # show this case (the first one an import opened)

    def __init__(self, window: QMainWindow, runner: BackgroundRunner, *, interval_minutes: int = 15) -> None:
        super().__init__(window)
        self._window = window
        self._runner = runner
        self._backend = None
        self.actor = Actor("gui")
        self._importing = False
        self._polling = False
        self._progress_report = None
        self.page = InboxPage(runner, window)
        self.page.sig_cases_changed.connect(self.sig_cases_changed)
        self.page.sig_message.connect(self.sig_message)
        self.report_lines_page = ReportLinesPage(runner, window)
        self.report_lines_page.sig_message.connect(self.sig_message)
        # replaceable in tests
        self.ask_files = self._ask_files
        self.show_summary = self._show_summary

        self.import_action = QAction(self.tr("&Import Mails, Claims or Reports…"), window)
        self.import_action.setObjectName("action_import")
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.on_import)
        self.new_case_action = QAction(self.tr("&New Case…"), window)
        self.new_case_action.setObjectName("action_new_case")
        self.new_case_action.setShortcut(QKeySequence("Ctrl+N"))
        self.new_case_action.triggered.connect(self.on_new_case)
        self.mailboxes_action = QAction(self.tr("Mail&boxes…"), window)
        self.mailboxes_action.setObjectName("action_mailboxes")
        self.mailboxes_action.triggered.connect(self.on_mailboxes)
        self.unparsed_action = QAction(self.tr("&Unparsed Mails"), window)
        self.unparsed_action.setObjectName("action_unparsed")
        self.unparsed_action.triggered.connect(self.show_page)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.poll)
        self.set_interval(interval_minutes)
        window.setAcceptDrops(True)
        window.installEventFilter(self)
        self._set_enabled()

    # -- feature protocol -------------------------------------------------------------------------------------
    def menu_actions(self) -> list[tuple[str, QAction]]:
        return [("file", self.import_action), ("file", self.mailboxes_action), ("cases", self.new_case_action),
                ("view", self.unparsed_action)]  # fmt: skip

    def toolbar_actions(self) -> list[QAction]:
        return [self.import_action, self.new_case_action]

    def set_backend(self, backend) -> None:
        """``backend`` is the store's ClaimIntakeServices (or None)."""
        self._backend = backend
        self.page.set_backend(backend, self.actor)
        self.report_lines_page.set_backend(backend.unreadable if backend is not None else None, self.actor)
        self._set_enabled()
        if backend is not None:
            QTimer.singleShot(0, self.poll)  # mail that arrived while the app was closed

    def set_actor(self, actor: Actor) -> None:
        self.actor = actor
        self.page.set_backend(self._backend, actor)
        self.report_lines_page.set_backend(self._backend.unreadable if self._backend is not None else None, actor)

    def set_interval(self, minutes: int) -> None:
        self.timer.stop()
        if minutes > 0:
            self.timer.start(minutes * 60_000)

    def _set_enabled(self) -> None:
        ready = self._backend is not None
        for action in (self.import_action, self.new_case_action, self.mailboxes_action):
            action.setEnabled(ready and not (action is self.import_action and self._importing))

    # -- imports ----------------------------------------------------------------------------------------------
    @Slot()
    def on_import(self) -> None:
        paths = self.ask_files()
        if paths:
            self.import_paths(paths)

    def _ask_files(self) -> list[str]:
        files, _ = QFileDialog.getOpenFileNames(
            self._window, self.tr("Import Amazon notification mails, a claims CSV or a returns report"), "",
            self.tr(
                "Mails, claims CSV and returns reports (*.eml *.csv *.txt *.tsv);;Mails (*.eml);;Claims CSV (*.csv);;"
                "Returns reports from Seller Central (*.txt *.tsv);;All files (*)"
            ),
        )  # fmt: skip
        return files

    def import_paths(self, paths: list[str]) -> None:
        """Import files and folders in the background: progress, cancel, then the summary."""
        if self._backend is None or self._importing or not paths:
            return
        self._importing = True
        self._set_enabled()
        cancel = threading.Event()
        holder: dict = {}
        report = self._runner.progress_callback(lambda done, total: holder["p"].set_progress(done, total))
        work = partial(self._backend.imports.import_files, list(paths), self.actor, progress=report,
                       cancel=cancel.is_set)  # fmt: skip
        label = self.tr("Importing {count} file(s)…").format(count=len(paths))
        holder["p"] = run_with_progress(self._runner, work, self._on_imported, self._on_import_failed,
                                        parent=self._window, label=label, cancel=cancel.set)  # fmt: skip

    def _on_imported(self, summary) -> None:
        self._importing = False
        self._set_enabled()
        self.sig_import_finished.emit(summary)
        if summary.case_ids:
            self.sig_cases_changed.emit(list(summary.case_ids))
        if summary.created_case_ids or summary.case_ids:
            self.sig_open_case.emit((summary.created_case_ids or summary.case_ids)[0])
        self.page.reload()
        self.sig_message.emit(self.tr("Import finished: {created} new case(s), {updated} updated, {unparsed} "
                                      "unparsed").format(created=summary.cases_created, updated=summary.cases_updated,
                                                         unparsed=summary.unparsed))  # fmt: skip
        self.show_summary(summary)

    def _show_summary(self, summary) -> None:
        text = summary.text(i18n.current_language())
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Import finished"), text,
                          QMessageBox.StandardButton.Ok, self._window)  # fmt: skip
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if summary.unparsed:
            show = box.addButton(self.tr("Show unparsed mails"), QMessageBox.ButtonRole.ActionRole)
            show.clicked.connect(self.show_page)
        box.open()

    def _on_import_failed(self, exc: BaseException) -> None:
        self._importing = False
        self._set_enabled()
        QMessageBox.warning(self._window, self.tr("Import failed"), i18n.error_text(exc))

    # -- drag and drop ----------------------------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:
        if watched is self._window and event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if self._dropped_paths(event):
                event.acceptProposedAction()
                return True
        elif watched is self._window and event.type() == QEvent.Type.Drop:
            paths = self._dropped_paths(event)
            if paths:
                event.acceptProposedAction()
                self.import_paths(paths)
                return True
        return super().eventFilter(watched, event)

    def _dropped_paths(self, event: QDragEnterEvent | QDropEvent) -> list[str]:
        if self._backend is None or self._importing:
            return []
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return importable([u.toLocalFile() for u in mime.urls() if u.isLocalFile()])

    # -- manual entry, mailboxes, page ------------------------------------------------------------------------
    @Slot()
    def on_new_case(self) -> None:
        if self._backend is None:
            return
        dialog = NewCaseDialog(self._runner, self._backend, self.actor, self._window)
        dialog.sig_created.connect(lambda case_id: self.sig_cases_changed.emit([case_id]))
        dialog.sig_created.connect(
            lambda case_id: self.sig_message.emit(self.tr("Case #{id} created").format(id=case_id))
        )
        dialog.open()

    @Slot()
    def on_mailboxes(self) -> None:
        if self._backend is None:
            return
        dialog = MailboxDialog(self._runner, self._backend, self.actor, self._window)
        dialog.sig_polled.connect(self._on_polled)
        dialog.open()

    @Slot()
    def show_page(self) -> None:
        tabs = getattr(self._window, "tabs", None)
        if tabs is not None:
            tabs.setCurrentWidget(self.page)
        self.page.reload()

    # -- background polling -----------------------------------------------------------------------------------
    @Slot()
    def poll(self) -> None:
        if self._backend is None or self._polling:
            return
        self._polling = True
        self._runner.run(self._backend.mailboxes.poll_all, self._on_polled, self._on_poll_failed, kind="net")

    def _on_polled(self, results) -> None:
        self._polling = False
        ids = [i for r in results for i in r.summary.case_ids]
        if ids:
            self.sig_cases_changed.emit(ids)
        new = sum(r.summary.cases_created for r in results)
        errors = [r for r in results if r.error]
        if new or errors:
            text = self.tr("Mailboxes: {new} new case(s)").format(new=new)
            if errors:
                text += " · " + self.tr("{count} mailbox(es) with errors").format(count=len(errors))
            self.sig_message.emit(text)
        if any(r.summary.unparsed for r in results):
            self.page.reload()
        self.sig_polled.emit(results)

    def _on_poll_failed(self, exc: BaseException) -> None:
        self._polling = False
        self.sig_message.emit(self.tr("Mailbox poll failed: {error}").format(error=i18n.error_text(exc)))
