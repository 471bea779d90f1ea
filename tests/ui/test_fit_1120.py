"""At 1120×720, in Chinese and English, texts fit the widgets that show them (font metrics vs width).

The order table of the detail pane leaves the product title room to read; the status bar's labels are
shown whole and never give way to a passing message; the database path is only a tooltip.
"""

from __future__ import annotations

import pytest

from acorn_desktop.app import StoreBackend
from acorn_desktop.services.demo import seed_demo
from acorn_desktop.ui import i18n
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.main_window import MainWindow, StoreMode
from acorn_desktop.ui.settings import Settings

TIMEOUT = 20_000
MIN_TITLE = 150  # px: a product title of four or five words on one line


@pytest.fixture
def runner(qapp):
    r = BackgroundRunner()
    yield r
    r.shutdown(wait=True)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    from acorn_desktop.storage.keys import KEY_MODE_PASSWORD
    from acorn_desktop.storage.store import Store, StoreLocation

    store = Store.create(
        StoreLocation(tmp_path_factory.mktemp("fit")), key_mode=KEY_MODE_PASSWORD, password_provider=lambda: "fit-pass"
    )
    seed_demo(store, cases=80, seed=5)
    yield store
    store.close()


@pytest.fixture(params=["zh_CN", "en"])
def window(request, qtbot, qapp, tmp_path, runner, seeded):
    i18n.install(qapp, request.param)
    settings = Settings(tmp_path / "settings")
    settings.language = request.param
    win = MainWindow(settings, runner, location=str(tmp_path / "data" / "acorn.db"), mode=StoreMode.LOCAL)
    qtbot.addWidget(win)
    win.use_default_geometry()
    win.show()
    qtbot.waitExposed(win)
    with qtbot.waitSignals([win.sig_data_loaded, win.detail.sig_loaded], timeout=TIMEOUT):
        win.set_backend(StoreBackend(seeded))
    yield win
    i18n.install(qapp, "en")


def test_order_table_gives_the_product_title_room(qtbot, window):
    view = window.detail.items_view
    qtbot.waitUntil(view.isVisible)
    columns = [c for c in range(view.model().columnCount()) if not view.isColumnHidden(c)]
    widths = {c: view.columnWidth(c) for c in columns}
    assert widths[0] >= MIN_TITLE, widths
    assert sum(widths.values()) <= view.viewport().width(), (widths, view.viewport().width())
    line = view.fontMetrics().height()
    assert all(view.rowHeight(r) < 2 * line for r in range(view.model().rowCount()))  # one line, elided
    title = view.model().index(0, 0)
    assert view.model().data(title) in view.model().data(title, 3)  # the whole title in the tooltip
