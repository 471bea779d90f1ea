"""Background sync in the app: "立即同步" on demand, on a schedule, with cancel and a status-bar summary.

The engine runs on the background API's network pool (never the GUI thread); its per-page progress is
coalesced by ``BackgroundRunner.progress_callback`` into a few GUI updates.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable
from functools import partial
from typing import Protocol

from PySide6.QtCore import QLocale, QObject, Qt, QTime, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow

from .background import BackgroundRunner
from .status_line import ElidingLabel

FOLLOW_UP_SECONDS = 120.0  # Amazon usually has a report ready within a few minutes
DEMO_FOLLOW_UP_SECONDS = 8.0  # the sandbox's reports are ready about 6 s after they are requested
MAX_FOLLOW_UPS = 5

MAX_CHIPS = 4
# report status → (symbol, colour readable on light and dark status bars)
_CHIP = {
    "ok": ("✓", "#2e9d4f"),
    "cancelled": ("■", "#8a8a8a"),
    "needs_reauth": ("⚠", "#d9822b"),
    "error": ("✕", "#d0453b"),
}


class SyncBackend(Protocol):
    def sync(self, progress: Callable[[object], None], cancel: Callable[[], bool]) -> list: ...


class SyncFeature(QObject):
    """Owns the sync actions, the schedule timer and the status-bar label."""

    sig_sync_started = Signal()
    # The list of per-account reports (``sync.engine.AccountReport``) of a finished run.
    sig_sync_finished = Signal(object)
    sig_sync_failed = Signal(object)

    def __init__(
        self,
        window: QMainWindow,
        runner: BackgroundRunner,
        *,
        interval_minutes: int = 15,
        follow_up_seconds: float = FOLLOW_UP_SECONDS,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._runner = runner
        self._backend: SyncBackend | None = None
        self._cancel: threading.Event | None = None
        self._progress = runner.progress_callback(self._on_progress)

        self.sync_now = QAction(self.tr("&Sync Now"), window)
        self.sync_now.setObjectName("action_sync_now")
        self.sync_now.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.sync_now.setEnabled(False)
        self.sync_now.triggered.connect(self.start)
        self.stop = QAction(self.tr("S&top Sync"), window)
        self.stop.setObjectName("action_stop_sync")
        self.stop.setEnabled(False)
        self.stop.triggered.connect(self.cancel)

        self.label = ElidingLabel(self.tr("Not synced yet"))  # "Syncing <store>: n pages…" can be long
        self.label.setObjectName("syncLabel")
        # One chip per store after a sync: "✓ US store · ⚠ EU store" (the detail stays in the tooltip)
        self.accounts_label = QLabel()
        self.accounts_label.setObjectName("syncAccountsLabel")
        self.accounts_label.setTextFormat(Qt.TextFormat.RichText)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.start)
        self.set_interval(interval_minutes)
        # A run that left reports or feeds with Amazon (they take minutes) is followed by one soon after, rather
        # than at the next scheduled sync — a bounded number of times in a row.
        self.follow_up = QTimer(self, singleShot=True)
        self.follow_up.setInterval(round(follow_up_seconds * 1000))
        self.follow_up.timeout.connect(self.start)
        self._follow_ups = 0

    # -- feature protocol -------------------------------------------------------------------------------
    def menu_actions(self) -> list[tuple[str, QAction]]:
        return [("file", self.sync_now), ("file", self.stop)]

    def toolbar_actions(self) -> list[QAction]:
        return [self.sync_now, self.stop]

    # -- state ------------------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._cancel is not None

    def set_interval(self, minutes: int) -> None:
        self.timer.stop()
        if minutes > 0:
            self.timer.start(minutes * 60_000)

    def set_backend(self, backend: SyncBackend | None) -> None:
        self._backend = backend
        self.sync_now.setEnabled(backend is not None and not self.running)

    @Slot()
    def start(self) -> None:
        if self._backend is None or self.running:
            return
        self.follow_up.stop()
        self._cancel = threading.Event()
        self.sync_now.setEnabled(False)
        self.stop.setEnabled(True)
        self.label.setText(self.tr("Syncing…"))
        self.sig_sync_started.emit()
        work = partial(self._backend.sync, self._progress, self._cancel.is_set)
        self._runner.run(work, self._on_finished, self._on_failed, kind="net")

    @Slot()
    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.stop.setEnabled(False)
            self.label.setText(self.tr("Stopping sync…"))

    # -- results (GUI thread) ---------------------------------------------------------------------------
    def _on_progress(self, update) -> None:
        if not self.running:
            return
        self.label.setText(
            self.tr("Syncing {store}: {pages} pages, {events} new events, {cases} new cases").format(
                store=update.account, pages=update.pages, events=update.events_new, cases=update.cases_created
            )
        )

    def _done(self) -> None:
        self._cancel = None
        self.stop.setEnabled(False)
        self.sync_now.setEnabled(self._backend is not None)

    def _on_finished(self, reports: list) -> None:
        self._done()
        time = QLocale().toString(QTime.currentTime(), QLocale.FormatType.ShortFormat)
        problems = [r for r in reports if r.status not in ("ok", "cancelled")]
        if not reports:
            text = self.tr("No stores to sync")
        elif any(r.status == "cancelled" for r in reports):
            text = self.tr("Sync stopped at {time}").format(time=time)
        elif problems:
            text = self.tr("Sync at {time}: {count} store(s) with problems").format(time=time, count=len(problems))
        else:
            text = self.tr("Synced at {time}").format(time=time)
        skewed = [r for r in reports if getattr(r, "clock_skewed", False)]
        if skewed:  # the sync used Amazon's clock; deadlines on screen use the PC's
            minutes = round(abs(skewed[0].clock_offset_seconds) / 60)
            text += " · " + self.tr("This PC's clock is {minutes} min off Amazon's: please correct it").format(
                minutes=minutes
            )
        self.label.setText(text)
        details = "\n".join(self._account_line(r) for r in reports)
        self.label.setToolTip(details)
        self.accounts_label.setText(self._account_chips(reports))
        self.accounts_label.setToolTip(details)
        self._plan_follow_up(reports)
        self.sig_sync_finished.emit(reports)

    def _plan_follow_up(self, reports: list) -> None:
        waiting = any(r.status == "ok" and r.waiting for r in reports)
        if waiting and self._follow_ups < MAX_FOLLOW_UPS and self.follow_up.interval() > 0:
            self._follow_ups += 1
            self.follow_up.start()
        else:
            self._follow_ups = 0

    def _account_chips(self, reports: list) -> str:
        """Per-store state at a glance: the stores that synced fine counted, the others named (at most MAX_CHIPS).

        Three long store names left no room in the status bar at 1120 px; the names are in the tooltip.
        """
        fine = [r for r in reports if r.status == "ok"]
        others = [r for r in reports if r.status != "ok"]
        chips = []
        if fine:
            symbol, colour = _CHIP["ok"]
            count = self.tr("{count} store(s) OK").format(count=len(fine))
            chips.append(f'<span style="color:{colour}">{symbol}</span> {html.escape(count)}')
        for report in others[:MAX_CHIPS]:
            symbol, colour = _CHIP.get(report.status, _CHIP["error"])
            chips.append(f'<span style="color:{colour}">{symbol}</span> {html.escape(report.name)}')
        if len(others) > MAX_CHIPS:
            chips.append(self.tr("+{count} more").format(count=len(others) - MAX_CHIPS))
        return " · ".join(chips)

    def _account_line(self, report) -> str:
        if report.status == "needs_reauth":
            return self.tr("{store}: needs re-authorisation").format(store=report.name)
        if report.status == "error":
            return self.tr("{store}: error – {reason}").format(store=report.name, reason=report.error)
        new = sum(p.result.cases_created for p in report.streams.values())
        return self.tr("{store}: OK, {cases} new cases").format(store=report.name, cases=new)

    def _on_failed(self, exc: BaseException) -> None:
        self._done()
        self.label.setText(self.tr("Sync failed"))
        self.label.setToolTip(str(exc))
        self.sig_sync_failed.emit(exc)
