"""The reply dialog opens on the situation that fits — the buyer's words, the case kind, the parcel's tracking —
says why, and a stale parcel's reply tells the buyer when it was last scanned instead of "on its way"; another
situation is one click away. Real store, real background runner, real mouse clicks."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt
from reply_world import NOW, make_people, make_world

from acorn_desktop import models as m
from acorn_desktop.services import users
from acorn_desktop.services.replies import ReplyServices
from acorn_desktop.ui import i18n
from acorn_desktop.ui.background import BackgroundRunner
from acorn_desktop.ui.reply_dialog import ReplyDialog

WAIT = 10_000


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    monkeypatch.setattr(users, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def chinese(qapp):
    i18n.install(qapp, "zh_CN")
    yield
    i18n.install(qapp, "en")


@pytest.fixture
def runner(qapp):
    r = BackgroundRunner()
    yield r
    r.shutdown(wait=True)


@pytest.fixture
def world(store):
    return {"store": store, "people": make_people(store), "ids": make_world(store),
            "replies": ReplyServices(store, clock=lambda: NOW)}  # fmt: skip


def open_dialog(qtbot, world, case: str, runner) -> ReplyDialog:
    dialog = ReplyDialog(world["replies"], runner, world["ids"][case], actor=world["people"]["agent"])
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.sig_checked, timeout=WAIT):
        dialog.show()
    return dialog


def current_key(dialog: ReplyDialog) -> str:
    return dialog.situations.currentIndex().data(Qt.ItemDataRole.UserRole)


def click_situation(qtbot, dialog: ReplyDialog, key: str) -> None:
    index = dialog.situation_model.index(dialog.situation_model.row_of(key), 0)
    dialog.situations.scrollTo(index)
    qtbot.mouseClick(dialog.situations.viewport(), Qt.MouseButton.LeftButton,
                     pos=dialog.situations.visualRect(index).center())  # fmt: skip


def stale_claim(store, claim_id: int) -> None:
    """The US claim's USPS parcel: shipped 20 days ago, last scanned 12 days ago; the buyer asks where it is."""
    with store.session() as session:
        case = session.get(m.Case, claim_id)
        shipped, scanned = NOW - timedelta(days=20), NOW - timedelta(days=12)
        session.add(
            m.Shipment(
                account_id=case.account_id,
                amazon_order_id=case.amazon_order_id,
                carrier="USPS",
                tracking_number="9400111899223344556677",
                source="manual",
                shipped_at=shipped,
                scans=[{"at": scanned.isoformat(), "code": "IN_TRANSIT", "location": "Memphis, TN"}],
            )
        )
        session.add(m.InboundMessage(channel="eml", content_sha256="c" * 64, status="parsed", case_id=claim_id,
                                     subject="Order", received_at=NOW - timedelta(hours=1),
                                     facts={"excerpt": "Hello, where is my order?"}))  # fmt: skip


def test_the_buyer_asking_where_a_delivered_parcel_is_opens_the_delivered_reply(qtbot, chinese, world, runner):
    dialog = open_dialog(qtbot, world, "message", runner)  # "Wo ist es?" — and DHL says delivered
    assert current_key(dialog) == "atoz_preclaim_delivered"
    assert dialog.proposal_note.isVisibleTo(dialog)
    assert dialog.proposal_note.text() == "根据买家来信建议:A-to-z 前:物流显示已签收"
    assert "17. November 2026" in dialog.text()  # the delivery day, in German
    with qtbot.waitSignal(dialog.sig_prepared, timeout=WAIT) as prepared:  # another situation: one click
        click_situation(qtbot, dialog, "tracking_update")
    assert current_key(dialog) == "tracking_update" and prepared.args[0].template_key == "tracking_update"


def test_a_case_kind_alone_says_so(qtbot, chinese, world, runner):
    dialog = open_dialog(qtbot, world, "return", runner)
    assert current_key(dialog) == "return_instructions"
    assert dialog.proposal_note.text() == "根据工单类型建议:退货说明"


def test_a_stale_parcel_opens_on_the_lost_parcel_reply_with_its_last_scan(qtbot, chinese, world, runner):
    stale_claim(world["store"], world["ids"]["claim"])
    dialog = open_dialog(qtbot, world, "claim", runner)
    assert current_key(dialog) == "atoz_preclaim_in_transit"
    assert dialog.proposal_note.text() == ("根据买家来信建议:A-to-z 前:包裹仍在途中 · 物流自 2026-11-08 起无扫描记录")
    text = dialog.text()
    assert "8 November 2026" in text and "investigation with USPS" in text
    assert not re.search(r"on its way|in transit", text, re.IGNORECASE)
    with qtbot.waitSignal(dialog.sig_prepared, timeout=WAIT) as prepared:
        click_situation(qtbot, dialog, "tracking_update")
    assert "no new scan since 8 November 2026" in prepared.args[0].text
    assert "on its way" not in prepared.args[0].text


def test_nothing_in_particular_shows_no_note(qtbot, world, runner):
    dialog = open_dialog(qtbot, world, "claim", runner)  # an A-to-z claim with no words and no parcel
    assert current_key(dialog) == dialog.situation_model.row_at(0).key
    assert not dialog.proposal_note.isVisibleTo(dialog) and dialog.proposal_note.text() == ""
