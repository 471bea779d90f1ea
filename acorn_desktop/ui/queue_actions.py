"""Bulk actions on the queue's selection: 发送审批, 标记为已处理, 分配给… (a feature: it owns its QActions).

The feature never reads the table itself: it calls ``selected_ids()`` (the queue view's
``selected_case_ids``) when an action fires. Each action is one service call (``services/case_actions.py``)
on the DB worker, all-or-nothing; on success ``sig_cases_changed(ids)`` tells the window what to refresh,
and refusals (a case in the wrong state, a stale case) are shown in a message box in the UI language.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from typing import Protocol

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..errors import AcornError
from ..services.case_actions import REASON_MAX_CHARS, Actor, BatchResult
from ..services.case_detail import UserChoice
from . import i18n
from .progress import run_with_progress


class CaseActionsBackend(Protocol):
    """``services.case_actions.CaseActions`` (every method runs on the DB worker)."""

    def send_to_approval(self, ids: list[int], actor: Actor, reason: str) -> BatchResult: ...
    def mark_handled(self, ids: list[int], actor: Actor) -> BatchResult: ...
    def assign(self, ids: list[int], user_id: int | None, actor: Actor) -> BatchResult: ...
    def list_users(self) -> list[UserChoice]: ...
    def ensure_local_user(self, username: str, display_name: str, role_code: str, actor: Actor) -> int: ...


class ReasonDialog(QDialog):
    """Asks why the cases go to approval; OK only with a reason of at most REASON_MAX_CHARS characters."""

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reasonDialog")
        self.setWindowTitle(self.tr("Send for approval"))
        prompt = QLabel(self.tr("Why do these {count} case(s) need approval?").format(count=count))
        prompt.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("reasonEdit")
        self.text.setPlaceholderText(self.tr("e.g. the amount is above my approval limit"))
        self.text.setTabChangesFocus(True)
        self.counter = QLabel()
        self.counter.setProperty("role", "hint")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Send for approval"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.text)
        layout.addWidget(self.counter)
        layout.addWidget(self.buttons)
        self.text.textChanged.connect(self._update)
        self._update()
        self.resize(420, 220)

    def reason(self) -> str:
        return self.text.toPlainText().strip()

    @Slot()
    def _update(self) -> None:
        n = len(self.reason())
        self.counter.setText(self.tr("{count} / {limit} characters").format(count=n, limit=REASON_MAX_CHARS))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(0 < n <= REASON_MAX_CHARS)


def ask_reason(parent: QWidget | None, count: int) -> str | None:
    dialog = ReasonDialog(count, parent)
    return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted else None


class QueueActions(QObject):
    """发送审批 (Ctrl+Shift+A), 标记为已处理 (Ctrl+D), 分配给… (submenu, with 取消分配 and 新建本地用户…)."""

    # Case ids a finished action changed (GUI thread): refresh the queue rows / detail pane / summary.
    sig_cases_changed = Signal(list)
    # The exception of a refused or failed action, after it was shown.
    sig_failed = Signal(object)
    # A one-line outcome for the status bar ("已将 3 个工单标记为已处理").
    sig_message = Signal(str)

    def __init__(
        self,
        window: QWidget,
        runner,
        selected_ids: Callable[[], list[int]],
        *,
        actor: Actor | None = None,
        menu: str = "file",
    ) -> None:
        super().__init__(window)
        self._window = window
        self._runner = runner
        self._selected_ids = selected_ids
        self._backend: CaseActionsBackend | None = None
        self._busy = False
        self._menu_key = menu
        self.actor = actor or Actor("gui")
        self.users: list[UserChoice] = []
        # Replaceable in tests: the dialogs the actions open.
        self.ask_reason: Callable[[QWidget | None, int], str | None] = ask_reason
        self.confirm: Callable[[str, str], bool] = self._confirm
        self.present_error: Callable[[str], None] = self._present_error
        self.ask_user_name: Callable[[], str | None] = self._ask_user_name
        # One case, logged in: the full request dialog (reason, evidence, breakdown) instead of the reason prompt.
        # Returns False when it cannot open it (nobody logged in).
        self.request_one: Callable[[int], bool] = lambda _case_id: False

        self.send_to_approval = self._action(
            self.tr("Send for &Approval…"), "Ctrl+Shift+A", self.on_send_to_approval, "action_send_to_approval"
        )
        self.mark_handled = self._action(self.tr("Mark as &Handled"), "Ctrl+D", self.on_mark_handled,
                                         "action_mark_handled")  # fmt: skip
        self.assign_menu = QMenu(self.tr("Assign &To"), window)
        self.assign_menu.setObjectName("menu_assign")
        self.assign_menu.aboutToShow.connect(self._refresh_users)
        self.assign = self.assign_menu.menuAction()
        self.assign.setObjectName("action_assign")
        self.unassign = self._action(self.tr("&Unassign"), None, partial(self.on_assign, None), "action_unassign")
        self.new_user = self._action(self.tr("&New Local User…"), None, self.on_new_user, "action_new_user")
        self._rebuild_assign_menu()
        self._set_enabled()

    def _action(self, text: str, shortcut: str | None, slot, name: str) -> QAction:
        action = QAction(text, self._window)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    # -- feature protocol -------------------------------------------------------------------------------------
    def menu_actions(self) -> list[tuple[str, QAction]]:
        key = self._menu_key
        return [(key, self.send_to_approval), (key, self.mark_handled), (key, self.assign)]

    def toolbar_actions(self) -> list[QAction]:
        return [self.send_to_approval, self.mark_handled]

    def context_menu_actions(self) -> list[QAction]:
        """For the queue table's context menu."""
        return [self.send_to_approval, self.mark_handled, self.assign]

    def set_backend(self, backend: CaseActionsBackend | None) -> None:
        self._backend = backend
        self.users = []
        self._rebuild_assign_menu()
        self._set_enabled()
        if backend is not None:
            self._refresh_users()

    @property
    def busy(self) -> bool:
        return self._busy

    # -- the actions ------------------------------------------------------------------------------------------
    @Slot()
    def on_send_to_approval(self) -> None:
        ids = self._selection()
        if not ids:
            return
        if len(ids) == 1 and self.request_one(ids[0]):
            return
        reason = self.ask_reason(self._window, len(ids))
        if reason is None:
            return
        self._run(
            partial(self._backend.send_to_approval, ids, self.actor, reason),
            self.tr("Sending {count} case(s) for approval…").format(count=len(ids)),
            lambda result: self.tr("{count} case(s) sent for approval").format(count=len(result.case_ids)),
        )

    @Slot()
    def on_mark_handled(self) -> None:
        ids = self._selection()
        if not ids:
            return
        if len(ids) > 1 and not self.confirm(
            self.tr("Mark as handled"),
            self.tr("Mark {count} cases as handled? They will be closed.").format(count=len(ids)),
        ):
            return
        self._run(
            partial(self._backend.mark_handled, ids, self.actor),
            self.tr("Closing {count} case(s)…").format(count=len(ids)),
            lambda result: self.tr("{count} case(s) marked as handled").format(count=len(result.case_ids)),
        )

    def on_assign(self, user_id: int | None) -> None:
        ids = self._selection()
        if not ids:
            return
        if user_id is None:
            done = self.tr("{count} case(s) unassigned")
        else:
            done = self.tr("{count} case(s) assigned to {name}")
        name = next((u.display_name for u in self.users if u.id == user_id), f"#{user_id}")
        self._run(
            partial(self._backend.assign, ids, user_id, self.actor),
            self.tr("Assigning {count} case(s)…").format(count=len(ids)),
            lambda result: done.format(count=len(result.case_ids), name=name),
        )

    @Slot()
    def on_new_user(self) -> None:
        """Add a local user to assign cases to (until logins exist, a name and the 客服 role)."""
        if self._backend is None:
            return
        name = self.ask_user_name()
        if not name:
            return
        backend = self._backend

        def created(_user_id: int) -> None:
            self.sig_message.emit(self.tr("Local user {name} added").format(name=name))
            self._refresh_users()

        self._runner.run(partial(backend.ensure_local_user, name, name, "cs", self.actor), created, self._on_failed)

    # -- internals --------------------------------------------------------------------------------------------
    def _selection(self) -> list[int]:
        if self._backend is None or self._busy:
            return []
        ids = list(dict.fromkeys(self._selected_ids()))
        if not ids:
            self.sig_message.emit(self.tr("Select one or more cases in the queue first."))
        return ids

    def _run(self, work: Callable[[], BatchResult], label: str, done_text: Callable[[BatchResult], str]) -> None:
        self._busy = True
        self._set_enabled()

        def succeeded(result: BatchResult) -> None:
            self._busy = False
            self._set_enabled()
            self.sig_message.emit(done_text(result))
            self.sig_cases_changed.emit(list(result.case_ids))

        run_with_progress(self._runner, work, succeeded, self._on_failed, parent=self._window, label=label)

    def _on_failed(self, exc: BaseException) -> None:
        self._busy = False
        self._set_enabled()
        if isinstance(exc, AcornError):
            self.present_error(exc.text(i18n.current_language()))
            self.sig_failed.emit(exc)
        else:
            self.sig_failed.emit(exc)
            sys.excepthook(type(exc), exc, exc.__traceback__)  # a bug: the error dialog, with details

    def _set_enabled(self) -> None:
        ready = self._backend is not None and not self._busy
        for action in (self.send_to_approval, self.mark_handled, self.assign, self.unassign, self.new_user):
            action.setEnabled(ready)

    @Slot()
    def _refresh_users(self) -> None:
        if self._backend is None:
            return
        backend = self._backend
        self._runner.run(backend.list_users, partial(self._on_users, backend), lambda _exc: None)

    def _on_users(self, backend, users: list[UserChoice]) -> None:
        if backend is not self._backend:  # the store changed meanwhile
            return
        self.users = list(users)
        self._rebuild_assign_menu()

    def _rebuild_assign_menu(self) -> None:
        menu = self.assign_menu
        menu.clear()  # deletes the per-user actions it owns; unassign / new user belong to the window
        english = not i18n.is_chinese()
        if not self.users:
            empty = menu.addAction(self.tr("No users yet"))
            empty.setEnabled(False)
        for user in self.users:
            role = user.role_en if english else user.role_zh
            action = menu.addAction(f"{user.display_name}({role})" if not english else f"{user.display_name} ({role})")
            action.setData(user.id)
            action.triggered.connect(partial(self.on_assign, user.id))
        menu.addSeparator()
        menu.addAction(self.unassign)
        menu.addAction(self.new_user)

    def _confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self._window, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )  # fmt: skip
        return answer == QMessageBox.StandardButton.Yes

    def _present_error(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("The action was not carried out"), message,
                          QMessageBox.StandardButton.Ok, self._window)  # fmt: skip
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.exec()

    def _ask_user_name(self) -> str | None:
        name, ok = QInputDialog.getText(
            self._window, self.tr("New local user"), self.tr("Name of the colleague to assign cases to:")
        )
        name = name.strip()
        return name[:64] if ok and name else None
