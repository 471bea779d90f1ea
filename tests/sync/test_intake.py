"""Intake is idempotent: the same Finances page twice stores its events and cases once."""

from __future__ import annotations

import copy
from datetime import timedelta

import pytest
import sqlalchemy as sa
from factories import REFUND

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind, CaseState
from acorn_desktop.domain.marketplaces import Region
from acorn_desktop.formats.finance_events import normalise
from acorn_desktop.services.accounts import add_account
from acorn_desktop.services.intake import ingest_financial_events


def counts(store):
    with store.reader() as s:
        return (
            s.scalar(sa.select(sa.func.count()).select_from(m.FinancialEvent)),
            s.scalar(sa.select(sa.func.count()).select_from(m.Case)),
            s.scalar(sa.select(sa.func.count()).select_from(m.CaseEvent)),
        )


def test_same_page_twice_is_stored_once(store):
    with store.session() as s:
        account = add_account(s, name="EU", region=Region.EU, marketplaces=["DE", "FR"])
        account_id = account.id
    page = {"RefundEventList": [REFUND], "GuaranteeClaimEventList": [copy.deepcopy(REFUND)]}
    for _ in range(2):
        with store.session() as s:
            ingest_financial_events(s, s.get(m.SellerAccount, account_id), normalise(page))
    assert counts(store) == (4, 4, 4)
    with store.reader() as s:
        refund = s.scalar(sa.select(m.Case).where(m.Case.kind == CaseKind.REFUND, m.Case.source_ref == "ADJ-1"))
        assert refund.state is CaseState.REFUNDED and str(refund.amount) == "19.99"
        claim = s.scalar(sa.select(m.Case).where(m.Case.kind == CaseKind.ATOZ_CLAIM, m.Case.source_ref == "ADJ-1"))
        assert claim.state is CaseState.LOST and claim.deadline_at is not None  # the appeal window runs


def test_event_for_an_existing_case_moves_it_along(store):
    first = normalise({"RefundEventList": [REFUND]})[0]
    with store.session() as s:
        account = add_account(s, name="EU", region=Region.EU, marketplaces=["DE"])
        case = m.Case(
            account_id=account.id,
            marketplace_code="DE",
            kind=CaseKind.REFUND,
            state=CaseState.REFUND_SUBMITTED,
            source="outbox",
            source_ref="ADJ-1",
            amount=first.amount.copy_abs(),
            currency="EUR",
            opened_at=first.posted_at,
        )
        s.add(case)
        s.flush()
        ingest_financial_events(s, account, normalise({"RefundEventList": [REFUND]}))
        assert case.state is CaseState.REFUNDED
        assert s.scalar(sa.select(sa.func.count()).select_from(m.Case)) == 2  # ADJ-2 is a new refund case


@pytest.mark.parametrize("before", [CaseState.NEW, CaseState.IN_PROGRESS, CaseState.RESPONDED])
def test_a_claim_first_flagged_by_the_returns_report_is_not_doubled(store, before):
    """Amazon's decision (the debit) applies whatever the case's state was: lost, with the appeal clock."""
    first = normalise({"GuaranteeClaimEventList": [REFUND]})[0]
    with store.session() as s:
        account = add_account(s, name="EU", region=Region.EU, marketplaces=["DE"])
        s.add(
            m.Case(
                account_id=account.id,
                marketplace_code="DE",
                kind=CaseKind.ATOZ_CLAIM,
                state=before,
                source="returns_report",
                source_ref=f"order:{REFUND['AmazonOrderId']}",
                amount=first.amount.copy_abs(),
                currency="EUR",
                opened_at=first.posted_at,
            )
        )
        s.flush()
        ingest_financial_events(s, account, [first])
        claims = s.scalars(sa.select(m.Case).where(m.Case.kind == CaseKind.ATOZ_CLAIM)).all()
    assert len(claims) == 1 and claims[0].state is CaseState.LOST
    assert claims[0].deadline_at - first.posted_at >= timedelta(days=29)  # the 30-day appeal
