"""Deadline tray: grouped alerts, each window announced once, click opens the most urgent case (no real tray)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from acorn_desktop.domain.cases import CaseState
from acorn_desktop.models import Case
from acorn_desktop.services.alerts import DeadlineAlerts
from acorn_desktop.services.demo import seed_demo
from acorn_desktop.ui import i18n
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.tray import DeadlineTray, parse_lead_hours

NOW = datetime(2030, 6, 1, 8, tzinfo=UTC)  # long after the seeded deadlines: only the cases we set are due
LEADS = parse_lead_hours("24 6 1")


@pytest.fixture
def runner():
    r = BackgroundRunner()
    yield r
    r.shutdown()


@pytest.fixture
def due_ids(store):
    """Five open cases due in 30 min, 2 h, 3 h, 5 h and 20 h after NOW."""
    seed_demo(store, cases=30, seed=9)
    offsets = [timedelta(minutes=30), timedelta(hours=2), timedelta(hours=3), timedelta(hours=5), timedelta(hours=20)]
    with store.session() as session:
        ids = list(
            session.scalars(
                sa.select(Case.id).where(Case.state.in_([CaseState.NEW, CaseState.IN_PROGRESS])).order_by(Case.id)
            )
        )[: len(offsets)]
        for case_id, offset in zip(ids, offsets, strict=True):
            session.get(Case, case_id).deadline_at = NOW + offset
    return ids


@pytest.fixture
def tray(store, runner, due_ids):
    clock = {"now": NOW}
    t = DeadlineTray(runner, lead_times=LEADS, interval_ms=3_600_000, clock=lambda: clock["now"])
    t.clock = clock
    yield t
    t.set_backend(None)


def test_parse_lead_hours():
    assert parse_lead_hours("24 6 1") == [timedelta(hours=1), timedelta(hours=6), timedelta(hours=24)]
    assert parse_lead_hours("6,6, x -1 0") == [timedelta(hours=6)]
    assert parse_lead_hours("") == []


def test_no_tray_offscreen_but_the_logic_runs(qtbot, tray, store, due_ids, qapp):
    assert not tray.tray_available
    i18n.install(qapp, "zh_CN")
    try:
        with qtbot.waitSignal(tray.sig_alert) as blocker:
            tray.set_backend(DeadlineAlerts(store))
    finally:
        i18n.install(qapp, "en")
    title, message, case_id = blocker.args
    assert message.splitlines() == [
        "1 个工单将在 1 小时内到期",
        "3 个工单将在 6 小时内到期",
        "1 个工单将在 24 小时内到期",
    ]
    assert title == "截止时间临近"
    assert case_id == due_ids[0]
    assert tray.timer.isActive() and not tray.icon.isVisible()


def test_english_message(qtbot, tray, store):
    with qtbot.waitSignal(tray.sig_alert) as blocker:
        tray.set_backend(DeadlineAlerts(store))
    assert blocker.args[1].splitlines() == [
        "1 case(s) due within 1 hour",
        "3 case(s) due within 6 hours",
        "1 case(s) due within 24 hours",
    ]


def test_each_window_is_announced_once(qtbot, tray, store, due_ids):
    with qtbot.waitSignal(tray.sig_alert):
        tray.set_backend(DeadlineAlerts(store))
    # the next tick, same time: nothing new
    with qtbot.assertNotEmitted(tray.sig_alert, wait=200):
        tray.check_now()
        qtbot.waitUntil(lambda: not tray._checking)
    # four hours later the 5 h case is within 1 h (announced again), the 20 h one within 24 h (already)
    tray.clock["now"] = NOW + timedelta(hours=4, minutes=30)
    with qtbot.waitSignal(tray.sig_alert) as blocker:
        tray.check_now()
    assert blocker.args[1] == "1 case(s) due within 1 hour" and blocker.args[2] == due_ids[3]


def test_clicking_the_message_opens_the_most_urgent_case(qtbot, tray, store, due_ids):
    with qtbot.waitSignal(tray.sig_alert):
        tray.set_backend(DeadlineAlerts(store))
    with qtbot.waitSignal(tray.sig_open_case) as blocker:
        tray.icon.messageClicked.emit()
    assert blocker.args == [due_ids[0]]


def test_no_lead_times_means_no_checks(qtbot, tray, store):
    tray.set_lead_times([])
    with qtbot.assertNotEmitted(tray.sig_alert, wait=200):
        tray.set_backend(DeadlineAlerts(store))
    assert not tray.timer.isActive()
    with qtbot.waitSignal(tray.sig_alert):
        tray.set_lead_times(LEADS)
        tray.check_now()


def test_a_failing_backend_is_retried_quietly(qtbot, runner):
    calls = []

    class Broken:
        def due_for_alert(self, now, lead_times, already):
            calls.append(now)
            raise RuntimeError("db is busy")

    tray = DeadlineTray(runner, lead_times=LEADS, interval_ms=3_600_000)
    with qtbot.assertNotEmitted(tray.sig_alert, wait=100):
        tray.set_backend(Broken())
        qtbot.waitUntil(lambda: calls and not tray._checking)
    tray.check_now()
    qtbot.waitUntil(lambda: len(calls) == 2)
    tray.set_backend(None)
    assert not tray.timer.isActive()
