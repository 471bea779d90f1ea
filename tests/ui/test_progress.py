"""Delayed progress: nothing for fast work, busy cursor then dialog for slow work, Cancel reaches the work.

Short delays (20/40 ms) stand in for 300/600 ms; every wait is on a signal or a QTimer, never a sleep.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from acorn_desktop.ui import progress as progress_module
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.progress import DelayedProgress, run_with_progress

FAST = {"cursor_delay": 20, "dialog_delay": 40}


@pytest.fixture
def runner():
    r = BackgroundRunner()
    yield r
    r.shutdown()


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def wait_ms(qtbot, ms: int) -> None:
    """Let the event loop run for ``ms`` (a QTimer's signal, not a sleep)."""
    timer = QTimer()
    timer.setSingleShot(True)
    with qtbot.waitSignal(timer.timeout, timeout=ms + 2000):
        timer.start(ms)


def test_default_delays_are_300_and_600_ms(parent):
    progress = DelayedProgress(parent, "…")
    assert (progress._cursor_timer.interval(), progress._dialog_timer.interval()) == (300, 600)
    assert progress_module.CURSOR_DELAY_MS == 300 and progress_module.DIALOG_DELAY_MS == 600


def test_fast_work_shows_nothing(qtbot, parent):
    progress = DelayedProgress(parent, "快", **FAST)
    shown = []
    progress.sig_cursor_shown.connect(lambda: shown.append("cursor"))
    progress.sig_dialog_shown.connect(lambda: shown.append("dialog"))
    future: Future = Future()
    with qtbot.waitSignal(progress.sig_finished):
        progress.watch(future)
        future.set_result(1)
    wait_ms(qtbot, 100)  # well past both delays
    assert shown == [] and progress.dialog is None and QApplication.overrideCursor() is None


def test_slow_work_gets_cursor_then_dialog_and_cancel_reaches_the_work(qtbot, parent, runner):
    stop = threading.Event()
    results = []

    def work():
        stop.wait(10)
        return "cancelled" if stop.is_set() else "timeout"

    with qtbot.waitSignal(runner.sig_busy_changed):
        progress = run_with_progress(
            runner, work, results.append, parent=parent, label="正在关闭 1,200 个工单…", cancel=stop.set, **FAST
        )
    with qtbot.waitSignals([progress.sig_cursor_shown, progress.sig_dialog_shown], order="strict"):
        pass
    assert QApplication.overrideCursor() is not None
    dialog = progress.dialog
    assert dialog is not None and dialog.isVisible() and dialog.labelText() == "正在关闭 1,200 个工单…"
    assert dialog.maximum() == 0  # busy indicator until told otherwise

    progress.set_progress(3, 10)
    assert (dialog.value(), dialog.maximum()) == (3, 10)

    button = dialog.findChild(QPushButton, "progressCancelButton")
    with qtbot.waitSignal(progress.sig_finished, timeout=5000):
        button.click()
        assert progress.cancel_requested and not button.isEnabled()
    assert results == ["cancelled"]
    assert progress.dialog is None and QApplication.overrideCursor() is None


def test_failure_ends_the_progress_before_on_failure(qtbot, parent, runner):
    gate = threading.Event()
    seen = []

    def work():
        gate.wait(10)
        raise ValueError("boom")

    def failed(exc):
        seen.append((type(exc), progress.running, QApplication.overrideCursor()))

    progress = run_with_progress(runner, work, None, failed, parent=parent, label="…", **FAST)
    with qtbot.waitSignal(progress.sig_dialog_shown):
        pass
    with qtbot.waitSignal(progress.sig_finished):
        gate.set()
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [(ValueError, False, None)]


def test_without_cancel_there_is_no_cancel_button(qtbot, parent):
    progress = DelayedProgress(parent, "…", **FAST)
    future: Future = Future()
    with qtbot.waitSignal(progress.sig_dialog_shown):
        progress.watch(future)
    assert progress.dialog.findChild(QPushButton) is None
    progress.request_cancel()  # nothing to call: ignored
    assert not progress.cancel_requested
    with qtbot.waitSignal(progress.sig_finished):
        future.set_exception(RuntimeError("failed futures end the progress too"))
    assert QApplication.overrideCursor() is None


def test_closing_the_dialog_cancels_but_keeps_it_open_until_the_work_ends(qtbot, parent):
    cancelled = []
    progress = DelayedProgress(parent, "…", lambda: cancelled.append(True), **FAST)
    future: Future = Future()
    with qtbot.waitSignal(progress.sig_dialog_shown):
        progress.watch(future)
    with qtbot.waitSignal(progress.sig_cancel_requested):
        progress.dialog.close()  # the title bar's close button
    qtbot.waitUntil(progress.dialog.isVisible)
    assert cancelled == [True] and progress.dialog.labelText() == "Cancelling…"
    progress.request_cancel()  # only once
    assert cancelled == [True]
    with qtbot.waitSignal(progress.sig_finished):
        future.set_result(None)
