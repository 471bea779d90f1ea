"""Claim notices: what a trace Amazon leaves says about a claim, a chargeback or a buyer message. Pure rules.

A :class:`ClaimNotice` is the common shape of every intake path that is not the Finances API: a forwarded
Seller Central notification e-mail (``formats/mail``), a row of the claims CSV (``formats/claims_csv``) and manual
entry. The intake service (``services/claim_intake``) turns notices into cases; the rules it needs and that do
not touch the database live here:

* :func:`response_deadline` — the policy clock or the notice's own respond-by date, whichever is earlier;
* :func:`buyer_message_clock` — what a new buyer message does to an existing buyer-message case's 24 h clock.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from .calendars import require_aware
from .cases import CaseKind, CaseState

# The kinds a notice can open. A-to-z claims and chargebacks are keyed by order like the returns report does
# (``order:<amazon order id>``), so the Finances event that arrives later adopts the case.
NOTICE_KINDS = (CaseKind.ATOZ_CLAIM, CaseKind.CHARGEBACK, CaseKind.BUYER_MESSAGE)
ORDER_ID = re.compile(r"\b\d{3}-\d{7}-\d{7}\b")
EXCERPT_MAX_CHARS = 800


def order_key(amazon_order_id: str) -> str:
    """The ``source_ref`` of a case known only by its order (returns report, e-mail, CSV, manual entry)."""
    return f"order:{amazon_order_id}"


def is_order_id(value: str) -> bool:
    return bool(ORDER_ID.fullmatch(value.strip()))


@dataclass(frozen=True)
class ClaimNotice:
    """One claim, chargeback or buyer message as a notice reports it. Instants are aware UTC.

    ``occurred_at`` is when Amazon sent the notice (the original mail's date, not the forward's): the clocks
    start there. ``respond_by`` is the notice's own deadline when it gives one. ``excerpt`` is the buyer's
    words (buyer messages) or the claim reason, already PII-reduced; ``buyer_key`` a non-PII digest of the
    buyer's anonymised Amazon address, used to key a buyer message that names no order.
    """

    kind: CaseKind
    occurred_at: datetime
    amazon_order_id: str | None = None
    marketplace: str | None = None
    reason_code: str | None = None
    reason_text: str | None = None
    amount: Decimal | None = None
    currency: str | None = None
    respond_by: datetime | None = None
    claim_id: str | None = None
    excerpt: str | None = None
    buyer_key: str | None = None
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in NOTICE_KINDS:
            raise ValueError(f"a notice cannot be about {self.kind}")
        require_aware(self.occurred_at)
        if self.respond_by is not None:
            require_aware(self.respond_by)

    @property
    def source_ref(self) -> str | None:
        """The case key this notice opens a case under (None: nothing to key it by)."""
        if self.amazon_order_id:
            return order_key(self.amazon_order_id)
        if self.kind is CaseKind.BUYER_MESSAGE and self.buyer_key:
            return f"buyer:{self.buyer_key}"
        return None


def response_deadline(policy_deadline: datetime | None, respond_by: datetime | None) -> datetime | None:
    """The earlier of the policy clock and the notice's own respond-by date (either may be missing).

    Earlier wins because a countdown that ends before Amazon's costs a little haste, one that ends after it
    costs the claim.
    """
    found = [d for d in (policy_deadline, respond_by) if d is not None]
    return min(found) if found else None


class MessageClock(enum.Enum):
    """What a new buyer message does to the clock of the order's buyer-message case."""

    KEEP = "keep"  # the case already waits for an answer: the earlier clock keeps running
    RESTART = "restart"  # it was answered (or closed) before this message: a new 24 h clock starts
    HISTORY = "history"  # the message is older than the answer given: it only joins the timeline


def buyer_message_clock(state: CaseState, responded_at: datetime | None, message_at: datetime) -> MessageClock:
    """Amazon measures the reply time of every unanswered message (domain.md §1.3).

    An open case without an answer keeps its earlier deadline (that message is still the one to answer). An
    answer given *after* this message already covers it (a mailbox backlog imported late). A message that
    arrives after the answer, or on a case closed without an answer, needs a reply of its own: a new clock.
    """
    require_aware(message_at)
    if responded_at is not None:
        return MessageClock.HISTORY if message_at <= responded_at else MessageClock.RESTART
    if state.is_open and state is not CaseState.RESPONDED:
        return MessageClock.KEEP
    return MessageClock.RESTART
