"""Deadline alerts in the system tray: one grouped balloon per check, a click opens the most urgent case.

Every ``interval`` (default one minute) the tray asks the backend (``services.alerts.DeadlineAlerts``, on the
DB worker) for open cases whose deadline falls within one of the configured lead times and that were not yet
announced for that window, and shows ONE message for all of them:

    3 个工单将在 6 小时内到期
    1 个工单将在 1 小时内到期

Clicking the message emits ``sig_open_case(case_id)`` with the most urgent case. Where the platform has no
tray (``QSystemTrayIcon.isSystemTrayAvailable()`` is false, e.g. offscreen or some Linux desktops) nothing is
shown, but the checks still run and ``sig_alert`` carries the same text, so the window can put it in the status
bar; that is also how the logic is tested.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from ..services.alerts import DueCase

CHECK_INTERVAL_MS = 60_000
BALLOON_MS = 15_000


class AlertsBackend(Protocol):
    def due_for_alert(self, now: datetime, lead_times: Iterable[timedelta], already_alerted_ids) -> list[DueCase]:
        """Runs on the DB worker."""
        ...


def parse_lead_hours(text: str) -> list[timedelta]:
    """``"1 6 24"`` (Settings.alert_lead_hours) → sorted lead times; junk and non-positive values are skipped."""
    hours = set()
    for part in (text or "").replace(",", " ").split():
        try:
            value = int(part)
        except ValueError:
            continue
        if 0 < value <= 24 * 14:
            hours.add(value)
    return [timedelta(hours=h) for h in sorted(hours)]


class DeadlineTray(QObject):
    """The tray icon (when the platform has a tray), the check timer and the announced-case memory."""

    # Emitted when the user clicks the balloon: select / open this case.
    sig_open_case = Signal(int)
    # (title, message, most urgent case id) of every alert, tray or not.
    sig_alert = Signal(str, str, int)

    def __init__(
        self,
        runner,
        *,
        lead_times: Iterable[timedelta] = (),
        icon: QIcon | None = None,
        interval_ms: int = CHECK_INTERVAL_MS,
        clock: Callable[[], datetime] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._backend: AlertsBackend | None = None
        self._clock = clock or (lambda: datetime.now(UTC))
        self.lead_times: list[timedelta] = sorted(set(lead_times))
        self.announced: dict[int, timedelta] = {}  # case id → smallest window it was announced for
        self.last_case_id: int | None = None
        self._checking = False
        self.tray_available = QSystemTrayIcon.isSystemTrayAvailable()
        # The icon object exists everywhere (its messageClicked is the click path); it is shown only on a real tray.
        self.icon = QSystemTrayIcon(icon or QIcon(), self)
        self.icon.setToolTip(self.tr("ACORN-i Refund Assistant"))
        self.icon.messageClicked.connect(self._on_message_clicked)
        self.icon.activated.connect(self._on_activated)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check_now)

    # -- configuration --------------------------------------------------------------------------------------
    def set_backend(self, backend: AlertsBackend | None) -> None:
        """Start checking (immediately, then every interval) once a store is open; ``None`` stops."""
        self._backend = backend
        self.announced.clear()
        if backend is None:
            self.timer.stop()
            self.icon.hide()
            return
        if self.tray_available and self.lead_times:
            self.icon.show()
        if self.lead_times:
            self.timer.start()
            self.check_now()

    def set_lead_times(self, lead_times: Iterable[timedelta]) -> None:
        """New lead times (from Preferences); an empty list switches alerts off."""
        self.lead_times = sorted(set(lead_times))
        if not self.lead_times:
            self.timer.stop()
            self.icon.hide()
        elif self._backend is not None:
            if self.tray_available:
                self.icon.show()
            self.timer.start()

    # -- the check ------------------------------------------------------------------------------------------
    @Slot()
    def check_now(self) -> None:
        if self._backend is None or not self.lead_times or self._checking:
            return
        self._checking = True
        work = partial(self._backend.due_for_alert, self._clock(), list(self.lead_times), dict(self.announced))
        self._runner.run(work, self._on_due, self._on_failed)

    def _on_failed(self, _exc: BaseException) -> None:
        self._checking = False  # a failed check is retried at the next tick; alerts never raise dialogs

    def _on_due(self, due: list[DueCase]) -> None:
        self._checking = False
        if not due or self._backend is None:
            return
        for item in due:
            previous = self.announced.get(item.case_id)
            self.announced[item.case_id] = item.lead if previous is None else min(previous, item.lead)
        most_urgent = min(due, key=lambda d: (d.deadline_at, d.case_id))
        self.last_case_id = most_urgent.case_id
        title = self.tr("Deadlines approaching")
        message = self.message_for(due)
        if self.tray_available and self.icon.isVisible():
            self.icon.showMessage(title, message, QSystemTrayIcon.MessageIcon.Warning, BALLOON_MS)
        self.sig_alert.emit(title, message, most_urgent.case_id)

    def message_for(self, due: list[DueCase]) -> str:
        """One line per lead-time window, smallest window first."""
        counts: dict[timedelta, int] = {}
        for item in due:
            counts[item.lead] = counts.get(item.lead, 0) + 1
        lines = []
        for lead in sorted(counts):
            hours = int(lead.total_seconds() // 3600)
            if hours == 1:
                line = self.tr("{count} case(s) due within 1 hour")
            else:
                line = self.tr("{count} case(s) due within {hours} hours")
            lines.append(line.format(count=counts[lead], hours=hours))
        return "\n".join(lines)

    # -- clicks ---------------------------------------------------------------------------------------------
    @Slot()
    def _on_message_clicked(self) -> None:
        if self.last_case_id is not None:
            self.sig_open_case.emit(self.last_case_id)

    @Slot(QSystemTrayIcon.ActivationReason)
    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger and self.last_case_id is not None:
            self.sig_open_case.emit(self.last_case_id)
