"""Progress for background work, shown only when the work is slow (Anki's ``progress.py`` rule).

* after 300 ms still running: a busy cursor;
* after 600 ms still running: a modal-less :class:`QProgressDialog` (busy bar or ``done / total``) whose
  Cancel calls the cancel callable you gave (the work must check it and stop; the dialog says "Cancelling…"
  until the work has actually ended);
* when the work ends: timers stop, the cursor comes back, the dialog closes. Nothing ever calls
  ``processEvents()``: the timers and the completion arrive through the event loop.

    progress = run_with_progress(runner, work, on_done, on_error, parent=window,
                                 label=self.tr("Closing 1,200 cases…"), cancel=event.set)
    # or, for a Future you already have:
    progress = DelayedProgress(window, label, cancel=event.set); progress.watch(future)
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget

from .background import BackgroundRunner, Kind

CURSOR_DELAY_MS = 300
DIALOG_DELAY_MS = 600


class DelayedProgress(QObject):
    """Busy cursor after ``cursor_delay`` ms, progress dialog after ``dialog_delay`` ms, until :meth:`finish`."""

    sig_cursor_shown = Signal()
    sig_dialog_shown = Signal()
    sig_cancel_requested = Signal()
    sig_finished = Signal()
    # Internal: a watched Future completed (emitted from the worker; queued to this object's thread).
    _sig_future_done = Signal()

    def __init__(
        self,
        parent: QWidget | None,
        label: str,
        cancel: Callable[[], Any] | None = None,
        *,
        cursor_delay: int = CURSOR_DELAY_MS,
        dialog_delay: int = DIALOG_DELAY_MS,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._label = label
        self._cancel = cancel
        self._range: tuple[int, int] = (0, 0)  # (value, maximum); maximum 0 = busy indicator
        self.dialog: QProgressDialog | None = None
        self.cursor_active = False
        self.running = False
        self.cancel_requested = False
        self._cursor_timer = self._single_shot(cursor_delay, self._show_cursor)
        self._dialog_timer = self._single_shot(dialog_delay, self._show_dialog)
        self._sig_future_done.connect(self.finish, Qt.ConnectionType.QueuedConnection)

    def _single_shot(self, delay: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(delay)
        timer.timeout.connect(slot)
        return timer

    # -- public API ------------------------------------------------------------------------------------------
    def start(self) -> DelayedProgress:
        if not self.running:
            self.running = True
            self._cursor_timer.start()
            self._dialog_timer.start()
        return self

    def watch(self, future: Future) -> DelayedProgress:
        """Start, and :meth:`finish` on the GUI thread when ``future`` completes (however it completes)."""
        self.start()
        future.add_done_callback(lambda _f: self._emit_done())
        return self

    def set_progress(self, done: int, total: int) -> None:
        """``done / total`` (call on the GUI thread, e.g. through ``BackgroundRunner.progress_callback``)."""
        self._range = (max(0, done), max(0, total))
        if self.dialog is not None:
            self._apply_range()

    def set_label(self, text: str) -> None:
        self._label = text
        if self.dialog is not None and not self.cancel_requested:
            self.dialog.setLabelText(text)

    @Slot()
    def finish(self) -> None:
        if not self.running:
            return
        self.running = False
        self._cursor_timer.stop()
        self._dialog_timer.stop()
        if self.cursor_active:
            QApplication.restoreOverrideCursor()
            self.cursor_active = False
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self._on_canceled)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        self.sig_finished.emit()

    @Slot()
    def request_cancel(self) -> None:
        """What Cancel does: call the cancel callable once; the dialog stays until the work has ended."""
        if self.cancel_requested or not self.running or self._cancel is None:
            return
        self.cancel_requested = True
        if self.dialog is not None:
            self.dialog.setLabelText(self.tr("Cancelling…"))
            button = self.dialog.findChild(QPushButton, "progressCancelButton")
            if button is not None:
                button.setEnabled(False)
        self._cancel()
        self.sig_cancel_requested.emit()

    # -- internals -------------------------------------------------------------------------------------------
    def _emit_done(self) -> None:
        with contextlib.suppress(RuntimeError):  # the C++ object is gone (window closed while the work ran)
            self._sig_future_done.emit()

    @Slot()
    def _show_cursor(self) -> None:
        if self.running and not self.cursor_active:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self.cursor_active = True
            self.sig_cursor_shown.emit()

    @Slot()
    def _show_dialog(self) -> None:
        if not self.running or self.dialog is not None:
            return
        dialog = QProgressDialog(self._parent)
        dialog.setObjectName("delayedProgressDialog")
        dialog.setWindowTitle(self.tr("Please wait"))
        dialog.setLabelText(self._label)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        if self._cancel is not None:
            button = QPushButton(self.tr("Cancel"), dialog)
            button.setObjectName("progressCancelButton")
            dialog.setCancelButton(button)
        else:
            dialog.setCancelButton(None)
        # QProgressDialog emits canceled when closed by Esc/the title bar too: route all of it to cancel
        dialog.canceled.connect(self._on_canceled)
        self.dialog = dialog
        self._apply_range()
        dialog.show()
        self.sig_dialog_shown.emit()

    def _apply_range(self) -> None:
        value, maximum = self._range
        self.dialog.setRange(0, maximum)
        if maximum:
            self.dialog.setValue(min(value, maximum))

    @Slot()
    def _on_canceled(self) -> None:
        if self._cancel is None:
            return
        self.request_cancel()
        # QProgressDialog hides itself on cancel (and a close finishes after this slot): show it again right
        # after, so "Cancelling…" stays visible until the work has really ended
        QTimer.singleShot(0, self, self._reshow)

    @Slot()
    def _reshow(self) -> None:
        if self.running and self.dialog is not None:
            self.dialog.show()


def run_with_progress(
    runner: BackgroundRunner,
    fn: Callable[[], Any],
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    *,
    parent: QWidget | None,
    label: str,
    cancel: Callable[[], Any] | None = None,
    kind: Kind = "db",
    cursor_delay: int = CURSOR_DELAY_MS,
    dialog_delay: int = DIALOG_DELAY_MS,
) -> DelayedProgress:
    """``runner.run(fn, …)`` with delayed progress; the progress ends before ``on_success``/``on_failure`` run."""
    progress = DelayedProgress(parent, label, cancel, cursor_delay=cursor_delay, dialog_delay=dialog_delay)

    def succeeded(result: Any) -> None:
        progress.finish()
        if on_success is not None:
            on_success(result)

    def failed(exc: BaseException) -> None:
        progress.finish()
        if on_failure is not None:
            on_failure(exc)
        else:
            sys.excepthook(type(exc), exc, exc.__traceback__)

    progress.start()
    future = runner.run(fn, succeeded, failed, kind=kind)
    # A shut-down runner drops deliveries (and a cancelled queued task never delivers): end it anyway.
    future.add_done_callback(lambda f: progress._emit_done() if f.cancelled() else None)
    return progress
