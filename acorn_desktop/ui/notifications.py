"""通知: what became of the refunds the logged-in user asked for (submitted to Amazon, credited to the buyer).

``services.notifications`` writes one notification per event for the requester; this center asks for the logged-in
user's recent ones (DB worker) every minute, after every sync and when someone logs in. New unread ones are
announced once (``sig_notice``: the window shows it as a tray message, or in the status bar where there is no
tray); the status bar's 通知 button carries the unread count. Clicking it opens the list, which marks what it
shows as read; double-clicking a line opens the case.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..services.notifications import REFUND_CREDITED, REFUND_SUBMITTED, NotificationView

CHECK_INTERVAL_MS = 60_000


class NotificationCenter(QObject):
    """The 通知 button, the check timer and the memory of what was already announced (per login)."""

    sig_notice = Signal(str, int)  # (text, case id) of newly arrived notifications, once each
    sig_open_case = Signal(int)
    sig_loaded = Signal(object)  # list[NotificationView] (tests wait on it)

    def __init__(self, runner, parent: QWidget | None = None, *, interval_ms: int = CHECK_INTERVAL_MS,
                 time_zone: str = "Asia/Shanghai") -> None:  # fmt: skip
        super().__init__(parent)
        self._runner = runner
        self._backend = None
        self.user_id: int | None = None
        self.time_zone = time_zone
        self.items: list[NotificationView] = []
        self._announced: set[int] = set()
        self._checking = False
        self.dialog: NotificationsDialog | None = None
        self.button = QToolButton(parent)
        self.button.setObjectName("notificationsButton")
        self.button.setAutoRaise(True)
        self.button.clicked.connect(self.open_list)
        self.button.hide()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check_now)
        self._show_count()

    def set_backend(self, backend) -> None:
        self._backend = backend
        self._restart()

    def set_user(self, user_id: int | None) -> None:
        """The logged-in user (None after logout): their notifications only."""
        self.user_id = user_id
        self._restart()

    def _restart(self) -> None:
        self.items, self._announced = [], set()
        active = self._backend is not None and self.user_id is not None
        self.button.setVisible(active)
        self._show_count()
        if active:
            self.timer.start()
            self.check_now()
        else:
            self.timer.stop()

    # -- checking -------------------------------------------------------------------------------------------
    @Slot()
    def check_now(self) -> None:
        if self._backend is None or self.user_id is None or self._checking:
            return
        self._checking = True
        user, backend = self.user_id, self._backend
        self._runner.run(lambda: backend.recent(user), lambda items: self._on_loaded(user, items),
                         self._on_failed)  # fmt: skip

    def _on_failed(self, _exc: BaseException) -> None:
        self._checking = False  # retried at the next tick; notifications never raise dialogs

    def _on_loaded(self, user_id: int, items: list[NotificationView]) -> None:
        self._checking = False
        if user_id != self.user_id:
            return  # someone else logged in meanwhile
        self.items = list(items)
        fresh = [n for n in self.items if not n.read and n.id not in self._announced]
        self._announced |= {n.id for n in self.items}
        if fresh:  # also what arrived while the user was away: announced once at login
            lines = [self.describe(n) for n in fresh[:5]]
            if len(fresh) > 5:
                lines.append(self.tr("… and {count} more").format(count=len(fresh) - 5))
            self.sig_notice.emit("\n".join(lines), fresh[0].case_id)
        self._show_count()
        self.sig_loaded.emit(self.items)

    def unread(self) -> int:
        return sum(1 for n in self.items if not n.read)

    def _show_count(self) -> None:
        count = self.unread()
        title = self.tr("Notifications")
        self.button.setText(f"{title} ({count})" if count else title)
        self.button.setProperty("unread", count > 0)
        self.button.setStyleSheet("QToolButton { color: #a93226; font-weight: bold; }" if count else "")

    def describe(self, n: NotificationView) -> str:
        """One line: what happened, the case, the order and the amount."""
        what = {
            REFUND_SUBMITTED: self.tr("Refund submitted to Amazon"),
            REFUND_CREDITED: self.tr("Refund credited to the buyer"),
        }.get(n.kind, n.kind)
        money = f" · {QLocale().toString(float(n.amount), 'f', 2)} {n.currency}" if n.amount is not None else ""
        order = f" · {n.amazon_order_id}" if n.amazon_order_id else ""
        return self.tr("{what}: case #{id}{order}{money}").format(what=what, id=n.case_id, order=order, money=money)

    # -- the list -------------------------------------------------------------------------------------------
    @Slot()
    def open_list(self) -> None:
        if self._backend is None or self.user_id is None:
            return
        dialog = NotificationsDialog(self, self.button.window())
        dialog.sig_open_case.connect(self.sig_open_case)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        unread = [n.id for n in self.items if not n.read]
        if unread:  # shown now: read
            user, backend = self.user_id, self._backend
            self._runner.run(lambda: backend.mark_read(user, unread), lambda _n: self.check_now(),
                             self._on_failed)  # fmt: skip


class NotificationsDialog(QDialog):
    sig_open_case = Signal(int)

    def __init__(self, center: NotificationCenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notificationsDialog")
        self.setWindowTitle(self.tr("Notifications"))
        self.list = QListWidget()
        self.list.setObjectName("notificationList")
        self.list.itemActivated.connect(self._activated)
        for n in center.items:
            when = n.created_at.astimezone(_zone(center.time_zone)).strftime("%Y-%m-%d %H:%M")
            item = QListWidgetItem(f"{when}  {center.describe(n)}")
            item.setData(Qt.ItemDataRole.UserRole, n.case_id)
            if not n.read:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.list.addItem(item)
        empty = QLabel(self.tr("No notifications."))
        empty.setVisible(not center.items)
        hint = QLabel(self.tr("Double-click a line to open its case."))
        hint.setProperty("role", "hint")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(empty)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(560, 360)

    def _activated(self, item: QListWidgetItem) -> None:
        self.sig_open_case.emit(int(item.data(Qt.ItemDataRole.UserRole)))
        self.accept()


def _zone(name: str):
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)
