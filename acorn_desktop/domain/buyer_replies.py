"""Which case clocks a buyer reply answers. Qt-free.

A reply marked sent answers the clock of a **buyer message** (reply within 24 h, domain.md §1.3): that clock stops.
It answers nothing else: an A-to-z information request is answered to Amazon, a return request is authorised in
Seller Central, a refund is issued — a friendly message to the buyer does none of that, so those clocks keep
running (stopping them would hide a deadline whose miss costs money).
"""

from __future__ import annotations

from .cases import CaseKind
from .policy import CASE_KIND_EVENT, PolicyEvent

FREE_TEXT = "free_text"  # the template key of a reply written without a template


def reply_stops_clock(kind: CaseKind) -> bool:
    """True when a sent buyer reply is the answer this kind of case's clock waits for."""
    return CASE_KIND_EVENT.get(kind) is PolicyEvent.BUYER_MESSAGE_REPLY
