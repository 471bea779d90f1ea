"""Approval dialogs over the real approval service (routing and the outbox replaced by stand-ins)."""

from __future__ import annotations

import importlib
import sys
import types
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QDialog

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind, CaseState
from acorn_desktop.models import Approval, ApprovalStatus, Case, RefundOutbox, RuleAction
from acorn_desktop.services import users
from acorn_desktop.services.approvals import ApprovalServices
from acorn_desktop.services.changes import Actor, ActorBound
from acorn_desktop.ui import i18n
from acorn_desktop.ui.approval_dialog import BatchApproveDialog, BreakdownModel, RequestApprovalDialog
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.decision_dialog import ApprovalDecisionDialog

PASSWORD = "correct horse battery"


@pytest.fixture
def runner():
    r = BackgroundRunner()
    yield r
    r.shutdown()


def patch_module(monkeypatch, name: str, **functions) -> None:
    full = f"acorn_desktop.services.{name}"
    try:
        module = importlib.import_module(full)
    except ModuleNotFoundError:
        module = types.ModuleType(full)
        monkeypatch.setitem(sys.modules, full, module)
    for attr, fn in functions.items():
        monkeypatch.setattr(module, attr, fn, raising=False)


@pytest.fixture
def routes(monkeypatch) -> dict:
    """Case id → routing answer; refunds queued as plain outbox rows."""
    answers: dict = {}

    def breakdown(session, case):
        parts = {"Principal": case.amount - 2, "Shipping": Decimal("2.00")}
        return types.SimpleNamespace(
            components=parts, adjustment_reason="CustomerReturn", currency=case.currency, total=case.amount
        )

    def enqueue(session, case, who, *, approval_id=None, components=None, adjustment_reason=None, request_id=None):
        row = RefundOutbox(case_id=case.id, approval_id=approval_id, adjustment_key=f"{case.id}-{approval_id}",
                           amazon_order_id="302-1", adjustment_reason=adjustment_reason or "CustomerReturn",
                           components={k: str(v) for k, v in (components or {}).items()}, amount=case.amount,
                           currency=case.currency)  # fmt: skip
        session.add(row)
        session.flush()
        return [row]

    patch_module(monkeypatch, "rules", route_case=lambda session, case, rates=None: answers.get(case.id))
    patch_module(monkeypatch, "refunds", default_breakdown=breakdown, enqueue_refund=enqueue)
    monkeypatch.setattr(users, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    return answers


@pytest.fixture
def people(store, routes) -> dict[str, Actor]:
    admin = users.create_user(store, None, "admin", "管理员", "admin", PASSWORD)
    result = {}
    for name, role in (("cs", "cs"), ("operator", "operator"), ("manager", "manager")):
        info = users.create_user(store, Actor("admin", admin.id), name, f"{name}-名", role, PASSWORD)
        result[name] = Actor(info.username, info.id)
    return result


def bound(store, who: Actor):
    return ActorBound(ApprovalServices(store), who)


_refs = iter(range(1, 1000))


def add_case(store, amount="19.99", *, risk=0, kind=CaseKind.REFUND) -> int:
    with store.session() as session:
        account = session.scalar(sa.select(m.SellerAccount).limit(1))
        if account is None:
            account = m.SellerAccount(name="店铺A", region="eu", selling_partner_id="A1", is_sandbox=True)
            session.add(account)
            session.flush()
        opened = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
        case = Case(account_id=account.id, marketplace_code="DE", kind=kind, source="manual",
                    source_ref=f"R-{next(_refs)}", amazon_order_id="302-7654321-7654321", amount=Decimal(amount),
                    currency="EUR", opened_at=opened, deadline_at=opened + timedelta(days=2),
                    risk_score=risk)  # fmt: skip
        session.add(case)
        session.flush()
        return case.id


def approval_rows(store, case_id) -> list[Approval]:
    with store.reader() as session:
        rows = list(session.scalars(sa.select(Approval).where(Approval.case_id == case_id).order_by(Approval.id)))
        session.expunge_all()
        return rows


# -- the breakdown model ---------------------------------------------------------------------------------------
def test_breakdown_model_contract_and_editing(qtmodeltester):
    model = BreakdownModel(editable=True)
    model.set_components([("Principal", Decimal("17.99")), ("Shipping", Decimal("2.00"))], "EUR")
    qtmodeltester.check(model)
    changes = []
    model.sig_total_changed.connect(lambda: changes.append(model.total()))
    amount = model.index(0, BreakdownModel.AMOUNT)
    assert model.data(amount) == "17.99" and model.total() == Decimal("19.99")
    assert model.setData(amount, "15.50") and model.total() == Decimal("17.50") and changes[-1] == Decimal("17.50")
    assert not model.setData(amount, "1.234") and not model.setData(amount, "abc")  # cents only, numbers only
    assert not model.setData(model.index(1, 0), "Principal")  # each type once
    assert not model.setData(model.index(1, 0), "Bribe")
    row = model.add_row()
    assert model.data(model.index(row, 0)) == "Tax" and model.edited
    assert model.setData(model.index(row, 0), "RestockingFee") and model.setData(model.index(row, 1), "-3.00")
    assert "negative" in model.data(model.index(row, 0), Qt.ItemDataRole.ToolTipRole)
    qtmodeltester.check(model)
    assert model.components() == {"Principal": Decimal("15.50"), "Shipping": Decimal("2.00"),
                                  "RestockingFee": Decimal("-3.00")}  # fmt: skip
    assert model.remove_row(row) and model.total() == Decimal("17.50") and not model.remove_row(9)
    yen = BreakdownModel(editable=True)
    yen.set_components([("Principal", Decimal("1500"))], "JPY")
    assert not yen.setData(yen.index(0, 1), "10.5") and yen.setData(yen.index(0, 1), "1,200")
    readonly = BreakdownModel()
    readonly.set_components([("Principal", Decimal("1"))], "EUR")
    assert not readonly.flags(readonly.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    assert not readonly.setData(readonly.index(0, 1), "2") and readonly.rowCount(readonly.index(0, 0)) == 0
    qtmodeltester.check(readonly)
    assert model.rowCount(QModelIndex()) == 2


# -- (a) request -----------------------------------------------------------------------------------------------
def open_request(qtbot, store, runner, who, case_id, **kw) -> RequestApprovalDialog:
    dialog = RequestApprovalDialog(bound(store, who), runner, case_id, **kw)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.sig_loaded):
        dialog.show()
    return dialog


def test_request_dialog_edits_the_breakdown_with_a_live_cny_total(qtbot, qtmodeltester, store, runner, people):
    case_id = add_case(store, "19.99")
    dialog = open_request(qtbot, store, runner, people["cs"], case_id)
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 2 and "19.99 EUR" in dialog.total_label.text()
    assert "¥155.92" in dialog.total_label.text()  # 19.99 × 7.80
    assert not dialog.ok_button.isEnabled()  # no reason yet
    qtbot.keyClicks(dialog.reason_edit, "damaged on arrival")
    assert dialog.ok_button.isEnabled()
    dialog.model.setData(dialog.model.index(0, 1), "10.00")
    assert "12.00 EUR" in dialog.total_label.text() and "¥93.60" in dialog.total_label.text()
    dialog.table.selectRow(1)
    dialog.remove_button.click()
    assert "10.00 EUR" in dialog.total_label.text()
    dialog.model.setData(dialog.model.index(0, 1), "0")
    assert not dialog.ok_button.isEnabled()  # nothing to refund
    dialog.model.setData(dialog.model.index(0, 1), "11.00")
    dialog.reason_combo.setCurrentIndex(dialog.reason_combo.findData("GeneralAdjustment"))
    with qtbot.waitSignal(dialog.sig_requested) as blocker:
        dialog.ok_button.click()
    assert blocker.args[0].case_ids == (case_id,) and dialog.result() == QDialog.DialogCode.Accepted
    [approval] = approval_rows(store, case_id)
    assert approval.components == {"Principal": "11.00"} and approval.adjustment_reason == "GeneralAdjustment"
    assert approval.reason == "damaged on arrival" and approval.amount == Decimal("11.00")


def test_request_dialog_sends_the_default_when_untouched_and_the_chosen_evidence(qtbot, store, runner, people):
    case_id = add_case(store, "19.99")
    with store.session() as session:
        item = m.EvidenceAttachment(case_id=case_id, category="photo", filename="box.jpg", media_type="image/jpeg",
                                    size=3, sha256="a" * 64, content=b"abc")  # fmt: skip
        session.add(item)
        session.flush()
        evidence = types.SimpleNamespace(id=item.id, filename="box.jpg", category="photo")
    dialog = open_request(qtbot, store, runner, people["cs"], case_id, evidence=[evidence])
    assert dialog.selected_evidence() == [evidence.id]
    qtbot.keyClicks(dialog.reason_edit, "photo attached")
    with qtbot.waitSignal(dialog.sig_requested) as blocker:
        dialog.ok_button.click()
    [approval] = approval_rows(store, case_id)
    assert approval.components == {"Principal": "17.99", "Shipping": "2.00"}
    view = ApprovalServices(store).view(people["manager"], blocker.args[0].outcomes[0].approval_ids[0])
    assert [e.filename for e in view.evidence] == ["box.jpg"]


def test_request_refusal_is_shown_in_the_dialog(qtbot, qapp, store, runner, people):
    case_id = add_case(store)
    dialog = open_request(qtbot, store, runner, people["cs"], case_id)
    qtbot.keyClicks(dialog.reason_edit, "reason")
    with store.session() as session:  # someone else moved the case meanwhile
        session.get(Case, case_id).state = CaseState.CLOSED
    try:
        i18n.install(qapp, "zh_CN")
        with qtbot.waitSignal(dialog.sig_failed):
            dialog.ok_button.click()
    finally:
        i18n.install(qapp, "en")
    assert "工单" in dialog.message_label.text() and dialog.isVisible()
    assert approval_rows(store, case_id) == [] and dialog.ok_button.isEnabled()


def test_request_dialog_for_a_case_without_a_refund_hides_the_breakdown(qtbot, store, runner, people):
    case_id = add_case(store, kind=CaseKind.CHARGEBACK)
    dialog = open_request(qtbot, store, runner, people["cs"], case_id)
    assert not dialog.breakdown_box.isVisible() and dialog.model.rowCount() == 0
    qtbot.keyClicks(dialog.reason_edit, "accept the chargeback")
    with qtbot.waitSignal(dialog.sig_requested):
        dialog.ok_button.click()
    assert approval_rows(store, case_id)[0].components is None


# -- (b) decide ------------------------------------------------------------------------------------------------
def open_decision(qtbot, store, runner, who, approval_id) -> ApprovalDecisionDialog:
    dialog = ApprovalDecisionDialog(bound(store, who), runner, approval_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.sig_loaded):
        dialog.show()
    return dialog


def request(store, people, case_id) -> int:
    return ApprovalServices(store).request(people["cs"], [case_id], "买家说坏了").outcomes[0].approval_ids[0]


def test_decision_dialog_shows_everything_and_approves(qtbot, qtmodeltester, store, runner, people, routes):
    case_id = add_case(store, "19.99", risk=90)
    routes[case_id] = types.SimpleNamespace(rule_id=None, rule_name="高风险人工", action=RuleAction.REJECT_SUGGEST,
                                            action_arg=None)  # fmt: skip
    approval_id = request(store, people, case_id)
    dialog = open_decision(qtbot, store, runner, people["operator"], approval_id)
    qtmodeltester.check(dialog.model)
    f = dialog.fields
    assert "cs-名" in f["requester"].text() and f["reason"].text() == "买家说坏了"
    assert "302-7654321-7654321" in f["order"].text() and f"#{case_id}" in f["case"].text()
    assert "高风险人工" in f["rule"].text() and "Suggest rejection" in f["rule"].text()
    assert f["suggestion"].text() == "Reject" and "90" in f["signals"].text() and f["risk"].text() == "90"
    assert "default clock" in f["policy"].text()
    assert "19.99 EUR" in f["total"].text() and "¥155.92" in f["total"].text()
    assert dialog.model.rowCount() == 2 and f["adjustment_reason"].text() == "Buyer return"
    assert dialog.approve_button.isEnabled() and not dialog.reject_button.isEnabled()  # reject needs a comment
    qtbot.keyClicks(dialog.comment_edit, "ok")
    assert dialog.reject_button.isEnabled() and dialog.return_button.isEnabled()
    with qtbot.waitSignal(dialog.sig_decided) as blocker:
        dialog.approve_button.click()
    assert blocker.args[0].case_state is CaseState.APPROVED and blocker.args[0].outbox_ids
    assert approval_rows(store, case_id)[0].comment == "ok"


def test_decision_dialog_over_the_limit_allows_only_reject_and_return(qtbot, qapp, store, runner, people):
    case_id = add_case(store, "30.00")  # 234 CNY > the operator's 200
    approval_id = request(store, people, case_id)
    try:
        i18n.install(qapp, "zh_CN")
        dialog = open_decision(qtbot, store, runner, people["operator"], approval_id)
        assert not dialog.approve_button.isEnabled() and "审批额度" in dialog.approve_button.toolTip()
        assert "审批额度" in dialog.message_label.text()
    finally:
        i18n.install(qapp, "en")
    qtbot.keyClicks(dialog.comment_edit, "please ask the manager")
    with qtbot.waitSignal(dialog.sig_decided) as blocker:
        dialog.return_button.click()
    assert blocker.args[0].case_state is CaseState.IN_PROGRESS
    assert approval_rows(store, case_id)[0].status is ApprovalStatus.RETURNED


def test_the_requester_sees_the_request_but_cannot_decide(qtbot, store, runner, people):
    approval_id = ApprovalServices(store).request(people["operator"], [add_case(store, "5.00")], "x")
    dialog = open_decision(qtbot, store, runner, people["operator"], approval_id.outcomes[0].approval_ids[0])
    qtbot.keyClicks(dialog.comment_edit, "withdraw")
    assert not any(b.isEnabled() for b in (dialog.approve_button, dialog.reject_button, dialog.return_button))
    assert "four-eyes" in dialog.message_label.text()


def test_a_decision_refused_by_the_service_is_shown(qtbot, store, runner, people):
    case_id = add_case(store, "5.00")
    approval_id = request(store, people, case_id)
    dialog = open_decision(qtbot, store, runner, people["operator"], approval_id)
    ApprovalServices(store).decide(people["manager"], approval_id, "approve")  # a colleague was faster
    with qtbot.waitSignal(dialog.sig_failed):
        dialog.approve_button.click()
    assert "changed by someone else" in dialog.message_label.text() and dialog.isVisible()


# -- (c) batch -------------------------------------------------------------------------------------------------
def test_batch_dialog_lists_count_and_cny_total_and_leaves_out_what_is_over_the_limit(qtbot, store, runner, people):
    add_case(store, "1.00"), add_case(store, "2.00")  # case numbers and approval numbers differ from here on
    ids = [request(store, people, add_case(store, amount)) for amount in ("10.00", "12.00", "30.00")]
    pending = ApprovalServices(store).pending_for(people["operator"])
    assert sorted(p.approval_id for p in pending) == sorted(ids)
    dialog = BatchApproveDialog(bound(store, people["operator"]), runner, pending)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.list.count() == 2 and "2" in dialog.summary_label.text()
    assert "¥171.60" in dialog.summary_label.text()  # (10 + 12) × 7.80
    by_id = {p.approval_id: p for p in pending}
    # Case numbers, as in the queue — not approval ids; and the title of the menu item that opens it.
    assert sorted(dialog.list.item(r).text().split(" · ")[0] for r in range(2)) == sorted(
        f"Case #{by_id[a].case_id}" for a in ids[:2]
    )
    assert dialog.skipped_label.isVisible() and f"cases #{by_id[ids[2]].case_id}" in dialog.skipped_label.text()
    assert dialog.windowTitle() == "Approve Selected in One Step"
    with qtbot.waitSignal(dialog.sig_approved) as blocker:
        dialog.ok_button.click()
    assert blocker.args[0].total_cny == Decimal("171.60") and len(blocker.args[0].results) == 2
    assert [approval_rows(store, a.case_id)[0].status for a in pending if a.approval_id != ids[2]] == [
        ApprovalStatus.APPROVED] * 2  # fmt: skip
    assert ApprovalServices(store).pending_for(people["operator"])[0].approval_id == ids[2]


# -- (b') keys: approve / reject / return, and on to the next approval ----------------------------------------
def press(qtbot, dialog, key, modifiers) -> None:
    qtbot.keyClick(dialog.comment_edit, key, modifiers)


CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def test_decision_keys_decide_and_move_on_in_the_same_order(qtbot, store, runner, people):
    first, second, third = (request(store, people, add_case(store, "5.00")) for _ in range(3))
    dialog = open_decision(qtbot, store, runner, people["operator"], second)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert "Ctrl+Return" in dialog.approve_button.toolTip() and "Ctrl+Shift+R" in dialog.reject_button.toolTip()
    assert "Ctrl+Shift+I" in dialog.return_button.toolTip()
    # Ctrl+Shift+N: the next one in 待我审批's order, and at the end it stays
    with qtbot.waitSignal(dialog.sig_loaded):
        press(qtbot, dialog, Qt.Key.Key_N, CTRL | SHIFT)
    assert dialog.approval_id == third and dialog.windowTitle() == f"Approval #{third}"
    with qtbot.waitSignal(dialog.keys.sig_no_next):
        press(qtbot, dialog, Qt.Key.Key_N, CTRL | SHIFT)
    assert dialog.approval_id == third and "No more approvals" in dialog.message_label.text()
    # Ctrl+Enter approves; nothing waits after the last one: the dialog closes
    with qtbot.waitSignal(dialog.sig_decided) as decided:
        press(qtbot, dialog, Qt.Key.Key_Return, CTRL)
    assert decided.args[0].approval_id == third and decided.args[0].case_state is CaseState.APPROVED
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == QDialog.DialogCode.Accepted

    dialog = open_decision(qtbot, store, runner, people["operator"], first)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    press(qtbot, dialog, Qt.Key.Key_R, CTRL | SHIFT)  # a rejection needs its comment: nothing happens
    assert approval_rows(store, approval_case(store, first))[0].status is ApprovalStatus.PENDING
    qtbot.keyClicks(dialog.comment_edit, "no photos")
    with qtbot.waitSignal(dialog.sig_loaded):  # rejected, and on to the next one waiting: the second
        press(qtbot, dialog, Qt.Key.Key_R, CTRL | SHIFT)
    assert approval_rows(store, approval_case(store, first))[0].status is ApprovalStatus.REJECTED
    assert dialog.approval_id == second and dialog.comment_edit.toPlainText() == ""
    assert f"#{first} rejected" in dialog.message_label.text()
    qtbot.keyClicks(dialog.comment_edit, "which carrier?")
    with qtbot.waitSignal(dialog.sig_decided):
        press(qtbot, dialog, Qt.Key.Key_I, CTRL | SHIFT)
    qtbot.waitUntil(lambda: not dialog.isVisible())  # the third was approved already: nothing left
    assert approval_rows(store, approval_case(store, second))[0].status is ApprovalStatus.RETURNED


def approval_case(store, approval_id) -> int:
    with store.reader() as session:
        return session.get(Approval, approval_id).case_id
