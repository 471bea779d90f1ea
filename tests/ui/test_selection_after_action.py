"""After an action on a case the queue reloads; the selection stays on that case, or moves to the next one.

Driven by the real shortcuts (J to move, Ctrl+D 标记为已处理, Ctrl+Shift+A 发送审批), in a 1120×720 window.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from acorn_desktop.app import StoreBackend
from acorn_desktop.services.demo import seed_demo
from acorn_desktop.ui import i18n
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.main_window import MainWindow, StoreMode
from acorn_desktop.ui.settings import Settings

TIMEOUT = 20_000


@pytest.fixture
def runner(qapp):
    r = BackgroundRunner()
    yield r
    r.shutdown(wait=True)


@pytest.fixture(params=["zh_CN", "en"])
def window(request, qtbot, qapp, tmp_path, runner, store):
    i18n.install(qapp, request.param)
    seed_demo(store, cases=120, seed=3)
    settings = Settings(tmp_path / "settings")
    settings.language = request.param
    win = MainWindow(settings, runner, location="demo", mode=StoreMode.DEMO)
    qtbot.addWidget(win)
    win.use_default_geometry()
    win.show()
    qtbot.waitExposed(win)
    with qtbot.waitSignal(win.sig_data_loaded, timeout=TIMEOUT):
        win.set_backend(StoreBackend(store))
    yield win
    i18n.install(qapp, "en")


def current_case(win: MainWindow) -> int | None:
    index = win.queue_view.table.currentIndex()
    return win.queue_model.case_id(index.row()) if index.isValid() else None


def go_to_row(qtbot, win: MainWindow, row: int) -> None:
    table = win.queue_view.table
    table.setFocus()
    for _ in range(row):
        qtbot.keyClick(table, Qt.Key.Key_J)
    assert table.currentIndex().row() == row


def test_mark_handled_moves_to_the_next_case_in_sort_order(qtbot, window):
    go_to_row(qtbot, window, 3)
    acted, following = current_case(window), window.queue_model.case_id(4)
    with qtbot.waitSignal(window.queue_view.sig_loaded, timeout=TIMEOUT):
        qtbot.keyClick(window.queue_view.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.queue_model.row_of(acted) is None  # closed: it left the open queue
    assert current_case(window) == following
    assert window.queue_view.table.currentIndex().row() == 3


def test_send_for_approval_keeps_the_acted_case_selected(qtbot, window):
    window.queue_actions.ask_reason = lambda _parent, _count: "请主管确认"
    go_to_row(qtbot, window, 5)
    acted = current_case(window)
    with qtbot.waitSignal(window.queue_view.sig_loaded, timeout=TIMEOUT):
        qtbot.keyClick(
            window.queue_view.table,
            Qt.Key.Key_A,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert current_case(window) == acted
    state = window.queue_model.data(window.queue_model.index(window.queue_view.table.currentIndex().row(), 2))
    assert state in ("待审批", "Awaiting approval")

