"""The rules page: table model, editor dialog, background back-test with progress / cancel, save and enable."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from acorn_desktop.domain import rules as dr
from acorn_desktop.domain.cases import CaseKind
from acorn_desktop.errors import PermissionDeniedError
from acorn_desktop.services.changes import Actor
from acorn_desktop.services.rules import RuleDraft, RuleSetInfo, RuleState, StoredRule, rule_set_digest
from acorn_desktop.ui import i18n
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.rules_page import (
    BacktestResultModel,
    RuleEditorDialog,
    RuleItem,
    RulesPage,
    RulesTableModel,
)

A = dr.RuleAction
NOW = datetime(2026, 11, 20, tzinfo=UTC)
SMALL = RuleDraft("小额自动批准", (dr.amount_at_most("200", "CNY"),), A.AUTO_APPROVE)
CLAIMS = RuleDraft("索赔需财务", (dr.one_of("kind_in", ["atoz_claim", "chargeback"]),), A.REQUIRE_LEVEL2)
RISKY = RuleDraft("风险高建议驳回", (dr.risk_at_least(80),), A.REJECT_SUGGEST)
REST = RuleDraft("其余一级审批", (), A.REQUIRE_LEVEL1)


def facts(case_id: int, kind="refund", cny="100", risk=10, state="new") -> dr.CaseFacts:
    return dr.CaseFacts(case_id, kind, state, "DE", Decimal(cny), "EUR", Decimal(cny), "DEFECTIVE", "S", None, risk)


HISTORY = [facts(1), facts(2, cny="500"), facts(3, kind="chargeback", cny="900"), facts(4, risk=95, state="refunded"),
           facts(5, cny="150")]  # fmt: skip


class FakeBackend:
    """RuleServices in memory: the same calls, a back-test through the domain tally over HISTORY."""

    def __init__(self, active=(), drafts=()) -> None:
        self.version = 3
        self.next_id = 100
        self.active = [self._stored(d, i, RuleState.ACTIVE) for i, d in enumerate(active, start=1)]
        self.drafts = [self._stored(d, i, RuleState.DRAFT) for i, d in enumerate(drafts, start=1)]
        self.calls: list[str] = []
        self.fail_with: Exception | None = None
        self.block_until_cancel = False
        self.started = threading.Event()

    def _stored(self, draft: RuleDraft, position: int, state: RuleState) -> StoredRule:
        self.next_id += 1
        return StoredRule(self.next_id, draft.name, position, draft.conditions, draft.action, draft.action_arg,
                          draft.description, self.version, state, NOW, 1)  # fmt: skip

    def list_rules(self, include_drafts=True):
        return self.active + (self.drafts if include_drafts else [])

    def assignable_usernames(self):
        return ["li", "wang"]

    def save_draft(self, actor, rules):
        self.calls.append("save")
        if self.fail_with is not None:
            raise self.fail_with
        self.version += 1
        self.drafts = [self._stored(d, i, RuleState.DRAFT) for i, d in enumerate(rules, start=1)]
        return RuleSetInfo(self.version, tuple(r.id for r in self.drafts), rule_set_digest(list(rules)))

    def discard_drafts(self, actor):
        self.calls.append("discard")
        count, self.drafts = len(self.drafts), []
        return count

    def enable_drafts(self, actor, *, expected_digest=None):
        self.calls.append("enable")
        digest = rule_set_digest([r.as_draft() for r in self.drafts])
        assert expected_digest == digest
        self.active = [replace(r, state=RuleState.ACTIVE) for r in self.drafts]
        self.drafts = []
        return RuleSetInfo(self.version, tuple(r.id for r in self.active), digest)

    def backtest(self, actor, rules=None, *, since=None, progress=None, cancel=None):
        self.calls.append("backtest")
        tested = dr.compile_rules(dr.Rule(None, r.name, i, r.conditions, r.action, r.action_arg)
                                  for i, r in enumerate(rules, start=1))  # fmt: skip
        tally = dr.BacktestTally(tested, dr.compile_rules(r.as_rule() for r in self.active))
        progress(0, len(HISTORY))
        for start in range(0, len(HISTORY), 2):
            if self.block_until_cancel and start:
                self.started.set()
                while not cancel():
                    threading.Event().wait(0.005)  # the worker waits for the GUI's cancel
            if cancel():
                return tally.result(total=len(HISTORY), cancelled=True)
            tally.add_all(HISTORY[start : start + 2])
            progress(tally.cases, len(HISTORY))
        return tally.result(total=len(HISTORY), seconds=0.2)


@pytest.fixture
def runner():
    r = BackgroundRunner()
    yield r
    r.shutdown()


@pytest.fixture
def page(qtbot, runner):
    widget = RulesPage(runner, actor=Actor("mgr", 1))
    qtbot.addWidget(widget)
    widget.errors = []
    widget.present_error = widget.errors.append
    widget.questions = []
    widget.confirm = lambda title, text: widget.questions.append(text) or True
    return widget


def load(qtbot, page, backend) -> FakeBackend:
    with qtbot.waitSignal(page.sig_loaded):
        page.set_backend(backend)
    return backend


def cells(model, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


# -- models -----------------------------------------------------------------------------------------------------------
def test_rules_model_passes_the_model_tester_through_edits(qtmodeltester):
    model = RulesTableModel()
    model.set_items([RuleItem(SMALL, RuleState.ACTIVE, 1), RuleItem(CLAIMS, RuleState.ACTIVE, 2)])
    qtmodeltester.check(model)
    model.insert(1, RuleItem(RISKY, RuleState.DRAFT))
    assert model.move(0, 1) and not model.move(2, 1) and not model.move(0, -1)
    assert cells(model, 0) == ["风险高建议驳回", "小额自动批准", "索赔需财务"]
    model.remove(2)
    model.mark_all_draft()
    qtmodeltester.check(model)
    assert [model.headerData(i, Qt.Orientation.Vertical) for i in range(2)] == ["1", "2"]
    assert {item.state for item in model.items()} == {RuleState.DRAFT}
    assert model.index(1, 1).data() == dr.describe_conditions(SMALL.conditions, i18n.current_language())
    assert model.headerData(3, Qt.Orientation.Horizontal) == "State"


def test_result_model_passes_the_model_tester(qtmodeltester):
    tally = dr.BacktestTally(dr.compile_rules([dr.Rule(None, "small", 1, SMALL.conditions, SMALL.action)]),
                             dr.compile_rules([]))  # fmt: skip
    tally.add_all(HISTORY)
    model = BacktestResultModel()
    model.set_result(tally.result())
    qtmodeltester.check(model)
    assert cells(model, 0) == ["1. small", "—"]
    assert cells(model, 2) == ["3", "2"] and cells(model, 3) == ["¥350.00", "¥1,400.00"]


# -- the editor -------------------------------------------------------------------------------------------------------
def test_editor_builds_a_rule_from_condition_rows(qtbot):
    dialog = RuleEditorDialog(None, ["li", "wang"])
    qtbot.addWidget(dialog)
    dialog.name.setText("  小王跟进 ")
    dialog.action.setCurrentIndex(dialog.action.findData("assign"))
    assert dialog.assignee.isEnabled()
    dialog.assignee.setCurrentText("wang")
    amount = dialog.add_condition()
    amount.set_type("amount_max")
    amount.amount.setText("200")
    amount.currency.setCurrentIndex(amount.currency.findData("CNY"))
    kinds = dialog.add_condition()
    kinds.set_type("kind_in")
    kinds.choices.item(kinds.choices.count() - 1).setCheckState(Qt.CheckState.Checked)  # the last kind
    skus = dialog.add_condition()
    skus.set_type("sku_in")
    skus.values.setText("SKU-1, SKU-2,SKU-1")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    draft = dialog.draft()
    assert (draft.name, draft.action, draft.action_arg) == ("小王跟进", A.ASSIGN, "wang")
    assert draft.conditions == (dr.amount_at_most("200", "CNY"), dr.one_of("kind_in", [list(CaseKind)[-1].value]),
                                dr.one_of("sku_in", ["SKU-1", "SKU-2"]))  # fmt: skip


def test_editor_refuses_an_invalid_rule_and_stays_open(qtbot):
    dialog = RuleEditorDialog(None, [])
    qtbot.addWidget(dialog)
    dialog.name.setText("空列表")
    dialog.add_condition().set_type("asin_in")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.draft() is None
    assert not dialog.error.isHidden() and "all[1].values" in dialog.error.text()
    row = dialog.condition_rows()[0]
    row.values.setText("b00abcdefg")
    dialog.accept()
    assert dialog.draft().conditions == (dr.one_of("asin_in", ["B00ABCDEFG"]),)


def test_editor_round_trips_every_condition_kind(qtbot):
    draft = RuleDraft("全部条件", (
        dr.amount_at_least("49.90", "USD"), dr.one_of("marketplace_in", ["DE", "UK"]), dr.risk_at_least(70),
        dr.one_of("buyer_flag_any", ["repeat_claimant"]), dr.one_of("disposition_in", ["DAMAGED"]),
        dr.one_of("reason_in", ["DEFECTIVE", "SWITCHEROO"]),
    ), A.REQUIRE_LEVEL2, None, "说明")  # fmt: skip
    dialog = RuleEditorDialog(draft, [])
    qtbot.addWidget(dialog)
    assert not dialog.assignee.isEnabled()
    assert dialog.build() == draft
    dialog.condition_rows()[0].sig_remove.emit(dialog.condition_rows()[0])
    assert dialog.build().conditions == draft.conditions[1:]


# -- the page ---------------------------------------------------------------------------------------------------------
def test_without_a_backend_nothing_can_be_done(page):
    assert not any(b.isEnabled() for key, b in page.buttons.items())


def test_active_rules_are_shown_and_the_first_edit_makes_a_draft(qtbot, page):
    load(qtbot, page, FakeBackend(active=[SMALL, REST]))
    assert cells(page.model, 0) == ["小额自动批准", "其余一级审批"] and cells(page.model, 3) == ["Active"] * 2
    assert "Active rules: 2 (v3)" in page.set_label.text() and "showing the active rules" in page.set_label.text()
    assert not page.buttons["save"].isEnabled() and not page.buttons["enable"].isEnabled()
    page.select_row(0)
    asked = []
    page.ask_rule = lambda parent, draft, users: asked.append((draft, users)) or CLAIMS
    page.buttons["add"].click()
    assert asked == [(None, ["li", "wang"])]
    assert cells(page.model, 0) == ["小额自动批准", "索赔需财务", "其余一级审批"]
    assert cells(page.model, 3) == ["Draft"] * 3 and page.dirty
    assert page.buttons["save"].isEnabled() and page.buttons["enable"].isEnabled()
    assert "unsaved changes" in page.set_label.text()


def test_edit_move_delete_then_save(qtbot, page):
    backend = load(qtbot, page, FakeBackend(active=[SMALL, CLAIMS, REST]))
    page.select_row(1)
    page.ask_rule = lambda parent, draft, users: replace(draft, name="索赔(改)") if draft == CLAIMS else None
    page.buttons["edit"].click()
    page.buttons["up"].click()
    assert cells(page.model, 0) == ["索赔(改)", "小额自动批准", "其余一级审批"] and page.selected_row() == 0
    assert not page.buttons["up"].isEnabled()
    page.select_row(1)
    page.buttons["delete"].click()
    with qtbot.waitSignal(page.sig_saved) as saved:
        page.buttons["save"].click()
    qtbot.waitUntil(lambda: page.has_saved_draft)
    assert [r.name for r in backend.drafts] == ["索赔(改)", "其余一级审批"]
    assert saved.args[0].version == 4 and not page.dirty
    assert cells(page.model, 3) == ["Draft"] * 2 and "showing the saved draft" in page.set_label.text()


def test_backtest_runs_in_the_background_with_progress_and_fills_the_result(qtbot, page):
    backend = load(qtbot, page, FakeBackend(active=[REST], drafts=[RISKY, SMALL, CLAIMS]))
    with qtbot.waitSignal(page.sig_backtest_finished) as finished:
        page.buttons["backtest"].click()
        assert page.backtesting and not page.buttons["add"].isEnabled() and page.buttons["cancel"].isEnabled()
    result = finished.args[0]
    assert backend.calls == ["backtest"] and not page.backtesting
    assert (result.cases, result.changed.count) == (5, 5)  # the active set sent all five to level 1
    assert page.progress.maximum() == 5 and page.progress.value() == 5 and page.progress.isHidden()
    assert page.result_model.rowCount() == 4
    assert cells(page.result_model, 2) == ["1", "2", "1", "1"]
    text = page.summary.text()
    assert "5 cases, ¥1,750.00 in all" in text
    assert "Outcome changes versus the active rules: 5 case(s) (¥1,750.00)" in text
    assert "Examples: #1, #2, #3, #4, #5" in text
    assert "No rule (handled manually): 1 · ¥500.00" in text
    assert "Would suggest rejecting 1 case(s) that were approved or refunded (¥100.00): #4" in text


def test_backtest_can_be_cancelled(qtbot, page):
    backend = load(qtbot, page, FakeBackend(drafts=[SMALL]))
    backend.block_until_cancel = True
    with qtbot.waitSignal(page.sig_backtest_finished) as finished:
        page.buttons["backtest"].click()
        qtbot.waitUntil(backend.started.is_set)
        page.buttons["cancel"].click()
        assert not page.buttons["cancel"].isEnabled() and page.summary.text() == "Cancelling…"
    assert finished.args[0].cancelled and finished.args[0].cases == 2
    assert "Cancelled after 2 of 5 cases" in page.summary.text()
    assert page.buttons["backtest"].isEnabled()


def test_enable_confirms_with_the_backtest_and_enables_what_is_shown(qtbot, page):
    backend = load(qtbot, page, FakeBackend(active=[REST]))
    page.ask_rule = lambda parent, draft, users: RISKY
    page.buttons["add"].click()  # [REST, RISKY], unsaved
    with qtbot.waitSignal(page.sig_backtest_finished):
        page.buttons["backtest"].click()
    with qtbot.waitSignal(page.sig_enabled):
        page.buttons["enable"].click()
    question = page.questions[0]
    assert "Enable these 2 rules?" in question and "Outcome changes versus the active rules" in question
    assert backend.calls == ["backtest", "save", "enable"]
    assert [r.name for r in backend.active] == ["其余一级审批", "风险高建议驳回"] and backend.drafts == []
    qtbot.waitUntil(lambda: not page.busy and cells(page.model, 3) == ["Active"] * 2)


def test_enable_warns_when_the_rules_were_not_backtested_and_can_be_declined(qtbot, page):
    backend = load(qtbot, page, FakeBackend(active=[REST], drafts=[SMALL]))
    page.confirm = lambda title, text: page.questions.append(text) and False
    page.buttons["enable"].click()
    assert "have not been back-tested" in page.questions[0] and backend.calls == []


def test_discard_returns_to_the_active_rules(qtbot, page):
    backend = load(qtbot, page, FakeBackend(active=[REST], drafts=[SMALL, CLAIMS]))
    assert cells(page.model, 3) == ["Draft"] * 2
    with qtbot.waitSignal(page.sig_loaded):
        page.buttons["discard"].click()
    assert backend.calls == ["discard"] and cells(page.model, 0) == ["其余一级审批"]


@pytest.mark.parametrize(("lang", "expected"), [("zh_CN", "无权修改自动决策规则"), ("en", "may not change")])
def test_refusal_is_shown_in_the_ui_language(qtbot, qapp, page, lang, expected):
    backend = load(qtbot, page, FakeBackend(drafts=[SMALL]))
    backend.fail_with = PermissionDeniedError("「客服」角色无权修改自动决策规则。", "The role may not change rules.")
    page.ask_rule = lambda parent, draft, users: CLAIMS
    page.buttons["add"].click()
    try:
        i18n.install(qapp, lang)
        with qtbot.waitSignal(page.sig_failed):
            page.buttons["save"].click()
    finally:
        i18n.install(qapp, "en")
    assert len(page.errors) == 1 and expected in page.errors[0]
    assert page.dirty and not page.busy and page.buttons["save"].isEnabled()


def test_page_drives_the_real_services(qtbot, store, runner):
    """The protocol matches RuleServices: back-test and enable through a real store as a manager."""
    from acorn_desktop.models import User
    from acorn_desktop.services.demo import seed_demo
    from acorn_desktop.services.rules import RuleServices

    seed_demo(store, cases=30, seed=7)
    with store.session() as session:
        manager = User(username="mgr", display_name="主管", role_code="manager")
        session.add(manager)
        session.flush()
        actor = Actor("mgr", manager.id)
    page = RulesPage(runner, actor=actor)
    qtbot.addWidget(page)
    page.confirm = lambda title, text: True
    page.present_error = pytest.fail
    services = RuleServices(store)
    load(qtbot, page, services)
    assert page.model.rowCount() == 0 and "No active rules" in page.set_label.text()
    assert "showing the active rules" not in page.set_label.text()  # it said so while there were none
    page.ask_rule = lambda parent, draft, users: SMALL
    page.buttons["add"].click()
    with qtbot.waitSignal(page.sig_backtest_finished) as finished:
        page.buttons["backtest"].click()
    assert finished.args[0].cases == 30 and finished.args[0].baseline_version is None
    with qtbot.waitSignal(page.sig_enabled) as enabled:
        page.buttons["enable"].click()
    assert enabled.args[0].version == 1
    qtbot.waitUntil(lambda: cells(page.model, 3) == ["Active"])
    assert [(r.name, r.state) for r in services.list_rules()] == [("小额自动批准", RuleState.ACTIVE)]


def test_a_new_rule_is_safe_by_default_and_auto_approve_needs_a_condition(qtbot):
    """It defaulted to 自动批准 with no condition: a rule that approves every case."""
    dialog = RuleEditorDialog(None, [])
    qtbot.addWidget(dialog)
    assert dialog.action.currentData() == A.REQUIRE_LEVEL1.value
    dialog.name.setText("全部")
    dialog.action.setCurrentIndex(dialog.action.findData(A.AUTO_APPROVE.value))
    dialog.accept()
    assert dialog.draft() is None and "every case" in dialog.error.text()
    amount = dialog.add_condition()
    amount.set_type("amount_max")
    amount.amount.setText("50")
    dialog.accept()
    assert dialog.draft().action == A.AUTO_APPROVE
