"""工单 › 回复买家… (Ctrl+R): opens the reply dialog for the selected case (a feature: it owns its action).

The window gives it the queue's selection, the logged-in actor and the store's ``ReplyServices``; when a reply is
marked sent, ``sig_sent`` tells the window to refresh the queue and the detail pane (the countdown stops there).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from ..services.changes import Actor
from .reply_dialog import ReplyBackend, ReplyDialog


class ReplyFeature(QObject):
    sig_sent = Signal(object)  # SentReply
    sig_message = Signal(str)  # a short status-bar message
    sig_dialog_opened = Signal(object)  # the ReplyDialog (tests drive it from here)

    def __init__(
        self,
        window: QWidget,
        runner,
        selected_ids: Callable[[], list[int]],
        *,
        menu: str = "cases",
        time_zone: str = "Asia/Shanghai",
    ) -> None:
        super().__init__(window)
        self._window = window
        self._runner = runner
        self._selected_ids = selected_ids
        self._menu_key = menu
        self._backend: ReplyBackend | None = None
        self.time_zone = time_zone
        self.actor = Actor("gui")
        self.dialog: ReplyDialog | None = None
        self.reply_action = QAction(self.tr("&Reply to Buyer…"), window)
        self.reply_action.setObjectName("action_reply_to_buyer")
        self.reply_action.setShortcut(QKeySequence("Ctrl+R"))
        self.reply_action.setToolTip(self.tr("Write a reply from a template, checked against Amazon's rules"))
        self.reply_action.triggered.connect(self.open_for_selection)
        self.reply_action.setEnabled(False)

    def menu_actions(self) -> list[tuple[str, QAction]]:
        return [(self._menu_key, self.reply_action)]

    def toolbar_actions(self) -> list[QAction]:
        return [self.reply_action]

    def context_menu_actions(self) -> list[QAction]:
        return [self.reply_action]

    def set_backend(self, backend: ReplyBackend | None) -> None:
        self._backend = backend
        self.reply_action.setEnabled(backend is not None)

    @Slot()
    def open_for_selection(self) -> None:
        ids = list(dict.fromkeys(self._selected_ids()))
        if self._backend is None:
            return
        if len(ids) != 1:
            self.sig_message.emit(self.tr("Select one case to reply to its buyer."))
            return
        self.open_for_case(ids[0])

    def open_for_case(self, case_id: int) -> ReplyDialog | None:
        if self._backend is None:
            return None
        if self.dialog is not None:
            self.dialog.close()
        dialog = ReplyDialog(self._backend, self._runner, case_id, actor=self.actor, time_zone=self.time_zone,
                             parent=self._window)  # fmt: skip
        dialog.sig_sent.connect(self.sig_sent)

        def closed(_code: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(closed)
        self.dialog = dialog
        dialog.open()
        self.sig_dialog_opened.emit(dialog)
        return dialog
