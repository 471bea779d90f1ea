"""未解析的报告行 in the window: the lines the sync could not read, listed in Chinese and English, marked done by
a real click."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from acorn_desktop import models as m
from acorn_desktop.domain.marketplaces import Region
from acorn_desktop.formats.report_parsers import MFN_RETURNS, read_mfn_returns
from acorn_desktop.sandbox.api_reports import MFN_RETURNS_COLUMNS
from acorn_desktop.services.accounts import add_account
from acorn_desktop.services.unreadable_lines import UnreadableLinesServices, record_unreadable
from acorn_desktop.ui import i18n
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.report_lines_page import ReportLinesModel, ReportLinesPage

ROW = "\t".join(["113-5550123-7654321", "10-Jul-2025", "14-Jux-2025", "Approved", "DqTestABCRMA", " ", "", "",
                 "USD", "", "", "Seller", "N", "N", "B0TESTASIN", "ACN-1", "Lamp", "1", "DEFECTIVE", ""])  # fmt: skip


@pytest.fixture
def runner():
    r = BackgroundRunner()
    yield r
    r.shutdown()


@pytest.fixture
def services(store):
    with store.session() as s:
        account = add_account(s, name="北美店", region=Region.NA, marketplaces=["US"])
        read = read_mfn_returns("\t".join(MFN_RETURNS_COLUMNS) + "\n" + ROW + "\n")
        record_unreadable(s, account.id, MFN_RETURNS, "5550001", read.unreadable)
    return UnreadableLinesServices(store)


@pytest.fixture
def language(qapp):
    yield lambda lang: i18n.install(qapp, lang)
    i18n.install(qapp, "en")


@pytest.mark.parametrize(
    ("lang", "problem", "report"),
    [
        ("zh_CN", "「Return request date」不是日期:14-Jux-2025", "自发货退货报告 #5550001"),
        ("en", "'Return request date' is not a date: 14-Jux-2025", "MFN returns report #5550001"),
    ],
)
def test_the_list_shows_the_line_and_a_click_marks_it_done(
    qtbot, runner, services, store, language, lang, problem, report
):
    language(lang)
    page = ReportLinesPage(runner)
    qtbot.addWidget(page)
    page.resize(1120, 600)
    page.show()
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000) as loaded:
        page.set_backend(services, "tester")
    assert loaded.args == [1]
    model = page.model
    assert model.data(model.index(0, 1)) == "北美店"
    assert model.data(model.index(0, 2)) == report
    assert model.data(model.index(0, 3)) == "2"
    assert model.data(model.index(0, 4)) == problem
    assert not page.done_button.isEnabled()

    rect = page.table.visualRect(model.index(0, 4))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.done_button.isEnabled()
    with qtbot.waitSignal(page.sig_loaded, timeout=10_000) as loaded:
        qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    assert loaded.args == [0]
    with store.reader() as s:
        (done,) = s.scalars(sa.select(m.UnreadableReportLine)).all()
        assert done.resolved_at is not None and done.resolved_by == "tester"


def test_the_model_passes_the_model_tester(qtmodeltester, services):
    model = ReportLinesModel()
    model.set_rows(services.open_lines())
    qtmodeltester.check(model)
