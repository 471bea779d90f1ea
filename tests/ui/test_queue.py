"""The queue: lazy id-based model (qtmodeltester), SQL-side filter/sort/search, countdown bands, keyboard."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from clicks import choose
from PySide6.QtCore import Qt

from acorn_desktop import models as m
from acorn_desktop.domain.cases import CaseKind, CaseState
from acorn_desktop.domain.countdown import Band
from acorn_desktop.models.cases import OPEN_PREDICATE
from acorn_desktop.services import queue
from acorn_desktop.services.demo import seed_demo
from acorn_desktop.ui.queue_model import BAND_COLOURS, COLUMN, PAGE, QueueModel
from acorn_desktop.ui.queue_view import QueueView

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


class DeferredRunner:
    """Runs submitted work only when the test says so (like Picard's FakeThreadPool, but explicit)."""

    def __init__(self) -> None:
        self.queue = []

    def run(self, fn, on_success=None, on_failure=None, *, kind="db"):
        self.queue.append((fn, on_success, on_failure))

    def drain(self) -> None:
        while self.queue:
            fn, ok, fail = self.queue.pop(0)
            try:
                result = fn()
            except Exception as exc:
                if fail:
                    fail(exc)
                continue
            if ok:
                ok(result)


class Backend:
    def __init__(self, store) -> None:
        self.store = store

    def queue_page(self, query, now, offset, limit, with_count):
        with self.store.reader() as session:
            return queue.load_page(session, query, now, offset, limit, with_count=with_count)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    from acorn_desktop.storage.keys import KEY_MODE_PASSWORD
    from acorn_desktop.storage.store import Store, StoreLocation

    directory = tmp_path_factory.mktemp("queue")
    store = Store.create(StoreLocation(directory), key_mode=KEY_MODE_PASSWORD, password_provider=lambda: "queue-pass")
    seed_demo(store, cases=1200, seed=9, now=NOW)
    yield store
    store.close()


@pytest.fixture
def model(qtbot, seeded):
    runner = DeferredRunner()
    clock = {"now": NOW}
    m = QueueModel(runner, clock=lambda: clock["now"])
    m.runner, m.clock_state = runner, clock
    m.set_backend(Backend(seeded))
    runner.drain()
    return m


def all_ids(model: QueueModel) -> list[int]:
    ids = []
    for row in range(model.rowCount()):
        if model.case_id(row) is None:
            model.runner.drain()
        ids.append(model.case_id(row))
    return ids


def test_model_passes_qtmodeltester(qtmodeltester, model):
    qtmodeltester.check(model)
    model.runner.drain()  # pages asked for while the tester read the model
    qtmodeltester.check(model)


def test_open_queue_sorted_by_deadline_across_pages(model, seeded):
    assert model.rowCount() > PAGE  # more than one page: the later ones are fetched lazily
    assert model.data(model.index(PAGE + 5, COLUMN["time_left"])) == "…"
    ids = all_ids(model)
    with seeded.reader() as s:
        rows = queue.rows(s, ids)
    deadlines = [rows[i].deadline_at for i in ids]
    assert deadlines == sorted(deadlines)
    assert all(rows[i].state.is_open for i in ids)
    assert len(set(ids)) == len(ids)


def test_filter_by_marketplace_and_state_and_search(model, seeded):
    model.set_query(queue.QueueQuery(marketplaces=("DE",), states=(CaseState.NEW,)))
    model.runner.drain()
    ids = all_ids(model)
    with seeded.reader() as s:
        rows = queue.rows(s, ids)
    assert ids and all(r.marketplace == "DE" and r.state is CaseState.NEW for r in rows.values())

    order_id = rows[ids[0]].amazon_order_id
    model.set_query(queue.QueueQuery(open_only=False, search=order_id[:11]))
    model.runner.drain()
    found = [model.data(model.index(r, COLUMN["order"])) for r in range(model.rowCount())]
    assert order_id in found and all(f.startswith(order_id[:11]) for f in found)


def test_sort_by_amount_descending_via_header(model, seeded):
    model.sort(COLUMN["amount"], Qt.SortOrder.DescendingOrder)
    model.runner.drain()
    with seeded.reader() as s:
        rows = queue.rows(s, all_ids(model)[:PAGE])
    amounts = [rows[i].amount for i in all_ids(model)[:PAGE]]
    assert amounts == sorted(amounts, reverse=True)
    model.sort(COLUMN["store"], Qt.SortOrder.AscendingOrder)  # not sortable: nothing happens
    assert model.query.sort == "amount"


def test_stale_answers_are_dropped(model):
    model.set_query(queue.QueueQuery(kinds=(CaseKind.CHARGEBACK,)))
    model.set_query(queue.QueueQuery(kinds=(CaseKind.ATOZ_CLAIM,)))
    model.runner.drain()  # both answers arrive; only the newer one may show
    kinds = {model.data(model.index(r, COLUMN["kind"])) for r in range(min(model.rowCount(), PAGE))}
    assert kinds == {"A-to-z 索赔"}


def test_countdown_colours_at_band_edges(model):
    row = model.row_data(0)
    colour = lambda: model.data(model.index(0, COLUMN["time_left"]), Qt.ItemDataRole.BackgroundRole)  # noqa: E731
    edges = [
        (row.deadline_at, BAND_COLOURS[Band.OVERDUE]),
        (row.deadline_at - timedelta(seconds=1), BAND_COLOURS[Band.UNDER_6H]),
        (row.deadline_at - timedelta(hours=6), BAND_COLOURS[Band.UNDER_6H]),
        (row.deadline_at - timedelta(hours=6, seconds=1), BAND_COLOURS[Band.UNDER_24H]),
        (row.deadline_at - timedelta(hours=24), BAND_COLOURS[Band.UNDER_24H]),
        (row.deadline_at - timedelta(hours=24, seconds=1), None),
    ]
    for now, expected in edges:
        model.clock_state["now"] = now
        assert colour() == expected, now
    model.clock_state["now"] = row.deadline_at - timedelta(hours=5, minutes=12, seconds=30)
    assert model.data(model.index(0, COLUMN["time_left"])) == "05:12:30"
    tip = model.data(model.index(0, COLUMN["time_left"]), Qt.ItemDataRole.ToolTipRole)
    assert "Asia/Shanghai" in tip and "UTC" in tip


def test_tick_repaints_only_the_rows_asked_for(qtbot, model):
    with qtbot.waitSignal(model.dataChanged) as blocker:
        model.tick(3, 9)
    top, bottom = blocker.args[0], blocker.args[1]
    assert (top.row(), bottom.row(), top.column(), bottom.column()) == (3, 9, 0, 0)


def test_view_filters_keyboard_and_saved_views(qtbot, model):
    view = QueueView(model)
    qtbot.addWidget(view)
    view.show()
    total = model.rowCount()
    view.choose_view("overdue")
    model.runner.drain()
    assert 0 < model.rowCount() < total
    assert model.query.due_within == "overdue"
    view.choose_view("open")
    model.runner.drain()
    view.search.setText("no-such-order")
    with qtbot.waitSignal(view._debounce.timeout, timeout=2000):
        pass
    model.runner.drain()
    assert model.rowCount() == 0
    view.search.clear()
    with qtbot.waitSignal(view._debounce.timeout, timeout=2000):
        pass
    model.runner.drain()
    assert model.rowCount() == total
    view.table.setFocus()
    with qtbot.waitSignal(view.sig_current_case) as moved:
        qtbot.keyClick(view.table, Qt.Key.Key_J)
    assert moved.args[0] == model.case_id(1)
    with qtbot.waitSignal(view.sig_case_activated) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args[0] == model.case_id(1)
    qtbot.keyClick(view.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.search.hasFocus()
    view.amount_min.setText("50")
    with qtbot.waitSignal(view._debounce.timeout, timeout=2000):
        pass
    model.runner.drain()
    assert model.query.amount_min == Decimal("50")


def test_store_and_assignee_filters(qtbot, model, seeded):
    view = QueueView(model)
    qtbot.addWidget(view)
    with seeded.reader() as s:
        choices = queue.filter_choices(s)
    assert len(choices.stores) == 3  # the three demo sellers
    view.set_filter_choices(choices)
    store_id, store_name = choices.stores[1]
    view.store.setCurrentIndex(view.store.findData(store_id))
    model.runner.drain()
    assert model.query.accounts == (store_id,)
    stores = {model.data(model.index(r, COLUMN["store"])) for r in range(min(model.rowCount(), PAGE))}
    assert stores == {store_name}
    view.assignee.setCurrentIndex(view.assignee.findData(-1))  # 未分配
    model.runner.drain()
    assert model.query.unassigned and model.rowCount() > 0  # demo cases start unassigned
    view.set_filter_choices(choices)  # refreshing the lists keeps the choices
    assert view.store.currentData() == store_id


def test_personal_views_follow_the_logged_in_user(qtbot, model, seeded):
    """ "My to-do" = assigned to me; "Awaiting my approval" = pending approvals someone else requested."""
    with seeded.session() as s:
        me = m.User(username="me", display_name="我", role_code="manager")
        other = m.User(username="other", display_name="别人", role_code="operator")
        s.add_all([me, other])
        s.flush()
        ids = list(s.scalars(sa.select(m.Case.id).where(sa.text(OPEN_PREDICATE)).limit(5)))
        for case_id in ids[:2]:
            s.get(m.Case, case_id).assignee_id = me.id
        for case_id, requester in ((ids[2], other.id), (ids[3], me.id)):
            s.add(m.Approval(case_id=case_id, amount=1, currency="USD", reason="r", requested_by=requester))
        me_id = me.id
    view = QueueView(model)
    qtbot.addWidget(view)
    assert view.view_combo.findData("my_todo") == -1
    view.set_current_user(me_id)
    view.choose_view("my_todo")
    model.runner.drain()
    assert sorted(model.case_id(r) for r in range(model.rowCount())) == sorted(ids[:2])
    view.choose_view("awaiting_me")
    model.runner.drain()
    assert [model.case_id(r) for r in range(model.rowCount())] == [ids[2]]  # not the one I requested myself
    view.set_current_user(None)
    assert view.view_combo.findData("awaiting_me") == -1 and view.view_combo.currentData() == "open"


@pytest.mark.parametrize("state", [CaseState.NEW, CaseState.CLOSED])
def test_state_filter_chosen_by_mouse_in_its_popup(qtbot, model, state):
    """运营's favourite filter: open the popup, click 新建 / 已关闭; the rows and the count agree."""
    view = QueueView(model)
    qtbot.addWidget(view)
    view.resize(1120, 720)
    view.show()
    qtbot.waitExposed(view)
    choose(qtbot, view.state, view.state.findText(state.label_zh))
    model.runner.drain()
    assert model.query.states == (state,) and model.query.open_only is state.is_open
    rows = model.rowCount()
    assert rows > 0 and view.count_label.text() == f"{rows:,} cases"
    states = {model.data(model.index(r, COLUMN["state"])) for r in range(min(rows, PAGE))}
    assert states == {state.label_zh}


class SlowBackend:
    """A fake backend whose answers the test delivers one by one, in any order (a slow, racy DB)."""

    def __init__(self, backend) -> None:
        self.backend = backend
        self.calls = []

    def queue_page(self, query, now, offset, limit, with_count):
        self.calls.append(with_count)
        return self.backend.queue_page(query, now, offset, limit, with_count)


def deliver(runner: DeferredRunner, order: list[int]) -> None:
    jobs, runner.queue = runner.queue, []
    for i in order:
        fn, ok, _fail = jobs[i]
        ok(fn())
    runner.queue.extend(job for i, job in enumerate(jobs) if i not in order)


def test_count_and_rows_come_from_one_answer_when_answers_race(qtbot, model, seeded):
    """A filter change then a sort before either answer: the count must be the new filter's, not the old one's."""
    view = QueueView(model)
    qtbot.addWidget(view)
    model.set_backend(SlowBackend(Backend(seeded)))
    model.runner.drain()
    everything = model.rowCount()
    model.set_query(model.query.with_(kinds=(CaseKind.CHARGEBACK,)))  # count wanted
    model.sort(COLUMN["amount"], Qt.SortOrder.DescendingOrder)  # same filter, new order
    deliver(model.runner, [1, 0])  # the sorted answer first, the older one last
    with seeded.reader() as s:
        expected = queue.load_page(s, model.query, NOW, 0, 1, with_count=True).total
    assert 0 < expected < everything
    assert model.rowCount() == expected
    assert view.count_label.text() == f"{expected:,} cases"
    kinds = {model.data(model.index(r, COLUMN["kind"])) for r in range(min(model.rowCount(), PAGE))}
    assert kinds == {"拒付"}


def test_a_search_typed_while_an_answer_is_pending_is_not_lost(qtbot, model, seeded):
    view = QueueView(model)
    qtbot.addWidget(view)
    model.runner.drain()  # the view's own first sort
    order_id = model.row_data(0).amazon_order_id
    model.set_query(model.query.with_(search="no-such-order"))
    model.set_query(model.query.with_(search=order_id))
    model.sort(COLUMN["amount"], Qt.SortOrder.AscendingOrder)
    deliver(model.runner, [2, 0, 1])
    assert model.query.search == order_id
    assert [model.data(model.index(r, COLUMN["order"])) for r in range(model.rowCount())] == [order_id]


def test_amount_filter_compares_cny_across_currencies(qtbot, model, seeded):
    """≥ 500 matched JPY 4,160 (≈ ¥196) and GBP 500 alike: the bounds are ≈ CNY, as the ≈ CNY column."""
    from acorn_desktop.domain.fx import DEFAULT_CNY_RATES

    view = QueueView(model)
    qtbot.addWidget(view)
    view.show()
    model.runner.drain()
    qtbot.keyClicks(view.amount_min, "500")
    qtbot.keyClicks(view.amount_max, "2000")
    with qtbot.waitSignal(view._debounce.timeout, timeout=2000):
        pass
    model.runner.drain()
    ids = all_ids(model)
    with seeded.reader() as s:
        rows = queue.rows(s, ids)
        raw_matches = s.scalar(
            sa.select(sa.func.count())
            .select_from(m.Case)
            .where(sa.text(OPEN_PREDICATE), m.Case.amount >= 500, m.Case.amount <= 2000)
        )
    cny = [r.amount * DEFAULT_CNY_RATES[r.currency] for r in rows.values()]
    assert ids and all(Decimal(500) <= c <= Decimal(2000) for c in cny)
    assert len({r.currency for r in rows.values()}) > 1  # several currencies, each converted
    assert raw_matches != len(ids)  # the raw numbers would have given another set
    assert view.count_label.text() == f"{len(ids):,} cases"


def test_awaiting_my_approval_only_for_roles_that_approve(qtbot, model):
    view = QueueView(model)
    qtbot.addWidget(view)
    view.set_current_user(7, can_approve=False)  # a CS agent: the view would always be empty for them
    assert view.view_combo.findData("my_todo") >= 0 and view.view_combo.findData("awaiting_me") == -1
    view.set_current_user(7, can_approve=True)
    assert view.view_combo.findData("awaiting_me") >= 0
