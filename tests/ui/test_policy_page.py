"""The marketplace policies page: loads off the GUI thread, filters by marketplace, edits through a dialog only when
allowed, shows service errors (Chinese/English) without saving, imports holidays; both models pass qtmodeltester."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from acorn_desktop.domain.policy import DEFAULT_POLICIES, PolicyEvent
from acorn_desktop.models import MarketplacePolicy, User
from acorn_desktop.services.changes import Actor
from acorn_desktop.services.policies import PolicyServices
from acorn_desktop.ui import i18n
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.policy_page import PolicyPage, PolicyTableModel

TIMEOUT = 10_000


@pytest.fixture
def language(qapp):
    def use(lang: str) -> str:
        return i18n.install(qapp, lang)

    yield use
    i18n.install(qapp, "en")


@pytest.fixture
def actors(store) -> dict[str, Actor]:
    out = {}
    with store.session() as session:
        for role, name in (("manager", "李主管"), ("cs", "王小明")):
            user = User(username=role, display_name=name, role_code=role)
            session.add(user)
            session.flush()
            out[role] = Actor(name, user.id)
    return out


@pytest.fixture
def runner(qapp):
    r = BackgroundRunner()
    yield r
    r.shutdown(wait=True)


@pytest.fixture
def make_page(qtbot, runner, store, actors, language):
    def make(*, role: str = "manager", can_edit: bool = True, lang: str = "zh_CN") -> PolicyPage:
        language(lang)
        page = PolicyPage(runner, actor=actors[role], can_edit=can_edit, time_zone="Europe/Berlin")
        qtbot.addWidget(page)
        page.resize(1100, 700)
        page.show()
        with qtbot.waitSignal(page.sig_loaded, timeout=TIMEOUT):
            page.set_backend(PolicyServices(store))
        return page

    return make


def choose_market(page: PolicyPage, code: str) -> None:
    page.market_combo.setCurrentIndex(page.market_combo.findData(code))


def select(qtbot, page: PolicyPage, code: str, event: PolicyEvent) -> None:
    choose_market(page, code)
    row = next(i for i in range(page.model.rowCount()) if page.model.row_at(i).event is event)
    with qtbot.waitSignal(page.sig_history_loaded, timeout=TIMEOUT):
        page.view.selectRow(row)


def versions(store, code: str, event: PolicyEvent) -> list[tuple[int, int, int]]:
    with store.reader() as session:
        rows = session.execute(
            sa.select(MarketplacePolicy.version, MarketplacePolicy.hours, MarketplacePolicy.business_days)
            .where(MarketplacePolicy.marketplace_code == code, MarketplacePolicy.event_kind == event.value)
            .order_by(MarketplacePolicy.version)
        )
        return [tuple(r) for r in rows]


def cell(model, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


def test_loads_every_clock_and_filters_by_marketplace(make_page, qtmodeltester):
    page = make_page()
    model = page.model
    assert model.rowCount() == len(DEFAULT_POLICIES) and model.columnCount() == 6
    qtmodeltester.check(model)
    choose_market(page, "DE")
    assert model.rowCount() == 12 and {model.row_at(i).marketplace for i in range(12)} == {"DE"}
    qtmodeltester.check(model)
    refund = next(i for i in range(12) if model.row_at(i).event is PolicyEvent.REFUND_AFTER_RECEIPT)
    assert cell(model, refund, PolicyTableModel.EVENT) == "收到退货后退款"
    assert cell(model, refund, PolicyTableModel.CLOCK) == "2 个工作日"
    # amazon.de is named in the source: a Chinese sentence, the Seller Central link, no research citation tags
    assert cell(model, refund, PolicyTableModel.SOURCE) == "收到退货后退款：2 个工作日，依据亚马逊卖家平台帮助。"
    tip = cell(model, refund, PolicyTableModel.SOURCE, Qt.ItemDataRole.ToolTipRole)
    assert "https://sellercentral.amazon.de/help/hub/reference/external/" in tip and "[S" not in tip
    choose_market(page, "IT")
    refund = next(i for i in range(12) if model.row_at(i).event is PolicyEvent.REFUND_AFTER_RECEIPT)
    assert cell(model, refund, PolicyTableModel.SOURCE).startswith("收到退货后退款：2 个工作日。推定：")
    assert "source silent for this marketplace" in cell(
        model, refund, PolicyTableModel.SOURCE, Qt.ItemDataRole.ToolTipRole
    )
    choose_market(page, "DE")
    refund = next(i for i in range(12) if model.row_at(i).event is PolicyEvent.REFUND_AFTER_RECEIPT)
    assert cell(model, refund, PolicyTableModel.EFFECTIVE) == "2020-01-01"  # a day, no time of day
    assert cell(model, refund, PolicyTableModel.EFFECTIVE, Qt.ItemDataRole.ToolTipRole) == (
        "2020-01-01 01:00 (Europe/Berlin) · 2020-01-01 00:00 UTC"
    )
    assert cell(model, refund, PolicyTableModel.VERSION) == "v1"
    assert cell(model, refund, PolicyTableModel.MARKET, Qt.ItemDataRole.ToolTipRole) == "德国"
    choose_market(page, "")
    assert model.rowCount() == len(DEFAULT_POLICIES)


def test_english_labels(make_page):
    page = make_page(lang="en")
    choose_market(page, "UK")
    texts = {cell(page.model, i, PolicyTableModel.EVENT): cell(page.model, i, PolicyTableModel.CLOCK)
             for i in range(page.model.rowCount())}  # fmt: skip
    assert texts["Answer an A-to-z information request"] == "3 days (72 h)"
    assert texts["Reply to a buyer message"] == "24 h"
    assert page.model.headerData(2, Qt.Orientation.Horizontal) == "Clock"


def test_without_can_edit_there_is_no_dialog(qtbot, make_page):
    page = make_page(role="cs", can_edit=False)
    select(qtbot, page, "DE", PolicyEvent.REFUND_AFTER_RECEIPT)
    assert not page.edit_button.isEnabled() and not page.import_button.isEnabled()
    assert page.edit_selected() is None and page.edit_dialog is None
    page.set_can_edit(True)
    assert page.edit_button.isEnabled()


def test_edit_saves_a_new_version_and_shows_the_history(qtbot, make_page, store, qtmodeltester):
    page = make_page()
    select(qtbot, page, "DE", PolicyEvent.REFUND_AFTER_RECEIPT)
    assert page.history_model.rowCount() == 1
    qtmodeltester.check(page.history_model)
    dialog = page.edit_selected()
    assert dialog is not None and dialog.isVisible()
    assert (dialog.hours.value(), dialog.business_days.value()) == (0, 2)
    dialog.business_days.setValue(3)
    dialog.source.setPlainText("sellercentral.amazon.de Hilfe (2026-11)")
    dialog.set_effective_from(datetime(2026, 12, 1, 8, 30, tzinfo=UTC))
    assert dialog.effective_from() == datetime(2026, 12, 1, 8, 30, tzinfo=UTC)  # round trip through Berlin time
    with (
        qtbot.waitSignal(page.sig_saved, timeout=TIMEOUT) as saved,
        qtbot.waitSignal(page.sig_history_loaded, timeout=TIMEOUT),
    ):
        dialog.save_button.click()
    assert saved.args[0].version == 2 and saved.args[0].created_by == "李主管"
    assert versions(store, "DE", PolicyEvent.REFUND_AFTER_RECEIPT) == [(1, 0, 2), (2, 0, 3)]
    qtbot.waitUntil(lambda: page.edit_dialog is None, timeout=TIMEOUT)
    assert "DE" in page.message.text() and "2" in page.message.text() and page.message.property("kind") == "info"
    row = page.selected_row()
    assert row is not None and row.version == 2  # the saved row stays selected after the reload
    assert [cell(page.history_model, i, 0) for i in range(2)] == ["v2", "v1"]
    assert cell(page.history_model, 0, 4) == "李主管" and cell(page.history_model, 1, 3) != "—"
    qtmodeltester.check(page.history_model)


def test_service_errors_stay_in_the_dialog_and_change_nothing(qtbot, make_page, store):
    page = make_page()
    select(qtbot, page, "FR", PolicyEvent.CHARGEBACK_RESPONSE)
    dialog = page.edit_selected()
    dialog.hours.setValue(0)
    dialog.business_days.setValue(0)
    with qtbot.waitSignal(page.sig_failed, timeout=TIMEOUT):
        dialog.save_button.click()
    assert dialog.isVisible() and dialog.message.isVisible()
    assert "不能都为 0" in dialog.message.text()
    assert dialog.save_button.isEnabled() and not page.busy
    assert versions(store, "FR", PolicyEvent.CHARGEBACK_RESPONSE) == [(1, 168, 0)]
    dialog.reject()


def test_a_refused_permission_is_shown_in_english_too(qtbot, make_page, store):
    page = make_page(role="cs", can_edit=True, lang="en")  # the flag is wrong: the service still refuses
    select(qtbot, page, "US", PolicyEvent.BUYER_MESSAGE_REPLY)
    dialog = page.edit_selected()
    dialog.hours.setValue(12)
    with qtbot.waitSignal(page.sig_failed, timeout=TIMEOUT) as failed:
        dialog.save_button.click()
    assert type(failed.args[0]).__name__ == "PermissionDeniedError"
    assert "may not change marketplace policies" in dialog.message.text()
    assert versions(store, "US", PolicyEvent.BUYER_MESSAGE_REPLY) == [(1, 24, 0)]


def test_import_holidays(qtbot, make_page, tmp_path, monkeypatch):
    page = make_page()
    page.grab().save(str(tmp_path / "policy_page.png"))
    if os.environ.get("ACORN_TEST_SCREENSHOTS"):
        shutil.copy(tmp_path / "policy_page.png", os.environ["ACORN_TEST_SCREENSHOTS"])
    good = tmp_path / "se.csv"
    good.write_text("marketplace,date,name,source\nSE,2027-06-25,Midsommarafton,Avtal\n", encoding="utf-8")
    monkeypatch.setattr(page, "_ask_open_path", lambda: str(good))
    with qtbot.waitSignal(page.sig_imported, timeout=TIMEOUT) as imported:
        page.import_button.click()
    assert imported.args[0].rows == 1 and "se.csv" in page.message.text()
    bad = tmp_path / "bad.csv"
    bad.write_text("marketplace,date,name,source\nSE,2027-13-01,X,Y\n", encoding="utf-8")
    monkeypatch.setattr(page, "_ask_open_path", lambda: str(bad))
    with qtbot.waitSignal(page.sig_failed, timeout=TIMEOUT):
        page.import_button.click()
    assert "第 2 行" in page.message.text() and page.message.property("kind") == "error"
    assert page.import_button.isEnabled()
