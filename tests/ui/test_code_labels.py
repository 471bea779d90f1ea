"""Codes a user can see have a Chinese label (and English under --lang en); the data keep the codes."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from acorn_desktop.domain.evidence import Scan
from acorn_desktop.formats.adjustment_xml import ADJUSTMENT_REASONS, COMPONENT_TYPES
from acorn_desktop.services.case_detail import TimelineEntry
from acorn_desktop.ui import code_labels, i18n
from acorn_desktop.ui.approval_dialog import BreakdownModel
from acorn_desktop.ui.case_detail import TimelineModel
from acorn_desktop.ui.evidence_card import ScansModel

CJK = re.compile(r"[\u4e00-\u9fff]")
AT = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def language(qapp):
    yield lambda lang: i18n.install(qapp, lang)
    i18n.install(qapp, "en")


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_every_adjustment_reason_and_component_type_has_a_label(language, lang):
    language(lang)
    labels = [code_labels.adjustment_reason_label(c) for c in ADJUSTMENT_REASONS]
    labels += [code_labels.component_label(c) for c in COMPONENT_TYPES]
    if lang == "zh_CN":
        assert all(CJK.search(label) for label in labels), [x for x in labels if not CJK.search(x)]
    else:
        assert code_labels.adjustment_reason_label("NoInventory") == "No inventory"
        assert code_labels.component_label("Principal") == "Item price"
        assert not any(re.fullmatch(r"[A-Z][a-z]+[A-Z]\w*", label) for label in labels)  # no CamelCase codes


def test_timeline_scans_order_and_breakdown_show_labels_not_codes(language):
    language("zh_CN")
    timeline = TimelineModel()
    timeline.set_rows([TimelineEntry(1, AT, kind, "s", None) for kind in ("approval_requested", "refund", "letter")])
    assert [timeline.data(timeline.index(r, 1)) for r in range(3)] == ["申请审批", "退款", "申诉信"]
    scans = ScansModel()
    scans.set_rows([Scan(AT, "PICKED_UP"), Scan(AT, "IN_TRANSIT")])
    assert [scans.data(scans.index(r, 1)) for r in range(2)] == ["已揽收", "运输中"]
    assert scans.data(scans.index(0, 1), 3) == "PICKED_UP"  # the carrier's code in the tooltip
    assert (code_labels.order_status_label("Shipped"), code_labels.channel_label("MFN")) == ("已发货", "卖家自配送")
    breakdown = BreakdownModel()
    breakdown.set_components([("Principal", Decimal("30.99")), ("Tax", Decimal("4.99"))], "EUR")
    assert [breakdown.data(breakdown.index(r, 0)) for r in range(2)] == ["商品价格", "税费"]
    assert breakdown.components() == {"Principal": Decimal("30.99"), "Tax": Decimal("4.99")}  # codes kept


def test_filing_windows_have_their_own_word(language):
    from acorn_desktop.ui.policy_source import default_clock_text

    language("zh_CN")
    assert default_clock_text("safet_claim", "60 天").startswith("申报时限")
    assert default_clock_text("reimbursement", "60 天").startswith("申报时限")
    assert default_clock_text("return_request", "24 小时").startswith("答复时限")
    language("en")
    assert default_clock_text("safet_claim", "60 days").startswith("Filing window")
