"""撤回申请 in the main window: enabled only on the requester's own pending request, clicked in the 工单 menu with
the mouse, confirmed with a typed reason — then only that case's row is reloaded (no new queue page)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt
from reply_world import PASSWORD, make_people, make_world

from acorn_desktop.app import StoreBackend
from acorn_desktop.domain.cases import CaseState
from acorn_desktop.services import users
from acorn_desktop.services.approvals import ApprovalServices
from acorn_desktop.ui import i18n
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.main_window import MainWindow, StoreMode
from acorn_desktop.ui.queue_model import COLUMN
from acorn_desktop.ui.settings import Settings

TIMEOUT = 20_000


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    monkeypatch.setattr(users, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def runner(qapp):
    r = BackgroundRunner()
    yield r
    r.shutdown(wait=True)


class CountingBackend(StoreBackend):
    """The real backend, counting the queue pages and single rows the window asks for."""

    def __init__(self, store) -> None:
        super().__init__(store)
        self.pages: list[int] = []
        self.row_requests: list[list[int]] = []

    def queue_page(self, query, now, offset, limit, with_count):
        if limit:  # limit 0: a badge count, not rows
            self.pages.append(offset)
        return super().queue_page(query, now, offset, limit, with_count)

    def queue_rows(self, ids):
        self.row_requests.append(list(ids))
        return super().queue_rows(ids)


@pytest.fixture
def window(qtbot, qapp, tmp_path, runner, store):
    i18n.install(qapp, "zh_CN")
    people, ids = make_people(store), make_world(store)
    settings = Settings(tmp_path / "settings")
    settings.language = "zh_CN"
    win = MainWindow(settings, runner, location="test", mode=StoreMode.DEMO)
    qtbot.addWidget(win)
    win.use_default_geometry()
    win.show()
    qtbot.waitExposed(win)
    backend = CountingBackend(store)
    with qtbot.waitSignal(win.sig_data_loaded, timeout=TIMEOUT):
        win.set_backend(backend)
    yield {"win": win, "backend": backend, "people": people, "ids": ids, "store": store}
    i18n.install(qapp, "en")


def log_in(qtbot, win: MainWindow, store, username: str) -> None:
    session = users.login(store, username, PASSWORD)
    with qtbot.waitSignal(win.withdraw.sig_checked, timeout=TIMEOUT):
        win.user_session.set_session(session)


def select_case(qtbot, win: MainWindow, case_id: int):
    table, model = win.queue_view.table, win.queue_model
    row = model.row_of(case_id)
    with qtbot.waitSignal(win.withdraw.sig_checked, timeout=TIMEOUT) as checked:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                         pos=table.visualRect(model.index(row, COLUMN["order"])).center())  # fmt: skip
    return checked.args[0]


def click_in_cases_menu(qtbot, win: MainWindow, action) -> None:
    bar, menu = win.menuBar(), win.menus["cases"]
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(menu.menuAction()).center())
    qtbot.waitUntil(menu.isVisible)
    centre = menu.actionGeometry(action).center()
    qtbot.mouseMove(menu, centre)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=centre)


def state_cell(win: MainWindow, case_id: int) -> str:
    return win.queue_model.index(win.queue_model.row_of(case_id), COLUMN["state"]).data()


def test_the_requester_withdraws_their_request_from_the_cases_menu(qtbot, window):
    win, backend, store, people = window["win"], window["backend"], window["store"], window["people"]
    case_id, other_id = window["ids"]["return"], window["ids"]["message"]
    ApprovalServices(store, rates={"EUR": Decimal("7.8")}).request(people["agent"], [case_id], "超过我的额度")
    with qtbot.waitSignal(win.queue_view.sig_loaded, timeout=TIMEOUT):
        win.queue_model.refresh()
    action = win.withdraw.withdraw_action
    assert action in win.menus["cases"].actions() and action.text().startswith("撤回申请")

    # someone else (a manager) sees the request but may not withdraw it
    log_in(qtbot, win, store, "manager")
    assert select_case(qtbot, win, case_id) is None and not action.isEnabled()
    # the requester may — on that case only
    log_in(qtbot, win, store, "agent")
    assert select_case(qtbot, win, other_id) is None and not action.isEnabled()
    own = select_case(qtbot, win, case_id)
    assert own is not None and own.case_id == case_id and action.isEnabled()
    assert state_cell(win, case_id) == "待审批"

    pages, other_row = len(backend.pages), win.queue_model.row_data(win.queue_model.row_of(other_id))
    with qtbot.waitSignal(win.withdraw.sig_dialog_opened, timeout=TIMEOUT) as opened:
        click_in_cases_menu(qtbot, win, action)
    dialog = opened.args[0]
    assert f"#{case_id}" in dialog.prompt.text() and "39.99 EUR" in dialog.prompt.text()
    assert dialog.windowTitle() == "撤回申请"
    assert not dialog.ok_button.isEnabled()  # a reason first
    qtbot.keyClicks(dialog.reason, "buyer cancelled the return")
    assert dialog.ok_button.isEnabled()
    with (
        qtbot.waitSignal(win.withdraw.sig_withdrawn, timeout=TIMEOUT) as withdrawn,
        qtbot.waitSignal(win.withdraw.sig_checked, timeout=TIMEOUT) as checked_again,  # checked once more after
    ):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert withdrawn.args[0].case_state is CaseState.IN_PROGRESS
    qtbot.waitUntil(lambda: state_cell(win, case_id) == "处理中", timeout=TIMEOUT)
    assert backend.row_requests == [[case_id]]  # that case's row only …
    assert len(backend.pages) == pages  # … and no queue page was loaded again
    assert win.queue_model.row_data(win.queue_model.row_of(other_id)) is other_row
    assert checked_again.args[0] is None and not action.isEnabled()  # nothing left to withdraw
