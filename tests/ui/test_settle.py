"""WhenSettled: the callback waits for the background loads and the repaint they cause, runs once, never hangs."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QLabel

from acorn_desktop.ui import settle
from acorn_desktop.ui.background import BackgroundRunner


@pytest.fixture
def runner(qapp):
    r = BackgroundRunner()
    yield r
    r.shutdown(wait=True)


@pytest.fixture
def window(qtbot):
    label = QLabel("…")
    qtbot.addWidget(label)
    label.show()
    qtbot.waitExposed(label)
    return label


def test_waits_for_pending_work_and_the_paint_it_brings(qtbot, runner, window):
    release = threading.Event()
    calls = []
    runner.run(lambda: release.wait(10) and "loaded", window.setText)  # the result repaints the window
    settle.WhenSettled(window, runner, lambda: calls.append((runner.pending, window.text())))
    with qtbot.waitSignal(runner.sig_busy_changed, timeout=2000):
        runner.run(lambda: None)  # more work queued behind the load: still not settled
    assert calls == []
    release.set()
    qtbot.waitUntil(lambda: bool(calls), timeout=5000)
    assert calls == [(0, "loaded")]  # after the load, with its result shown


def test_runs_once_even_if_the_window_keeps_repainting(qtbot, runner, window):
    calls = []
    settle.WhenSettled(window, runner, lambda: calls.append(1))
    qtbot.waitUntil(lambda: bool(calls), timeout=5000)
    for text in ("a", "b", "c"):
        with qtbot.waitSignal(runner.sig_busy_changed, timeout=2000):
            runner.run(lambda text=text: text, window.setText)
    qtbot.waitUntil(lambda: runner.pending == 0 and window.text() == "c", timeout=5000)
    assert calls == [1]


def test_gives_up_waiting_for_work_that_never_ends(qtbot, runner, window, monkeypatch):
    monkeypatch.setattr(settle, "GIVE_UP_MS", 200)
    release = threading.Event()
    runner.run(lambda: release.wait(10))
    calls = []
    settle.WhenSettled(window, runner, lambda: calls.append(runner.pending))
    try:
        qtbot.waitUntil(lambda: bool(calls), timeout=3000)
        assert calls == [1]  # ran although the load is still running
    finally:
        release.set()
