"""Unhandled exceptions: logged, redacted, and shown on the GUI thread whichever thread raised them."""

from __future__ import annotations

import logging
import sys
import threading

import pytest
from PySide6.QtCore import QThread

from acorn_desktop.errors import StoreLockedError
from acorn_desktop.ui import i18n
from acorn_desktop.ui.error_dialog import ExceptionReporter, describe

SECRET = "Atzr|IwEBIA-very-secret-refresh-token"


@pytest.fixture
def reporter(qapp):
    shown: list[tuple[str, str, bool]] = []

    def present(message, details):
        shown.append((message, details, QThread.currentThread() is qapp.thread()))

    r = ExceptionReporter(present)
    r.install()
    yield r, shown
    r.uninstall()


def test_exception_in_a_worker_thread_is_shown_on_the_gui_thread_redacted(qtbot, reporter, caplog):
    _, shown = reporter

    def fail():
        raise RuntimeError(f"token refresh failed: refresh_token={SECRET}")

    with caplog.at_level(logging.ERROR):
        worker = threading.Thread(target=fail)
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: bool(shown))
    message, details, on_gui = shown[0]
    assert on_gui
    assert "RuntimeError" in message and "token refresh failed" in message
    assert SECRET not in message and SECRET not in details
    assert "***" in message
    assert "fail" in details  # the traceback is there, minus the secret
    assert any("unhandled exception" in rec.getMessage() for rec in caplog.records)


def test_sys_excepthook_routes_through_the_reporter(qtbot, reporter):
    _, shown = reporter
    try:
        raise ValueError("from the GUI thread")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    qtbot.waitUntil(lambda: bool(shown))
    assert shown[0][0] == "ValueError: from the GUI thread" and shown[0][2]


def test_known_errors_show_their_bilingual_text_without_traceback(qapp):
    exc = StoreLockedError("数据库已锁定。", "The store is locked.", hint_zh="请输入主密码。", hint_en="Enter it.")
    try:
        i18n.install(qapp, "zh_CN")
        assert describe(exc) == ("数据库已锁定。\n请输入主密码。", "")
    finally:
        i18n.install(qapp, "en")
    assert describe(exc, "en") == ("The store is locked.\nEnter it.", "")
