"""Issue 5's demo journey through the real window, store and sandbox: a manager logs in, adds a rule, back-tests and
enables it; an operator sends small refunds for approval; the manager approves them in one step; the next sync sends
them to (sandbox) Amazon once and a later one sees Amazon's RefundEvents: the cases end 已退款."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
import sandbox_cases
import sqlalchemy as sa
from PySide6.QtCore import QItemSelection, QItemSelectionModel
from sp_api.auth import access_token_client

from acorn_desktop import models as m
from acorn_desktop.app import StoreBackend, ensure_demo_users
from acorn_desktop.domain import rules as dr
from acorn_desktop.domain.cases import CaseKind, CaseState
from acorn_desktop.formats.adjustment_xml import merchant_adjustment_item_ids
from acorn_desktop.models import RuleAction
from acorn_desktop.sandbox.server import SandboxServer
from acorn_desktop.services.demo import DEMO_ACCOUNTS, seed_demo
from acorn_desktop.services.demo_sync import sandbox_credentials
from acorn_desktop.services.rules import RuleDraft
from acorn_desktop.sync.engine import SyncEngine
from acorn_desktop.ui import i18n
from acorn_desktop.ui.approval_dialog import BatchApproveDialog
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.login_dialog import LoginDialog
from acorn_desktop.ui.main_window import MainWindow, StoreMode
from acorn_desktop.ui.settings import Settings

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
EU = DEMO_ACCOUNTS[next(r for r in DEMO_ACCOUNTS if r.value == "eu")][0]
TIMEOUT = 30_000
RULE = RuleDraft("小额退款主管批准", (dr.amount_at_most("2000", "CNY"), dr.one_of("kind_in", ["refund"])),
                 RuleAction.REQUIRE_LEVEL1)  # fmt: skip


@pytest.fixture
def runner(qapp):
    r = BackgroundRunner()
    yield r
    r.shutdown(wait=True)


@pytest.fixture
def sandbox():
    access_token_client.cache.clear()
    with SandboxServer(seed=7, cases=300, now=NOW, rate_limits=False) as server:
        yield server


@pytest.fixture
def window(qtbot, qapp, tmp_path, runner, store, sandbox):
    i18n.install(qapp, "zh_CN")
    seed_demo(store, cases=300, seed=7, now=NOW)
    ensure_demo_users(store)
    backend = StoreBackend(store, credentials=sandbox_credentials(sandbox))
    backend.engine = SyncEngine(store, sandbox_credentials(sandbox), now=sandbox.world.now, rate_limits=False,
                                timeout=10)  # the sandbox's clock: it is advanced below  # fmt: skip
    win = MainWindow(Settings(tmp_path / "settings"), runner, location="demo", mode=StoreMode.DEMO)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.sig_data_loaded, timeout=TIMEOUT):
        win.set_backend(backend)
    yield win
    i18n.install(qapp, "en")


def log_in(qtbot, win: MainWindow, username: str) -> None:
    feature = win.user_session
    feature.logout()
    feature.login_action.trigger()
    dialog = next(d for d in win.findChildren(LoginDialog) if d.isVisible())
    dialog.username_edit.setText(username)
    dialog.password_edit.setText("acorn-demo")
    with qtbot.waitSignal(feature.sig_user_changed, timeout=TIMEOUT):
        dialog.ok_button.click()
    assert feature.session.username == username


def select_cases(qtbot, win: MainWindow, case_ids: set[int]) -> None:
    """Select the rows of ``case_ids`` in the queue table, as a user would (ctrl-click)."""
    model, table = win.queue_model, win.queue_view.table
    qtbot.waitUntil(lambda: {model.case_id(r) for r in range(model.rowCount())} >= case_ids, timeout=TIMEOUT)
    selection = QItemSelection()
    for row in range(model.rowCount()):
        if model.case_id(row) in case_ids:
            selection.select(model.index(row, 0), model.index(row, model.columnCount() - 1))
    table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert set(win.queue_view.selected_case_ids()) == case_ids


def states(store, case_ids) -> set[CaseState]:
    with store.reader() as s:
        return set(s.scalars(sa.select(m.Case.state).where(m.Case.id.in_(case_ids))))


def test_manager_rule_backtest_batch_approval_and_refunds_back_from_the_sandbox(qtbot, window, store, sandbox):
    win = window
    candidates = sandbox_cases.pick(store, sandbox, CaseKind.REFUND, refunded=False, account=EU, n=12)
    with store.reader() as s:
        fresh = s.scalars(
            sa.select(m.Case.id).where(
                m.Case.id.in_(candidates), m.Case.state.in_([CaseState.NEW, CaseState.IN_PROGRESS])
            )
        )
        cases = set(sorted(fresh)[:3])  # fmt: skip
    assert len(cases) == 3

    # 1. the manager adds a rule, back-tests it over the stored history and enables it
    log_in(qtbot, win, "manager")
    page = win.user_session.rules_page
    page.confirm = lambda _title, _text: True
    page.present_error = pytest.fail
    page.ask_rule = lambda _parent, _draft, _users: RULE
    page.buttons["add"].click()
    with qtbot.waitSignal(page.sig_backtest_finished, timeout=TIMEOUT) as backtest:
        page.buttons["backtest"].click()
    assert backtest.args[0].cases > 0
    with qtbot.waitSignal(page.sig_enabled, timeout=TIMEOUT):
        page.buttons["enable"].click()

    # 2. the operator sends the three refunds for approval: the rule routes them to a manager
    log_in(qtbot, win, "operator")
    win.queue_actions.ask_reason = lambda _parent, _count: "买家已退回商品,申请退款"
    win.queue_actions.present_error = pytest.fail
    select_cases(qtbot, win, cases)
    with qtbot.waitSignal(win.queue_actions.sig_cases_changed, timeout=TIMEOUT):
        win.queue_actions.send_to_approval.trigger()
    assert states(store, cases) == {CaseState.AWAITING_APPROVAL}
    with store.reader() as s:
        assert set(s.scalars(sa.select(m.Approval.rule_name).where(m.Approval.case_id.in_(cases)))) == {RULE.name}

    # 3. the manager approves them in one step from 待我审批
    log_in(qtbot, win, "manager")
    with qtbot.waitSignal(win.queue_view.sig_loaded, timeout=TIMEOUT):
        win.queue_view.choose_view("awaiting_me")
    select_cases(qtbot, win, cases)
    win.user_session.batch_action.trigger()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in win.findChildren(BatchApproveDialog)), timeout=TIMEOUT)
    dialog = next(d for d in win.findChildren(BatchApproveDialog) if d.isVisible())
    assert len(dialog.items) == 3 and "3" in dialog.summary_label.text()
    with qtbot.waitSignal(win.user_session.sig_decided, timeout=TIMEOUT):
        dialog.ok_button.click()
    assert states(store, cases) == {CaseState.APPROVED}

    # 4. the next sync sends them as POST_PAYMENT_ADJUSTMENT_DATA; Amazon's RefundEvents come with a later one
    with qtbot.waitSignal(win.sync.sig_sync_finished, timeout=TIMEOUT):
        win.sync.sync_now.trigger()
    assert states(store, cases) == {CaseState.REFUND_SUBMITTED}
    sandbox.advance(600)  # the RefundEvents are older than the Finances safety lag now
    with qtbot.waitSignal(win.sync.sig_sync_finished, timeout=TIMEOUT):
        win.sync.sync_now.trigger()
    assert states(store, cases) == {CaseState.REFUNDED}
    world = sandbox.world
    sent = Counter(
        k for f in world.feeds.values() for k in merchant_adjustment_item_ids(world.documents[f.input_document_id].data)
    )
    with store.reader() as s:
        keys = list(s.scalars(sa.select(m.RefundOutbox.adjustment_key).where(m.RefundOutbox.case_id.in_(cases))))
    assert keys and all(sent[k] == 1 for k in keys)  # every approved adjustment reached Amazon exactly once

    # the detail pane says so
    case_id = min(cases)
    with qtbot.waitSignal(win.detail.sig_loaded, timeout=TIMEOUT):
        win.detail.show_case(case_id)
    assert win.detail.detail.state is CaseState.REFUNDED
