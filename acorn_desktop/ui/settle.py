"""Run something once the window has settled: its background loads are done and what they brought is painted.

The demo's first sync starts this way. Started at once, the window's first paint of its data (every visible cell
asks the Python model for several roles, each call taking the GIL) overlapped the sync's threads and froze the GUI
for about 200 ms; started after the first painted frame, a full sync costs the GUI thread no more than idling does.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from .background import BackgroundRunner

QUIET_MS = 50  # nothing left to repaint: no UpdateRequest arrives, so a short quiet spell counts as painted
GIVE_UP_MS = 5_000  # never hold the callback back longer than this


class WhenSettled(QObject):
    """Calls ``callback`` once: after ``runner`` has no pending work and ``window`` has processed one repaint since.

    A paint can ask for more (the lazy queue model fetches rows it has not cached), so after each paint the runner is
    checked again; the callback runs when a paint pass leaves no new work behind — or after ``GIVE_UP_MS``.
    """

    def __init__(self, window: QWidget, runner: BackgroundRunner, callback: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._runner = runner
        self._callback = callback
        self._done = False
        self._quiet = QTimer(self, singleShot=True, interval=QUIET_MS)
        self._quiet.timeout.connect(self._painted)
        QTimer.singleShot(GIVE_UP_MS, self, self._fire)
        runner.sig_busy_changed.connect(self._on_busy)
        window.installEventFilter(self)
        self._on_busy(runner.pending)

    def _on_busy(self, pending: int) -> None:
        if pending:
            self._quiet.stop()
        elif not self._done:
            self._quiet.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The top-level window paints its dirty children when it handles UpdateRequest: run after that.
        if watched is self._window and event.type() == QEvent.Type.UpdateRequest and not self._runner.pending:
            self._quiet.stop()
            QTimer.singleShot(0, self, self._painted)
        return False

    def _painted(self) -> None:
        if not self._runner.pending:
            self._fire()

    def _fire(self) -> None:
        if self._done:
            return
        self._done = True
        self._quiet.stop()
        self._window.removeEventFilter(self)
        self._runner.sig_busy_changed.disconnect(self._on_busy)
        self._callback()
        self.deleteLater()
