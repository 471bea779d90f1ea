"""The last line of defence: log every unhandled exception and show it, redacted, on the GUI thread.

``sys.excepthook`` and ``threading.excepthook`` both land in :class:`ExceptionReporter`; whatever thread
raised, the dialog is shown from a queued signal, i.e. on the GUI thread, after the current event.
Known errors (:class:`~acorn_desktop.errors.AcornError`) show their bilingual message, not a traceback.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

from ..errors import AcornError
from ..logging_setup import redact
from . import i18n

log = logging.getLogger(__name__)

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def describe(exc: BaseException, lang: str | None = None) -> tuple[str, str]:
    """(message, details) for a person: both redacted; details is the traceback (empty for AcornError)."""
    lang = lang or i18n.current_language()
    if isinstance(exc, AcornError):
        return redact(exc.text(lang)), ""
    message = redact(f"{type(exc).__name__}: {exc}")
    details = redact("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    return message, details


def show_error(message: str, details: str = "", parent=None) -> None:
    """A modal error box (translated buttons come from qtbase_zh_CN.qm)."""
    box = QMessageBox(parent or QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("ErrorDialog", "ACORN-i: error"))
    box.setText(message)
    if details:
        box.setInformativeText(
            QCoreApplication.translate("ErrorDialog", "The details have been written to the log file.")
        )
        box.setDetailedText(details)
    box.exec()


class ExceptionReporter(QObject):
    """Install with :meth:`install`; ``present(message, details)`` runs on the GUI thread for each error."""

    sig_error = Signal(str, str)

    def __init__(self, present: Callable[[str, str], None] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._present = present or show_error
        self._previous: tuple | None = None
        self._showing = False
        self.sig_error.connect(self._on_error, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.excepthook
        threading.excepthook = self._thread_excepthook

    def uninstall(self) -> None:
        if self._previous:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None

    def excepthook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if exc.__traceback__ is None and tb is not None:
            exc = exc.with_traceback(tb)
        log.error("unhandled exception", exc_info=(exc_type, exc, tb))  # the log filter redacts it
        message, details = describe(exc)
        try:
            self.sig_error.emit(message, details)
        except RuntimeError:  # reporter already deleted (app quitting): stderr is all that is left
            sys.stderr.write(message + "\n")

    def _thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.excepthook(args.exc_type, args.exc_value, args.exc_traceback)

    @Slot(str, str)
    def _on_error(self, message: str, details: str) -> None:
        if self._showing:  # one dialog at a time; the rest are in the log
            return
        self._showing = True
        try:
            self._present(message, details)
        finally:
            self._showing = False
