"""待确认 in the window: two 主管 resolve a refund with real clicks; the queue marks the case and offers a view."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from clicks import choose
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from acorn_desktop.app import DEMO_PASSWORD, ensure_demo_users
from acorn_desktop.domain.cases import CaseState
from acorn_desktop.models import AuditEntry, Case, OutboxState, RefundOutbox
from acorn_desktop.services import queue, users
from acorn_desktop.services.case_detail import CaseDetailServices
from acorn_desktop.services.demo import seed_demo
from acorn_desktop.services.refund_review import RefundReviewServices
from acorn_desktop.ui import i18n
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.case_detail import CaseDetailPane
from acorn_desktop.ui.queue_model import COLUMN, QueueModel
from acorn_desktop.ui.queue_view import QueueView

LOAD_TIMEOUT = 15_000


@pytest.fixture
def world(store):
    """A small demo store with the demo logins and a second 主管 (four-eyes needs two)."""
    seed_demo(store, cases=40, seed=3)
    ensure_demo_users(store)
    admin = users.login(store, "admin", DEMO_PASSWORD)
    users.create_user(store, admin, "manager2", "赵主管 Manager Zhao", "manager", DEMO_PASSWORD)
    return store


@pytest.fixture
def runner(qapp):
    r = BackgroundRunner()
    yield r
    r.shutdown(wait=True)


@pytest.fixture
def pane(qtbot, qapp, runner, world):
    i18n.install(qapp, "zh_CN")
    p = CaseDetailPane(runner)
    qtbot.addWidget(p)
    p.resize(560, 1000)
    p.show()
    p.set_backend(CaseDetailServices(world))
    p.unconfirmed_actions.set_backend(RefundReviewServices(world))
    yield p
    i18n.install(qapp, "en")


def login(pane: CaseDetailPane, store, username: str):
    session = users.login(store, username, DEMO_PASSWORD)
    pane.set_actor(session.actor)
    pane.unconfirmed_actions.set_session(session)
    return session


def unconfirmed_case(store, *, hours_ago: float) -> tuple[int, int]:
    """(case id, outbox id) of an open case with a 待确认 refund, as a sync whose createFeed answer was lost."""
    with store.session() as session:
        case = session.scalars(
            sa.select(Case).where(Case.state == CaseState.IN_PROGRESS, Case.order_id.is_not(None)).order_by(Case.id)
        ).first()
        since = datetime.now(UTC) - timedelta(hours=hours_ago)
        row = RefundOutbox(
            case_id=case.id, account_id=case.account_id, amazon_order_id=case.amazon_order_id or "302-0000000-0000000",
            order_item_id="12345678901234", adjustment_key=f"ACN{case.id}-TESTKEY00000",
            state=OutboxState.UNCONFIRMED, adjustment_reason="CustomerReturn",
            components={"Principal": "19.99", "Shipping": "4.99"}, amount=Decimal("24.98"), currency=case.currency,
            attempted_at=since, unconfirmed_at=since, unconfirmed_reason="create_unknown",
        )  # fmt: skip
        session.add(row)
        session.flush()
        return case.id, row.id


def show(qtbot, pane: CaseDetailPane, case_id: int):
    with qtbot.waitSignal(pane.sig_loaded, timeout=LOAD_TIMEOUT):
        pane.show_case(case_id)


def click_and_reload(qtbot, pane: CaseDetailPane, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.toolTip()
    with qtbot.waitSignals([pane.sig_case_changed, pane.sig_loaded], timeout=LOAD_TIMEOUT, order="strict"):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def outbox(store, outbox_id: int) -> RefundOutbox:
    with store.reader() as session:
        row = session.get(RefundOutbox, outbox_id)
        session.expunge(row)
        return row


def audit_actions(store, outbox_id: int) -> list[tuple[str, str, dict]]:
    with store.reader() as session:
        entries = session.scalars(
            sa.select(AuditEntry)
            .where(AuditEntry.entity_type == "refund_outbox", AuditEntry.entity_id == str(outbox_id))
            .order_by(AuditEntry.id)
        )
        return [(e.action, e.actor, e.payload or {}) for e in entries]


def row_buttons(pane: CaseDetailPane):
    (row,) = pane.unconfirmed_actions.rows
    return row.done_button, row.request_button, row.confirm_button


def test_two_managers_send_it_again_four_eyes(qtbot, pane, world):
    case_id, outbox_id = unconfirmed_case(world, hours_ago=30)
    first = login(pane, world, "manager")
    show(qtbot, pane, case_id)
    done, request, confirm = row_buttons(pane)
    assert (done.text(), request.text(), confirm.text()) == (
        "已在卖家平台核实,标记为已完成", "申请重新发送", "确认重新发送",
    )  # fmt: skip
    assert not confirm.isEnabled() and confirm.toolTip() == "还没有人申请重新发送"
    click_and_reload(qtbot, pane, request)
    assert outbox(world, outbox_id).resend_requested_by == first.user_id
    assert "需第二位主管确认" in pane.message.text()
    done, request, confirm = row_buttons(pane)
    assert not request.isEnabled() and not confirm.isEnabled()
    assert "四眼" in confirm.toolTip()  # the requester cannot confirm it
    assert pane.unconfirmed_actions.rows[0].status.text() == "你已申请重新发送,等待第二位主管确认。"

    second = login(pane, world, "manager2")
    done, request, confirm = row_buttons(pane)
    assert "另一位主管已申请" in pane.unconfirmed_actions.rows[0].status.text()
    click_and_reload(qtbot, pane, confirm)
    row = outbox(world, outbox_id)
    assert row.state is OutboxState.INTENDED and row.resend_requested_by is None
    actions = audit_actions(world, outbox_id)
    assert [a for a, _, _ in actions][-2:] == ["refund.resend_requested", "refund.resend_confirmed"]
    assert actions[-1][2]["requested_by"] == first.user_id and actions[-1][2]["confirmed_by"] == second.user_id
    assert not pane.unconfirmed_actions.isVisible() and not pane.refund_unconfirmed.isVisible()


def test_a_manager_marks_it_done_with_what_was_verified(qtbot, pane, world):
    case_id, outbox_id = unconfirmed_case(world, hours_ago=30)
    login(pane, world, "manager")
    show(qtbot, pane, case_id)
    done, _, _ = row_buttons(pane)
    qtbot.mouseClick(done, Qt.MouseButton.LeftButton)
    dialog = pane.unconfirmed_actions.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.ok.isEnabled()  # what was verified is required
    qtbot.mouseClick(dialog.note.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.note, "Seller Central: refund 24.98 on 12-05")
    assert dialog.ok.isEnabled()
    with qtbot.waitSignals([pane.sig_case_changed, pane.sig_loaded], timeout=LOAD_TIMEOUT, order="strict"):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert outbox(world, outbox_id).state is OutboxState.DONE
    action, actor, payload = audit_actions(world, outbox_id)[-1]
    assert action == "refund.confirmed_by_person" and payload["note"] == "Seller Central: refund 24.98 on 12-05"
    assert "manager" in actor or "Wang" in actor or "王" in actor
    assert "已标记为已完成" in pane.message.text()


def test_buttons_say_why_they_are_disabled(qtbot, pane, world):
    case_id, outbox_id = unconfirmed_case(world, hours_ago=1)
    show(qtbot, pane, case_id)
    done, request, confirm = row_buttons(pane)
    assert not done.isEnabled() and "主管身份登录" in done.toolTip()  # nobody logged in
    login(pane, world, "finance")
    assert not request.isEnabled() and request.toolTip() == "只有主管可以处理待确认的退款"
    login(pane, world, "manager")
    assert not done.isEnabled() and "未满 24 小时" in done.toolTip()
    with world.session() as session:  # a day without evidence: the buttons are the 主管's now
        session.get(RefundOutbox, outbox_id).unconfirmed_at = datetime.now(UTC) - timedelta(days=2)
    show(qtbot, pane, case_id)
    done, request, confirm = row_buttons(pane)
    assert done.isEnabled() and request.isEnabled() and not confirm.isEnabled()


def test_a_service_refusal_is_shown_in_chinese(qtbot, pane, world):
    """Another 主管 resolved it meanwhile (this pane is stale): the service's refusal is shown, nothing changes."""
    case_id, outbox_id = unconfirmed_case(world, hours_ago=30)
    login(pane, world, "manager")
    show(qtbot, pane, case_id)
    _, request, _ = row_buttons(pane)
    with world.session() as session:
        session.get(RefundOutbox, outbox_id).unconfirmed_at = datetime.now(UTC)  # evidence clock restarted
    qtbot.mouseClick(request, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "未满" in pane.message.text(), timeout=LOAD_TIMEOUT)
    assert outbox(world, outbox_id).resend_requested_by is None
    qtbot.waitUntil(request.isEnabled)  # not stuck busy


def test_screenshot_of_the_unconfirmed_block(qtbot, pane, world, tmp_path):
    case_id, _ = unconfirmed_case(world, hours_ago=30)
    login(pane, world, "manager")
    show(qtbot, pane, case_id)
    _, request, _ = row_buttons(pane)
    click_and_reload(qtbot, pane, request)  # one 主管 asked: the second sees 确认重新发送
    pane.scroll.ensureWidgetVisible(pane.unconfirmed_actions)
    path = tmp_path / "unconfirmed.png"
    assert pane.grab().save(str(path)) and QImage(str(path)).width() == 560
    keep = os.environ.get("ACORN_TEST_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / path.name)


# -- the queue -------------------------------------------------------------------------------------------------
class _Backend:
    def __init__(self, store) -> None:
        self.store = store

    def queue_page(self, query, now, offset, limit, with_count):
        with self.store.reader() as session:
            return queue.load_page(session, query, now, offset, limit, with_count=with_count)


def test_the_queue_marks_the_case_and_the_view_lists_it(qtbot, qapp, runner, world):
    case_id, _ = unconfirmed_case(world, hours_ago=1)
    i18n.install(qapp, "zh_CN")
    try:
        model = QueueModel(runner)
        view = QueueView(model)
        qtbot.addWidget(view)
        view.show()
        with qtbot.waitSignal(view.sig_loaded, timeout=LOAD_TIMEOUT):
            model.set_backend(_Backend(world))
        index = view.view_combo.findData("refund_unconfirmed")
        assert view.view_combo.itemText(index) == "待确认退款"
        with qtbot.waitSignal(view.sig_loaded, timeout=LOAD_TIMEOUT):
            choose(qtbot, view.view_combo, index)
        assert model.rowCount() == 1 and model.case_id(0) == case_id
        cell = model.index(0, COLUMN["state"])
        assert model.data(cell).endswith("· 退款待确认")
        assert model.data(cell, Qt.ItemDataRole.DecorationRole) is not None
        assert "卖家平台" in model.data(cell, Qt.ItemDataRole.ToolTipRole)
        view.set_view_count("refund_unconfirmed", 1)
        assert view.view_combo.itemText(index) == "待确认退款 (1)"
    finally:
        i18n.install(qapp, "en")


def test_other_cases_carry_no_mark(world):
    case_id, _ = unconfirmed_case(world, hours_ago=1)
    with world.reader() as session:
        page = queue.load_page(session, queue.QueueQuery(), datetime.now(UTC), 0, 200, with_count=True)
    marked = [r.id for r in page.rows.values() if r.refund_unconfirmed]
    assert marked == [case_id]
