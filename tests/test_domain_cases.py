"""The case state machine: explicit transitions, refusals in both languages."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from acorn_desktop.domain.cases import ALLOWED_TRANSITIONS, CaseKind, CaseState, can_transition, check_transition
from acorn_desktop.errors import InvalidTransitionError


def test_every_state_has_a_transition_table_entry_and_labels():
    assert set(ALLOWED_TRANSITIONS) == set(CaseState)
    for state in CaseState:
        assert state.label_zh and state.label_en
    for kind in CaseKind:
        assert kind.label_zh and kind.label_en


def test_refund_path_and_refusals():
    path = [
        CaseState.NEW,
        CaseState.AWAITING_APPROVAL,
        CaseState.APPROVED,
        CaseState.REFUND_SUBMITTED,
        CaseState.REFUNDED,
        CaseState.CLOSED,
    ]
    for current, target in itertools.pairwise(path):
        check_transition(current, target)
    with pytest.raises(InvalidTransitionError) as err:
        check_transition(CaseState.NEW, CaseState.REFUND_SUBMITTED)  # no refund without approval
    assert "新建" in str(err.value) and "退款已提交" in str(err.value)
    assert "New" in err.value.en


@given(st.sampled_from(list(CaseState)), st.sampled_from(list(CaseState)))
def test_check_transition_agrees_with_the_table(current, target):
    if can_transition(current, target):
        check_transition(current, target)
    else:
        with pytest.raises(InvalidTransitionError):
            check_transition(current, target)


def test_no_state_is_a_dead_end():
    for state, targets in ALLOWED_TRANSITIONS.items():
        assert targets, state


def test_resolved_states_are_not_open_but_a_lost_claim_is():
    assert not CaseState.REFUNDED.is_open and not CaseState.WON.is_open and not CaseState.CLOSED.is_open
    assert CaseState.LOST.is_open  # the 30-day appeal clock still runs
    assert CaseState.NEW.is_open and CaseState.AWAITING_APPROVAL.is_open
