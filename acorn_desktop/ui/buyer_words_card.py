"""The buyer's words card (买家原话): the latest words of the buyer head the detail pane of a buyer message or a
claim, so 客服 read what was asked before anything else.

It reads nothing itself: the pane's ``sig_loaded`` hands it the case (kind, the claim's reason text) and the
evidence card's ``sig_loaded`` the excerpts kept from the buyer's mails (``InboundMessage.facts["excerpt"]``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QWidget

from ..domain.cases import CaseKind
from ..domain.evidence import MessageExcerpt
from .case_detail import DATA_PROPERTY, _Card, _data_label, local_time

# the kinds where the buyer wrote to us (a message, a claim, a chargeback or a return with its comment)
BUYER_KINDS = frozenset({CaseKind.BUYER_MESSAGE, CaseKind.ATOZ_CLAIM, CaseKind.CHARGEBACK, CaseKind.RETURN_REQUEST})
QUOTE_MAX_CHARS = 600


def latest_words(messages: tuple[MessageExcerpt, ...] | list[MessageExcerpt]) -> MessageExcerpt | None:
    """The newest excerpt with words in it (messages without a date count as the oldest)."""
    with_words = [message for message in messages if message.excerpt.strip()]
    if not with_words:
        return None
    return max(with_words, key=lambda message: message.received_at or datetime.min.replace(tzinfo=UTC))


class BuyerWordsCard(_Card):
    """The latest buyer excerpt in large type, when and under which subject it came, and how many more there are."""

    sig_changed = Signal(int)  # never emitted: nothing is written here (the pane's card protocol)
    sig_message = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Buyer's words"), "buyerWords", parent)
        self.zone = ZoneInfo("Asia/Shanghai")
        self.case_id: int | None = None
        self._detail = None
        self._messages: tuple[MessageExcerpt, ...] = ()
        self.quote_label = QLabel()
        self.quote_label.setObjectName("buyerQuote")
        self.quote_label.setWordWrap(True)
        self.quote_label.setTextFormat(Qt.TextFormat.PlainText)  # the buyer's text is never markup
        self.quote_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.quote_label.setProperty(DATA_PROPERTY, True)
        self.quote_label.setStyleSheet(
            "QLabel#buyerQuote { background: #fff8e1; border-left: 4px solid #f0ad4e; padding: 8px 10px;"
            " font-size: 15px; color: #2c3e50; }"
        )
        self.meta_label = _data_label(name="buyerQuoteMeta", wrap=True)
        self.meta_label.setStyleSheet("color: #6b7785;")
        self.body.addWidget(self.quote_label)
        self.body.addWidget(self.meta_label)

    # -- the pane's card protocol --------------------------------------------------------------------------
    def show_case(self, case_id: int, _marketplace: str | None = None) -> None:
        if case_id != self.case_id:
            self._detail, self._messages = None, ()
            self.hide()
        self.case_id = case_id

    def clear(self) -> None:
        self.case_id, self._detail, self._messages = None, None, ()
        self.hide()

    def set_time_zone(self, name: str) -> None:
        self.zone = ZoneInfo(name)
        self._render()

    # -- what the pane and the evidence card loaded --------------------------------------------------------
    @Slot(object)
    def set_detail(self, detail) -> None:
        """The case as the pane loaded it (``CaseDetail``)."""
        if self.case_id is None or detail.id != self.case_id:
            self.case_id = detail.id
            self._messages = ()
        self._detail = detail
        self._render()

    @Slot(object)
    def set_evidence(self, evidence) -> None:
        """The evidence package (``CaseEvidence``) with the buyer's excerpts, oldest first."""
        if evidence.package.case_id != self.case_id:
            return
        self._messages = tuple(evidence.package.messages)
        self._render()

    # -- showing ---------------------------------------------------------------------------------------------
    def _render(self) -> None:
        detail = self._detail
        if detail is None or detail.id != self.case_id or detail.kind not in BUYER_KINDS:
            self.hide()
            return
        latest = latest_words(self._messages)
        if latest is not None:
            quote = latest.excerpt.strip()
            meta = self.tr("Received {when}").format(when=local_time(latest.received_at, self.zone))
            if latest.subject:
                meta += f" · {latest.subject}"
            earlier = sum(1 for m in self._messages if m.excerpt.strip()) - 1
            if earlier > 0:
                meta += " · " + self.tr("{count} earlier message(s) in the evidence package").format(count=earlier)
        elif (detail.reason_text or "").strip():
            quote = detail.reason_text.strip()
            meta = self.tr("From the claim notice")
        else:
            self.hide()
            return
        if len(quote) > QUOTE_MAX_CHARS:
            quote = quote[: QUOTE_MAX_CHARS - 1] + "…"
        self.quote_label.setText(f"“{quote}”")
        self.quote_label.setToolTip(quote)
        self.meta_label.setText(meta)
        self.show()
