"""What the window does with a 待确认 refund: a 主管 marks it done or asks (and a second one confirms) to resend.

Thin, store-bound wrappers over ``services.refund_outbox`` (the state machine and its four-eyes rule live there);
every method runs one transaction on the DB worker.
"""

from __future__ import annotations

from datetime import UTC, datetime

from . import refund_outbox
from .changes import Actor


class RefundReviewServices:
    def __init__(self, store) -> None:
        self.store = store

    def confirm_done(self, outbox_id: int, note: str, actor: Actor) -> None:
        with self.store.session() as session:
            refund_outbox.confirm_done(session, actor, outbox_id, note, now=datetime.now(UTC))

    def request_resend(self, outbox_id: int, actor: Actor) -> None:
        with self.store.session() as session:
            refund_outbox.request_resend(session, actor, outbox_id, now=datetime.now(UTC))

    def confirm_resend(self, outbox_id: int, actor: Actor) -> None:
        with self.store.session() as session:
            refund_outbox.confirm_resend(session, actor, outbox_id, now=datetime.now(UTC))
