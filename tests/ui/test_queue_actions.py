"""Queue bulk actions in the UI: dialogs, background service calls, sig_cases_changed, errors in the UI language."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialogButtonBox, QMainWindow

from acorn_desktop.domain.cases import CaseState
from acorn_desktop.models import Approval, Case
from acorn_desktop.services.case_actions import CaseActions, ensure_local_user
from acorn_desktop.services.demo import seed_demo
from acorn_desktop.ui import i18n
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.queue_actions import QueueActions, ReasonDialog


@pytest.fixture
def seeded(store):
    seed_demo(store, cases=40, seed=5)
    return store


@pytest.fixture
def runner():
    r = BackgroundRunner()
    yield r
    r.shutdown()


@pytest.fixture
def feature(qtbot, seeded, runner):
    window = QMainWindow()
    qtbot.addWidget(window)
    selection: list[int] = []
    actions = QueueActions(window, runner, lambda: list(selection))
    actions.selection = selection  # the test's handle on "what the queue has selected"
    actions.errors = []
    actions.present_error = actions.errors.append
    actions.set_backend(CaseActions(seeded))
    return actions


def ids_in(store, *states: CaseState, n: int) -> list[int]:
    with store.reader() as session:
        return list(session.scalars(sa.select(Case.id).where(Case.state.in_(states)).order_by(Case.id).limit(n)))


def states_of(store, ids) -> set[CaseState]:
    with store.reader() as session:
        return set(session.scalars(sa.select(Case.state).where(Case.id.in_(ids))))


def test_actions_shortcuts_and_menus(feature):
    assert feature.send_to_approval.shortcut() == QKeySequence("Ctrl+Shift+A")
    assert feature.mark_handled.shortcut() == QKeySequence("Ctrl+D")
    assert [key for key, _ in feature.menu_actions()] == ["file"] * 3
    assert feature.assign.menu() is feature.assign_menu
    assert feature.toolbar_actions() == [feature.send_to_approval, feature.mark_handled]
    assert all(a.isEnabled() for a in feature.context_menu_actions())


def test_disabled_without_a_backend(qtbot, runner):
    window = QMainWindow()
    qtbot.addWidget(window)
    actions = QueueActions(window, runner, lambda: [1], menu="cases")
    assert not actions.send_to_approval.isEnabled() and not actions.mark_handled.isEnabled()
    assert {key for key, _ in actions.menu_actions()} == {"cases"}


def test_send_to_approval_asks_for_a_reason_and_reports_the_cases(qtbot, feature, seeded):
    ids = ids_in(seeded, CaseState.NEW, n=3)
    feature.selection[:] = ids
    asked = []
    feature.ask_reason = lambda parent, count: asked.append(count) or "超出客服权限"
    with qtbot.waitSignal(feature.sig_cases_changed) as blocker:
        feature.send_to_approval.trigger()
        assert feature.busy and not feature.mark_handled.isEnabled()  # no double submit while it runs
    assert blocker.args == [ids] and asked == [3]
    assert states_of(seeded, ids) == {CaseState.AWAITING_APPROVAL}
    with seeded.reader() as session:
        assert session.scalar(sa.select(sa.func.count()).where(Approval.case_id.in_(ids))) == 3
    assert not feature.busy and feature.mark_handled.isEnabled()


def test_cancelled_reason_dialog_changes_nothing(qtbot, feature, seeded):
    ids = ids_in(seeded, CaseState.NEW, n=1)
    feature.selection[:] = ids
    feature.ask_reason = lambda parent, count: None
    with qtbot.assertNotEmitted(feature.sig_cases_changed, wait=100):
        feature.send_to_approval.trigger()
    assert states_of(seeded, ids) == {CaseState.NEW}


def test_mark_handled_confirms_more_than_one_case(qtbot, feature, seeded):
    ids = ids_in(seeded, CaseState.NEW, CaseState.IN_PROGRESS, n=2)
    feature.selection[:] = ids
    questions = []
    feature.confirm = lambda title, text: questions.append(text) or False
    with qtbot.assertNotEmitted(feature.sig_cases_changed, wait=100):
        feature.mark_handled.trigger()
    assert len(questions) == 1 and "2" in questions[0]
    feature.confirm = lambda title, text: True
    with qtbot.waitSignal(feature.sig_cases_changed) as blocker:
        feature.mark_handled.trigger()
    assert blocker.args == [ids] and states_of(seeded, ids) == {CaseState.CLOSED}


def test_mark_handled_single_case_needs_no_confirmation(qtbot, feature, seeded):
    ids = ids_in(seeded, CaseState.NEW, n=1)
    feature.selection[:] = ids
    feature.confirm = lambda title, text: pytest.fail("asked for one case")
    with qtbot.waitSignal(feature.sig_cases_changed):
        feature.mark_handled.trigger()


@pytest.mark.parametrize(("lang", "expected"), [("zh_CN", "不能标记为已处理"), ("en", "cannot be marked as handled")])
def test_refusal_is_shown_in_the_ui_language_and_changes_nothing(qtbot, qapp, feature, seeded, lang, expected):
    good = ids_in(seeded, CaseState.NEW, n=1)
    feature.selection[:] = good
    feature.ask_reason = lambda parent, count: "理由"
    with qtbot.waitSignal(feature.sig_cases_changed):
        feature.send_to_approval.trigger()  # now awaiting approval: cannot be closed
    others = ids_in(seeded, CaseState.IN_PROGRESS, n=1)
    feature.selection[:] = good + others
    feature.confirm = lambda title, text: True
    try:
        i18n.install(qapp, lang)
        with qtbot.waitSignal(feature.sig_failed):
            feature.mark_handled.trigger()
    finally:
        i18n.install(qapp, "en")
    assert len(feature.errors) == 1 and expected in feature.errors[0] and f"#{good[0]}" in feature.errors[0]
    assert states_of(seeded, others) == {CaseState.IN_PROGRESS}
    assert feature.mark_handled.isEnabled()


def test_assign_menu_lists_users_and_assigns(qtbot, feature, seeded):
    wang = ensure_local_user(seeded, "wang", "王小明", "operator")
    feature._refresh_users()
    qtbot.waitUntil(lambda: bool(feature.users))
    entries = [a for a in feature.assign_menu.actions() if a.data() == wang]
    assert len(entries) == 1 and "王小明" in entries[0].text()
    assert feature.unassign in feature.assign_menu.actions() and feature.new_user in feature.assign_menu.actions()

    ids = ids_in(seeded, CaseState.NEW, n=2)
    feature.selection[:] = ids
    messages = []
    feature.sig_message.connect(messages.append)
    with qtbot.waitSignal(feature.sig_cases_changed) as blocker:
        entries[0].trigger()
    assert blocker.args == [ids] and "王小明" in messages[-1]
    with seeded.reader() as session:
        assert set(session.scalars(sa.select(Case.assignee_id).where(Case.id.in_(ids)))) == {wang}
    with qtbot.waitSignal(feature.sig_cases_changed):
        feature.unassign.trigger()
    with seeded.reader() as session:
        assert set(session.scalars(sa.select(Case.assignee_id).where(Case.id.in_(ids)))) == {None}


def test_new_local_user_appears_in_the_menu(qtbot, feature):
    feature.ask_user_name = lambda: "李雷"
    with qtbot.waitSignal(feature.sig_message):
        feature.new_user.trigger()
    qtbot.waitUntil(lambda: [u.display_name for u in feature.users] == ["李雷"])
    assert any("李雷" in a.text() for a in feature.assign_menu.actions())


def test_empty_selection_says_what_to_do(qtbot, feature):
    feature.ask_reason = lambda parent, count: pytest.fail("no dialog without a selection")
    with qtbot.waitSignal(feature.sig_message):
        feature.send_to_approval.trigger()


def test_reason_dialog_needs_text(qtbot):
    dialog = ReasonDialog(3)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    qtbot.keyClicks(dialog.text, "  over limit  ")  # QTest types Latin-1 only
    assert ok.isEnabled() and dialog.reason() == "over limit"
    dialog.text.setPlainText("x" * 1001)
    assert not ok.isEnabled()
