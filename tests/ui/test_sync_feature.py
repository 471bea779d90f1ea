"""The sync feature: runs off the GUI thread, reports progress, can be cancelled, summarises per store."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QMainWindow

from acorn_desktop.sync.engine import AccountReport, SyncProgress
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.sync_feature import SyncFeature


class FakeBackend:
    """Stands in for the store backend: reports a few pages, optionally blocks until cancelled."""

    def __init__(self, *, block: bool = False, status: str = "ok", waiting: list[int] | None = None) -> None:
        self.block = block
        self.status = status
        self.waiting = list(waiting or [])  # per run: reports still with Amazon at its end
        self.runs = 0
        self.threads: list[QThread] = []
        self.started = threading.Event()

    def sync(self, progress, cancel):
        self.runs += 1
        self.threads.append(QThread.currentThread())
        self.started.set()
        for page in range(1, 4):
            progress(SyncProgress(1, "演示店铺", "finances", page, page * 10, page))
        if self.block:
            while not cancel():
                threading.Event().wait(0.01)
            return [AccountReport(1, "演示店铺", status="cancelled")]
        report = AccountReport(
            1, "演示店铺", status=self.status, error="finances: 500" if self.status == "error" else None
        )
        waiting = self.waiting.pop(0) if self.waiting else 0
        report.streams["finances"] = SimpleNamespace(result=SimpleNamespace(cases_created=3), waiting=waiting)
        return [report]


@pytest.fixture
def feature(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    runner = BackgroundRunner(window)
    feature = SyncFeature(window, runner, interval_minutes=0)
    yield feature
    runner.shutdown()


def test_sync_runs_off_the_gui_thread_and_reports(qtbot, feature):
    backend = FakeBackend()
    feature.set_backend(backend)
    assert feature.sync_now.isEnabled()
    with qtbot.waitSignal(feature.sig_sync_finished, timeout=5000) as blocker:
        feature.sync_now.trigger()
        assert feature.running and not feature.sync_now.isEnabled() and feature.stop.isEnabled()
    assert backend.threads[0] is not QApplication.instance().thread()
    assert blocker.args[0][0].status == "ok"
    assert not feature.running and feature.sync_now.isEnabled() and not feature.stop.isEnabled()
    assert "Synced at" in feature.label.text() or "同步" in feature.label.text()
    assert "3" in feature.label.toolTip()


def test_cancel_stops_a_running_sync(qtbot, feature):
    backend = FakeBackend(block=True)
    feature.set_backend(backend)
    with qtbot.waitSignal(feature.sig_sync_finished, timeout=5000) as blocker:
        feature.start()
        qtbot.waitUntil(backend.started.is_set)
        feature.stop.trigger()
    assert blocker.args[0][0].status == "cancelled"
    assert not feature.running


def test_a_store_with_an_error_is_named_in_the_tooltip(qtbot, feature):
    feature.set_backend(FakeBackend(status="error"))
    with qtbot.waitSignal(feature.sig_sync_finished, timeout=5000):
        feature.start()
    assert "演示店铺" in feature.label.toolTip() and "500" in feature.label.toolTip()
    assert "✕" in feature.accounts_label.text() and "演示店铺" in feature.accounts_label.text()


def test_status_bar_counts_the_fine_stores_and_names_the_others(qtbot, feature):
    statuses = ["ok", "needs_reauth", "ok", "error", "error", "error", "error"]
    reports = [AccountReport(i, f"店铺{i}", status=s) for i, s in enumerate(statuses)]
    feature._on_finished(reports)
    text = feature.accounts_label.text()
    assert "✓</span> 2 store(s) OK" in text and "⚠</span> 店铺1" in text and "店铺0" not in text
    assert "店铺6" not in text and "+1" in text  # only the first four with problems by name
    assert "店铺0" in feature.accounts_label.toolTip()


def test_no_backend_means_no_sync(feature):
    assert not feature.sync_now.isEnabled()
    feature.start()
    assert not feature.running


def test_schedule_starts_the_timer(feature):
    feature.set_interval(15)
    assert feature.timer.isActive() and feature.timer.interval() == 15 * 60_000
    feature.set_interval(0)
    assert not feature.timer.isActive()


def test_reports_left_with_amazon_are_collected_by_a_follow_up_sync(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    runner = BackgroundRunner(window)
    feature = SyncFeature(window, runner, interval_minutes=0, follow_up_seconds=0.01)
    try:
        backend = FakeBackend(waiting=[2, 1, 0])  # two runs leave reports pending, the third collects the rest
        feature.set_backend(backend)
        finished = []
        feature.sig_sync_finished.connect(finished.append)
        feature.start()
        qtbot.waitUntil(lambda: len(finished) == 3, timeout=5000)
        assert backend.runs == 3 and not feature.follow_up.isActive()  # nothing waits: no fourth run
    finally:
        runner.shutdown()


def test_follow_ups_stop_after_a_few_in_a_row(qtbot):
    from acorn_desktop.ui import sync_feature

    window = QMainWindow()
    qtbot.addWidget(window)
    runner = BackgroundRunner(window)
    feature = SyncFeature(window, runner, interval_minutes=0, follow_up_seconds=0.01)
    try:
        backend = FakeBackend(waiting=[1] * 20)  # Amazon never finishes
        feature.set_backend(backend)
        finished = []
        feature.sig_sync_finished.connect(finished.append)
        feature.start()
        qtbot.waitUntil(lambda: len(finished) == 1 + sync_feature.MAX_FOLLOW_UPS, timeout=5000)
        qtbot.waitUntil(lambda: not feature.running and not feature.follow_up.isActive(), timeout=5000)
        assert backend.runs == 1 + sync_feature.MAX_FOLLOW_UPS  # then the regular schedule takes over
    finally:
        runner.shutdown()


def test_a_pc_clock_off_amazons_is_shown_in_the_status(feature):
    feature._on_finished([AccountReport(1, "店铺1", clock_offset_seconds=-600.0)])
    assert "10 min" in feature.label.text()
    feature._on_finished([AccountReport(1, "店铺1", clock_offset_seconds=-30.0)])
    assert "min" not in feature.label.text()
