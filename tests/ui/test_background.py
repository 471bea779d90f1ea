"""The background API: results and errors arrive on the GUI thread; DB work runs one at a time."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import QThread

from acorn_desktop.ui.background import BackgroundRunner


@pytest.fixture
def runner(qapp):
    r = BackgroundRunner()
    yield r
    r.shutdown(wait=True)
    r.deleteLater()


def on_gui_thread(qapp) -> bool:
    return QThread.currentThread() is qapp.thread()


def test_result_is_delivered_on_the_gui_thread(qtbot, qapp, runner):
    seen = {}

    def work():
        seen["worker_thread"] = threading.current_thread().name
        seen["worker_on_gui"] = on_gui_thread(qapp)
        return 42

    def success(value):
        seen["value"] = value
        seen["callback_on_gui"] = on_gui_thread(qapp)
        seen["callback_thread"] = threading.current_thread() is threading.main_thread()

    with qtbot.waitCallback() as done:
        runner.run(work, lambda v: (success(v), done(v)))
    done.assert_called_with(42)
    assert seen["value"] == 42
    assert seen["callback_on_gui"] and seen["callback_thread"]
    assert not seen["worker_on_gui"]
    assert seen["worker_thread"].startswith("acorn-db")


def test_exception_is_delivered_on_the_gui_thread(qtbot, qapp, runner):
    seen = {}

    def work():
        raise ValueError("boom")

    def failure(exc):
        seen["exc"] = exc
        seen["on_gui"] = on_gui_thread(qapp)

    with qtbot.waitCallback() as done:
        runner.run(work, lambda v: pytest.fail("no success expected"), lambda e: (failure(e), done(e)))
    assert isinstance(seen["exc"], ValueError) and str(seen["exc"]) == "boom"
    assert seen["on_gui"]


def test_unhandled_exception_goes_to_excepthook(qtbot, qapp, runner, monkeypatch):
    calls = []
    monkeypatch.setattr(sys, "excepthook", lambda t, e, tb: calls.append((t, on_gui_thread(qapp))))

    def work():
        raise KeyError("missing")

    runner.run(work)
    qtbot.waitUntil(lambda: bool(calls))
    assert calls == [(KeyError, True)]


def test_db_work_is_serialised_and_net_work_is_separate(qtbot, runner):
    release = threading.Event()
    order: list[str] = []
    lock = threading.Lock()
    active = {"now": 0, "max": 0}
    db_threads: set[int] = set()

    def db_task(name, wait_for_release=False):
        def run():
            with lock:
                active["now"] += 1
                active["max"] = max(active["max"], active["now"])
                order.append(f"start {name}")
                db_threads.add(threading.get_ident())
            if wait_for_release:
                # Only the network pool can set this: proves it runs while the DB worker is busy.
                assert release.wait(timeout=10), "net task never ran while the DB worker was busy"
            with lock:
                order.append(f"end {name}")
                active["now"] -= 1
            return name

        return run

    results: list[str] = []
    runner.run(db_task("a", wait_for_release=True), results.append)
    runner.run(db_task("b"), results.append)
    runner.run(db_task("c"), results.append)
    runner.run(release.set, kind="net")
    qtbot.waitUntil(lambda: len(results) == 3, timeout=10_000)

    assert results == ["a", "b", "c"]
    assert order == ["start a", "end a", "start b", "end b", "start c", "end c"]
    assert active["max"] == 1
    assert len(db_threads) == 1
    qtbot.waitUntil(lambda: runner.pending == 0)


def test_progress_is_coalesced_and_ends_with_the_last_value(qtbot, qapp, runner):
    received: list[tuple[int, int]] = []
    threads: set[bool] = set()

    def on_progress(done, total):
        received.append((done, total))
        threads.add(on_gui_thread(qapp))

    report = runner.progress_callback(on_progress)

    def work():
        for i in range(1, 10_001):
            report(i, 10_000)

    runner.run(work)
    qtbot.waitUntil(lambda: bool(received) and received[-1] == (10_000, 10_000), timeout=10_000)
    assert len(received) < 10_000
    assert threads == {True}
    assert [d for d, _ in received] == sorted(d for d, _ in received)


def test_shutdown_waits_for_running_work_and_drops_queued_work(qtbot, runner):
    started, go = threading.Event(), threading.Event()
    ran = []

    def slow():
        started.set()
        go.wait(timeout=10)
        ran.append("slow")

    runner.run(slow)
    queued = runner.run(lambda: ran.append("queued"))
    queued.add_done_callback(lambda f: go.set())  # shutdown() cancels it, which releases the slow task
    assert started.wait(timeout=10)
    runner.shutdown(wait=True)
    assert ran == ["slow"]
    assert queued.cancelled()
    with pytest.raises(RuntimeError):
        runner.run(lambda: None)


def test_nothing_is_delivered_to_a_deleted_owner(qtbot, runner):
    """A dialog closed (and deleted) before its data arrive gets no callback: no error box for a quick close."""
    from PySide6.QtWidgets import QDialog

    gate = threading.Event()
    dialog = QDialog()
    calls = []
    runner.run(gate.wait, calls.append, calls.append, owner=dialog)
    with qtbot.waitSignal(dialog.destroyed):
        dialog.deleteLater()
    gate.set()
    qtbot.waitUntil(lambda: runner.pending == 0)
    assert calls == []
