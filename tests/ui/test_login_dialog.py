"""The login dialog: the check runs on a worker thread, refusals show in the dialog, the password never stays."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from PySide6.QtWidgets import QDialog

from acorn_desktop.services import users
from acorn_desktop.services.changes import Actor
from acorn_desktop.services.permissions import Permission
from acorn_desktop.services.users import AccountLockedError, LoginFailedError, LoginServices, LoginSession
from acorn_desktop.ui import i18n
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.login_dialog import LoginDialog

PASSWORD = "correct horse battery"


@pytest.fixture
def runner():
    r = BackgroundRunner()
    yield r
    r.shutdown()


class FakeBackend:
    """Answers like LoginServices and records which thread asked."""

    def __init__(self, answer) -> None:
        self.answer = answer
        self.calls: list[tuple[str, str, str]] = []

    def login(self, username: str, password: str) -> LoginSession:
        self.calls.append((username, password, threading.current_thread().name))
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer


SESSION = LoginSession(Actor("li.lei", 7), "li.lei", "李雷", "operator", "运营", "Operator",
                       frozenset({Permission.HANDLE_CASES, Permission.APPROVE_REFUNDS}), None)  # fmt: skip


def make_dialog(qtbot, backend, runner, **kw) -> LoginDialog:
    dialog = LoginDialog(backend, runner, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def type_in(qtbot, dialog: LoginDialog, username: str, password: str) -> None:
    dialog.username_edit.clear()
    qtbot.keyClicks(dialog.username_edit, username)
    qtbot.keyClicks(dialog.password_edit, password)


def test_login_runs_off_the_gui_thread_and_returns_the_session(qtbot, runner):
    backend = FakeBackend(SESSION)
    dialog = make_dialog(qtbot, backend, runner)
    assert not dialog.ok_button.isEnabled()
    type_in(qtbot, dialog, " li.lei ", PASSWORD)
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.sig_logged_in) as blocker:
        dialog.ok_button.click()
        assert dialog.busy and not dialog.ok_button.isEnabled() and not dialog.password_edit.isEnabled()
    assert blocker.args == [SESSION] and dialog.session is SESSION
    assert dialog.result() == QDialog.DialogCode.Accepted
    [(username, password, thread)] = backend.calls
    assert (username, password) == ("li.lei", PASSWORD) and thread != threading.main_thread().name
    assert dialog.password_edit.text() == ""


@pytest.mark.parametrize(("lang", "expected"), [("zh_CN", "用户名或密码不正确"), ("en", "Wrong user name or password")])
def test_a_wrong_password_is_shown_in_the_dialog(qtbot, qapp, runner, lang, expected):
    error = LoginFailedError("用户名或密码不正确。", "Wrong user name or password.")
    dialog = make_dialog(qtbot, FakeBackend(error), runner)
    type_in(qtbot, dialog, "li.lei", "wrong")
    try:
        i18n.install(qapp, lang)
        with qtbot.waitSignal(dialog.sig_failed):
            dialog.ok_button.click()
    finally:
        i18n.install(qapp, "en")
    assert expected in dialog.message_label.text() and dialog.message_label.isVisible()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.password_edit.text() == "" and dialog.username_edit.text() == "li.lei"
    assert not dialog.ok_button.isEnabled()  # until a password is typed again
    qtbot.keyClicks(dialog.password_edit, "again")
    assert dialog.ok_button.isEnabled()


def test_the_lockout_message(qtbot, runner):
    now = datetime.now(UTC)
    dialog = make_dialog(qtbot, FakeBackend(AccountLockedError(now + timedelta(minutes=15), now)), runner,
                         username="li.lei")  # fmt: skip
    assert dialog.username_edit.text() == "li.lei"
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    with qtbot.waitSignal(dialog.sig_failed) as blocker:
        dialog.ok_button.click()
    assert isinstance(blocker.args[0], AccountLockedError)
    assert "15" in dialog.message_label.text() and "locked" in dialog.message_label.text()


def test_an_unexpected_error_names_only_its_type(qtbot, runner):
    dialog = make_dialog(qtbot, FakeBackend(RuntimeError(f"db said {PASSWORD}")), runner)
    type_in(qtbot, dialog, "li.lei", PASSWORD)
    with qtbot.waitSignal(dialog.sig_failed):
        dialog.ok_button.click()
    assert "RuntimeError" in dialog.message_label.text() and PASSWORD not in dialog.message_label.text()


def test_cancel_is_ignored_while_checking(qtbot, runner):
    gate = threading.Event()

    class SlowBackend(FakeBackend):
        def login(self, username, password):
            gate.wait(5)
            return super().login(username, password)

    dialog = make_dialog(qtbot, SlowBackend(SESSION), runner)
    type_in(qtbot, dialog, "li.lei", PASSWORD)
    with qtbot.waitSignal(dialog.sig_logged_in):
        dialog.ok_button.click()
        dialog.reject()
        assert dialog.isVisible()
        gate.set()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_with_the_real_login_service(qtbot, runner, store, monkeypatch):
    monkeypatch.setattr(users, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    users.create_user(store, None, "boss", "老板", "admin", PASSWORD)
    dialog = make_dialog(qtbot, LoginServices(store), runner)
    type_in(qtbot, dialog, "boss", "not the password")
    with qtbot.waitSignal(dialog.sig_failed):
        dialog.ok_button.click()
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    with qtbot.waitSignal(dialog.sig_logged_in) as blocker:
        dialog.ok_button.click()
    assert blocker.args[0].role == "admin" and blocker.args[0].display_name == "老板"
