"""The auto-decision rules page (自动处理规则): edit a draft rule set, back-test it, enable it.

The table shows one rule set: the saved draft if there is one, else the active set. The first edit of an
active set turns it into a draft on screen (unsaved until "Save draft" or "Enable"). "Back-test" runs the rules
on screen over the stored history on the DB worker (progress + cancel inline) and fills the result panel.
"Enable" (after a confirmation) saves the rules on screen and enables exactly them: the service refuses if the
stored draft no longer has the digest of what is shown.

Every backend call goes through the background runner; the page never opens a session. Refusals (permissions,
invalid rules) are shown in the UI language.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from functools import partial
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain import rules as dr
from ..domain.cases import CaseKind
from ..domain.marketplaces import MARKETPLACES
from ..errors import AcornError, InputError
from ..services.changes import Actor
from ..services.rules import RuleDraft, RuleSetInfo, RuleState, StoredRule, rule_set_digest
from . import i18n

_R = Qt.ItemDataRole
EXAMPLES_SHOWN = 10


class RulesBackend(Protocol):
    """``services.rules.RuleServices`` (every method runs on the DB worker)."""

    def list_rules(self, include_drafts: bool = True) -> list[StoredRule]: ...
    def assignable_usernames(self) -> list[str]: ...
    def save_draft(self, actor: Actor, rules: Sequence[RuleDraft]) -> RuleSetInfo: ...
    def discard_drafts(self, actor: Actor) -> int: ...
    def enable_drafts(self, actor: Actor, *, expected_digest: str | None = None) -> RuleSetInfo: ...
    def backtest(
        self,
        actor: Actor,
        rules: Sequence[RuleDraft] | None = None,
        *,
        since: datetime | None = None,
        progress: Callable[[int, int], None] | None = None,
        cancel: Callable[[], bool] | None = None,
    ) -> dr.BacktestResult: ...


def _lang() -> str:
    return i18n.current_language()


def _money(amount: Decimal) -> str:
    return f"¥{amount:,.2f}"


# -- the rules table ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class RuleItem:
    """One row: the rule, whether it is (a copy of) the active set or a draft, and its stored id if any."""

    draft: RuleDraft
    state: RuleState
    rule_id: int | None = None


class RulesTableModel(QAbstractTableModel):
    """Name, conditions in words, action, state — of the rule set on screen, in position order.

    The position is the vertical header (1, 2, 3 …): Qt renumbers headers itself when rows move, whereas a
    position *column* would change the data of every following row on each insert.
    """

    COLUMNS = ("name", "conditions", "action", "state")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._items: list[RuleItem] = []

    # content
    def items(self) -> list[RuleItem]:
        return list(self._items)

    def drafts(self) -> list[RuleDraft]:
        return [item.draft for item in self._items]

    def set_items(self, items: Sequence[RuleItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def insert(self, row: int, item: RuleItem) -> None:
        row = max(0, min(row, len(self._items)))
        self.beginInsertRows(QModelIndex(), row, row)
        self._items.insert(row, item)
        self.endInsertRows()

    def replace(self, row: int, item: RuleItem) -> None:
        self._items[row] = item
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._items[row]
        self.endRemoveRows()

    def move(self, row: int, delta: int) -> bool:
        """Move a row one place up (-1) or down (+1); False at either end."""
        target = row + delta
        if not (0 <= row < len(self._items) and 0 <= target < len(self._items)):
            return False
        # beginMoveRows wants the destination *before* which the row lands (one further when moving down)
        self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), target + 1 if delta > 0 else target)
        self._items.insert(target, self._items.pop(row))
        self.endMoveRows()
        return True

    def mark_all_draft(self) -> None:
        if any(item.state is not RuleState.DRAFT for item in self._items):
            self._items = [replace(item, state=RuleState.DRAFT, rule_id=None) for item in self._items]
            self._emit_all_changed()

    def _emit_all_changed(self) -> None:
        if self._items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._items) - 1, len(self.COLUMNS) - 1))

    # Qt model API
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _R.DisplayRole) -> Any:
        if role != _R.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        if not 0 <= section < len(self.COLUMNS):
            return None
        titles = {"name": self.tr("Name"), "conditions": self.tr("Conditions"), "action": self.tr("Action"),
                  "state": self.tr("State")}  # fmt: skip
        return titles[self.COLUMNS[section]]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _R.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        key = self.COLUMNS[index.column()]
        if role == _R.DisplayRole:
            return self._text(item, key)
        if role == _R.ToolTipRole and key in ("conditions", "name"):
            return item.draft.description or dr.describe_conditions(item.draft.conditions, _lang())
        if role == _R.UserRole:
            return item
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _text(self, item: RuleItem, key: str) -> str:
        draft = item.draft
        if key == "name":
            return draft.name
        if key == "conditions":
            return dr.describe_conditions(draft.conditions, _lang())
        if key == "action":
            return dr.describe_action(dr.RuleAction(draft.action), draft.action_arg, _lang())
        return self.tr("Active") if item.state is RuleState.ACTIVE else self.tr("Draft")


# -- the back-test result table ----------------------------------------------------------------------------------------
class BacktestResultModel(QAbstractTableModel):
    """One row per rule of the tested set plus "no rule": action, cases, ≈CNY."""

    COLUMNS = ("rule", "action", "cases", "cny")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str, int, Decimal]] = []

    def set_result(self, result: dr.BacktestResult | None) -> None:
        self.beginResetModel()
        self._rows = []
        if result is not None:
            lang = _lang()
            for r in result.by_rule:
                self._rows.append((f"{r.position}. {r.rule_name}", dr.describe_action(r.action, r.action_arg, lang),
                                   r.tally.count, r.tally.amount_cny))  # fmt: skip
            none = result.by_action.get(None, dr.Tally())
            self._rows.append(("—", dr.describe_outcome(None, lang), none.count, none.amount_cny))
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _R.DisplayRole) -> Any:
        if role != _R.DisplayRole or orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.COLUMNS):
            return None
        return (self.tr("Rule"), self.tr("Action"), self.tr("Cases"), self.tr("≈CNY"))[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _R.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        name, action, count, money = self._rows[index.row()]
        column = index.column()
        if role == _R.DisplayRole:
            return (name, action, f"{count:,}", _money(money))[column]
        if role == _R.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


# -- the rule editor ---------------------------------------------------------------------------------------------------
_CLOSED_LISTS = {
    "kind_in": lambda: [(k.value, k.label_zh if i18n.is_chinese() else k.label_en) for k in CaseKind],
    "marketplace_in": lambda: [
        (m.code, f"{m.code} {m.name_zh if i18n.is_chinese() else m.name_en}") for m in MARKETPLACES.values()
    ],
    "buyer_flag_any": lambda: [(f.value, f.label_zh if i18n.is_chinese() else f.label_en) for f in dr.BuyerFlag],
}


class ConditionRow(QWidget):
    """One condition: its type, then the editor that type needs (amount + currency, a list, a score)."""

    sig_remove = Signal(object)

    def __init__(self, condition: dr.Condition | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.type_box = QComboBox()
        self.type_box.setObjectName("conditionType")
        for kind, label in self._type_labels():
            self.type_box.addItem(label, kind)
        self.amount = QLineEdit()
        self.amount.setObjectName("conditionAmount")
        self.amount.setPlaceholderText("50.00")
        self.currency = QComboBox()
        self.currency.setObjectName("conditionCurrency")
        for code in ["CNY", *sorted(dr.known_currencies() - {"CNY"})]:
            self.currency.addItem(code, code)
        self.values = QLineEdit()
        self.values.setObjectName("conditionValues")
        self.values.setPlaceholderText(self.tr("values separated by commas"))
        self.choices = QListWidget()
        self.choices.setObjectName("conditionChoices")
        self.choices.setMaximumHeight(96)
        self.score = QSpinBox()
        self.score.setObjectName("conditionScore")
        self.score.setRange(0, 100)
        remove = QPushButton(self.tr("Remove"))
        remove.setObjectName("conditionRemove")
        remove.clicked.connect(lambda: self.sig_remove.emit(self))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.type_box, self.amount, self.currency, self.values, self.choices, self.score):
            layout.addWidget(widget)
        layout.addWidget(remove)
        self.type_box.currentIndexChanged.connect(self._on_type)
        if condition is not None:
            self._load(condition)
        self._on_type()

    def _type_labels(self) -> list[tuple[str, str]]:
        return [("amount_max", self.tr("Amount at most")), ("amount_min", self.tr("Amount at least")),
                ("kind_in", self.tr("Kind is one of")), ("marketplace_in", self.tr("Marketplace is one of")),
                ("reason_in", self.tr("Reason code is one of")), ("sku_in", self.tr("SKU is one of")),
                ("asin_in", self.tr("ASIN is one of")), ("risk_min", self.tr("Risk score at least")),
                ("buyer_flag_any", self.tr("Buyer has a flag")),
                ("disposition_in", self.tr("Item condition is one of"))]  # fmt: skip

    def condition_type(self) -> str:
        return self.type_box.currentData()

    def set_type(self, kind: str) -> None:
        self.type_box.setCurrentIndex(self.type_box.findData(kind))

    def to_json(self) -> dict:
        """The condition as stored (validated by the dialog with the domain's strict reader)."""
        kind = self.condition_type()
        if kind in ("amount_max", "amount_min"):
            return {"type": kind, "value": self.amount.text().strip(), "currency": self.currency.currentData()}
        if kind == "risk_min":
            return {"type": kind, "value": self.score.value()}
        if kind in _CLOSED_LISTS:
            values = [self.choices.item(i).data(_R.UserRole) for i in range(self.choices.count())
                      if self.choices.item(i).checkState() == Qt.CheckState.Checked]  # fmt: skip
        else:
            values = [v.strip() for v in self.values.text().replace(",", ",").split(",") if v.strip()]
        return {"type": kind, "values": values}

    def _load(self, condition: dr.Condition) -> None:
        self.set_type(condition.type)
        self._fill_choices()
        if isinstance(condition, dr.AmountLimit):
            self.amount.setText(str(condition.limit))
            self.currency.setCurrentIndex(self.currency.findData(condition.currency))
        elif isinstance(condition, dr.RiskAtLeast):
            self.score.setValue(condition.score)
        elif condition.type in _CLOSED_LISTS:
            for i in range(self.choices.count()):
                item = self.choices.item(i)
                checked = item.data(_R.UserRole) in condition.values
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        else:
            self.values.setText(", ".join(sorted(condition.values)))

    def _fill_choices(self) -> None:
        kind = self.condition_type()
        if self.choices.property("kind") == kind:
            return
        self.choices.clear()
        self.choices.setProperty("kind", kind)
        for value, label in _CLOSED_LISTS.get(kind, lambda: [])():
            item = QListWidgetItem(label)
            item.setData(_R.UserRole, value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.choices.addItem(item)

    @Slot()
    def _on_type(self) -> None:
        kind = self.condition_type()
        self._fill_choices()
        is_amount = kind in ("amount_max", "amount_min")
        self.amount.setVisible(is_amount)
        self.currency.setVisible(is_amount)
        self.score.setVisible(kind == "risk_min")
        self.choices.setVisible(kind in _CLOSED_LISTS)
        self.values.setVisible(not is_amount and kind != "risk_min" and kind not in _CLOSED_LISTS)


class RuleEditorDialog(QDialog):
    """Name, action (+ user for "assign"), description and condition rows; OK only with a valid rule."""

    def __init__(self, draft: RuleDraft | None = None, usernames: Sequence[str] = (), parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("ruleEditorDialog")
        self.setWindowTitle(self.tr("Auto-decision rule"))
        self._draft: RuleDraft | None = None
        self.name = QLineEdit()
        self.name.setObjectName("ruleName")
        self.name.setMaxLength(dr.NAME_MAX_CHARS)
        self.action = QComboBox()
        self.action.setObjectName("ruleAction")
        for action in dr.RuleAction:
            self.action.addItem(action.label_zh if i18n.is_chinese() else action.label_en, action.value)
        self.assignee = QComboBox()
        self.assignee.setObjectName("ruleAssignee")
        self.assignee.setEditable(True)
        self.assignee.addItems(list(usernames))
        self.description = QLineEdit()
        self.description.setObjectName("ruleDescription")
        self.rows_box = QVBoxLayout()
        self.rows_box.addStretch(1)
        rows_widget = QWidget()
        rows_widget.setLayout(self.rows_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(rows_widget)
        add = QPushButton(self.tr("Add condition"))
        add.setObjectName("addCondition")
        add.clicked.connect(lambda: self.add_condition())
        hint = QLabel(self.tr("A case matches when all conditions hold; a rule without conditions matches every case."))
        hint.setWordWrap(True)
        hint.setProperty("role", "hint")
        self.error = QLabel()
        self.error.setObjectName("ruleError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Action"), self.action)
        form.addRow(self.tr("Assign to user"), self.assignee)
        form.addRow(self.tr("Description"), self.description)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Conditions")))
        layout.addWidget(scroll, 1)
        layout.addWidget(add)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.action.currentIndexChanged.connect(self._on_action)
        if draft is not None:
            self.name.setText(draft.name)
            self.action.setCurrentIndex(self.action.findData(dr.RuleAction(draft.action).value))
            self.assignee.setCurrentText(draft.action_arg or "")
            self.description.setText(draft.description or "")
            for condition in draft.conditions:
                self.add_condition(condition)
        else:  # a new rule routes to a person until someone chooses otherwise (自动批准 with no condition = every case)
            self.action.setCurrentIndex(self.action.findData(dr.RuleAction.REQUIRE_LEVEL1.value))
        self._on_action()
        self.resize(760, 460)

    def condition_rows(self) -> list[ConditionRow]:
        return [self.rows_box.itemAt(i).widget() for i in range(self.rows_box.count() - 1)]

    def add_condition(self, condition: dr.Condition | None = None) -> ConditionRow:
        row = ConditionRow(condition, self)
        row.sig_remove.connect(self._remove_row)
        self.rows_box.insertWidget(self.rows_box.count() - 1, row)
        return row

    def draft(self) -> RuleDraft | None:
        """The rule, once the dialog was accepted."""
        return self._draft

    def build(self) -> RuleDraft:
        """The rule as entered; an AcornError (in Chinese and English) says what is wrong."""
        name, action, arg = dr.check_rule(self.name.text(), self.action.currentData(), self.assignee.currentText())
        data = {"version": dr.CONDITIONS_FORMAT, "all": [row.to_json() for row in self.condition_rows()]}
        conditions = dr.conditions_from_json(data, name)
        if action == dr.RuleAction.AUTO_APPROVE and not conditions:
            raise InputError(
                "自动批准规则至少需要一个条件:没有条件的规则会批准所有工单。",
                "An auto-approve rule needs at least one condition: without one it would approve every case.",
            )
        return RuleDraft(name, conditions, action, arg, self.description.text().strip() or None)

    def accept(self) -> None:
        try:
            self._draft = self.build()
        except AcornError as exc:
            self.error.setText(exc.text(_lang()))
            self.error.show()
            return
        super().accept()

    @Slot(object)
    def _remove_row(self, row: ConditionRow) -> None:
        self.rows_box.removeWidget(row)
        row.deleteLater()

    @Slot()
    def _on_action(self) -> None:
        self.assignee.setEnabled(self.action.currentData() == dr.RuleAction.ASSIGN.value)


def ask_rule(parent: QWidget | None, draft: RuleDraft | None, usernames: Sequence[str]) -> RuleDraft | None:
    dialog = RuleEditorDialog(draft, usernames, parent)
    return dialog.draft() if dialog.exec() == QDialog.DialogCode.Accepted else None


# -- the page ----------------------------------------------------------------------------------------------------------
class RulesPage(QWidget):
    """Rules table + edit buttons, back-test with inline progress and a result panel, enable."""

    sig_loaded = Signal()
    sig_saved = Signal(object)  # RuleSetInfo
    sig_enabled = Signal(object)  # RuleSetInfo
    sig_backtest_finished = Signal(object)  # BacktestResult (cancelled ones too)
    sig_failed = Signal(object)  # the exception, after it was shown
    sig_message = Signal(str)

    def __init__(self, runner, parent: QWidget | None = None, *, actor: Actor | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rulesPage")
        self._runner = runner
        self._backend: RulesBackend | None = None
        self.actor = actor or Actor("gui")
        self.usernames: list[str] = []
        self.dirty = False  # the rules on screen differ from what is stored
        self.has_saved_draft = False  # a draft set is stored (and shown, unless dirty)
        self.active_version: int | None = None
        self.active_count = 0
        self.busy = False
        self.backtesting = False
        self.last_result: dr.BacktestResult | None = None
        self._tested_digest: str | None = None  # digest of the rules the last result is about
        self._cancel = threading.Event()
        # Replaceable in tests: the dialogs the page opens.
        self.ask_rule: Callable[[QWidget | None, RuleDraft | None, Sequence[str]], RuleDraft | None] = ask_rule
        self.confirm: Callable[[str, str], bool] = self._confirm
        self.present_error: Callable[[str], None] = self._present_error

        self.model = RulesTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("rulesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _index: self.on_edit())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.set_label = QLabel()
        self.set_label.setObjectName("ruleSetLabel")

        self.buttons: dict[str, QPushButton] = {}
        edit_row = QHBoxLayout()
        for key, text, slot in (
            ("add", self.tr("Add…"), self.on_add), ("edit", self.tr("Edit…"), self.on_edit),
            ("delete", self.tr("Delete"), self.on_delete), ("up", self.tr("Move up"), partial(self.on_move, -1)),
            ("down", self.tr("Move down"), partial(self.on_move, 1)), ("save", self.tr("Save draft"), self.on_save),
            ("discard", self.tr("Discard draft"), self.on_discard),
        ):  # fmt: skip
            edit_row.addWidget(self._button(key, text, slot))
        edit_row.addStretch(1)
        run_row = QHBoxLayout()
        run_row.addWidget(self._button("backtest", self.tr("Back-test"), self.on_backtest))
        self.progress = QProgressBar()
        self.progress.setObjectName("backtestProgress")
        self.progress.hide()
        run_row.addWidget(self.progress, 1)
        run_row.addWidget(self._button("cancel", self.tr("Cancel"), self.on_cancel))
        run_row.addStretch(1)
        run_row.addWidget(self._button("enable", self.tr("Enable…"), self.on_enable))

        self.result_box = QGroupBox(self.tr("Back-test result"))
        self.result_box.setObjectName("backtestResultBox")
        self.summary = QLabel(self.tr("Not back-tested yet."))
        self.summary.setObjectName("backtestSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_model = BacktestResultModel(self)
        self.result_table = QTableView()
        self.result_table.setObjectName("backtestTable")
        self.result_table.setModel(self.result_model)
        self.result_table.verticalHeader().hide()
        self.result_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.result_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        summary_scroll = QScrollArea()
        summary_scroll.setWidgetResizable(True)
        summary_scroll.setWidget(self.summary)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        result_layout = QHBoxLayout(self.result_box)
        result_layout.addWidget(summary_scroll, 1)
        result_layout.addWidget(self.result_table, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.set_label)
        layout.addWidget(self.table, 3)
        layout.addLayout(edit_row)
        layout.addLayout(run_row)
        layout.addWidget(self.result_box, 2)
        self._update_buttons()
        self._update_set_label()

    def _button(self, key: str, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(f"rules_{key}")
        button.clicked.connect(lambda _checked=False: slot())
        self.buttons[key] = button
        return button

    # -- backend -----------------------------------------------------------------------------------------------------
    def set_backend(self, backend: RulesBackend | None) -> None:
        self._backend = backend
        self.model.set_items([])
        self.result_model.set_result(None)
        self.last_result = None
        self.dirty = False
        self._update_buttons()
        if backend is not None:
            self.reload()

    def reload(self) -> None:
        backend = self._backend
        if backend is None:
            return

        def load() -> tuple[list[StoredRule], list[str]]:
            return backend.list_rules(), backend.assignable_usernames()

        self._set_busy(True)
        self._runner.run(load, partial(self._on_loaded, backend), self._on_failed)

    def _on_loaded(self, backend, loaded: tuple[list[StoredRule], list[str]]) -> None:
        if backend is not self._backend:
            return
        rules, self.usernames = loaded
        drafts = [r for r in rules if r.state is RuleState.DRAFT]
        shown = drafts or [r for r in rules if r.state is RuleState.ACTIVE]
        self.active_version = max((r.version for r in rules if r.state is RuleState.ACTIVE), default=None)
        self.active_count = sum(r.state is RuleState.ACTIVE for r in rules)
        self.has_saved_draft = bool(drafts)
        self.model.set_items([RuleItem(r.as_draft(), r.state, r.id) for r in shown])
        self.dirty = False
        self._set_busy(False)
        self.sig_loaded.emit()

    # -- editing -----------------------------------------------------------------------------------------------------
    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def on_add(self) -> None:
        if not self._can_edit():
            return
        draft = self.ask_rule(self, None, self.usernames)
        if draft is None:
            return
        self._start_editing()
        selected = self.selected_row()
        row = self.model.rowCount() if selected is None else selected + 1
        self.model.insert(row, RuleItem(draft, RuleState.DRAFT))
        self.select_row(row)
        self._changed()

    def on_edit(self) -> None:
        row = self.selected_row()
        if row is None or not self._can_edit():
            return
        draft = self.ask_rule(self, self.model.items()[row].draft, self.usernames)
        if draft is None:
            return
        self._start_editing()
        self.model.replace(row, RuleItem(draft, RuleState.DRAFT))
        self._changed()

    def on_delete(self) -> None:
        row = self.selected_row()
        if row is None or not self._can_edit():
            return
        self._start_editing()
        self.model.remove(row)
        self._changed()

    def on_move(self, delta: int) -> None:
        row = self.selected_row()
        if row is None or not self._can_edit():
            return
        self._start_editing()
        if self.model.move(row, delta):
            self.select_row(row + delta)
            self._changed()

    def _start_editing(self) -> None:
        self.model.mark_all_draft()

    def _changed(self) -> None:
        self.dirty = True
        self._update_buttons()
        self._update_set_label()

    def _can_edit(self) -> bool:
        return self._backend is not None and not self.busy and not self.backtesting

    # -- save / discard / enable -------------------------------------------------------------------------------------
    def on_save(self) -> None:
        if not self._can_edit():
            return
        backend, drafts = self._backend, self.model.drafts()
        self._run(partial(backend.save_draft, self.actor, drafts), self._on_saved)

    def _on_saved(self, info: RuleSetInfo) -> None:
        self.sig_saved.emit(info)
        self.sig_message.emit(self.tr("Rule draft v{version} saved").format(version=info.version))
        self.reload()

    def on_discard(self) -> None:
        """Drop the unsaved changes and the saved draft; the active rules are shown again."""
        if not self._can_edit():
            return
        if not self.confirm(self.tr("Discard draft"), self.tr("Discard the draft and show the active rules again?")):
            return
        if self.has_saved_draft:
            self._run(partial(self._backend.discard_drafts, self.actor), lambda _n: self.reload())
        else:
            self.reload()

    def on_enable(self) -> None:
        if not self._can_edit() or self.model.rowCount() == 0:
            return
        drafts = self.model.drafts()
        digest = rule_set_digest(drafts)
        tested = self.last_result is not None and not self.last_result.cancelled and self._tested_digest == digest
        text = self.tr("Enable these {count} rules? They replace the active rules for every case from now on.").format(
            count=len(drafts)
        )
        if tested:
            text += "\n\n" + self._summary_text(self.last_result)
        else:
            text += "\n\n" + self.tr("Warning: these rules have not been back-tested as they are now.")
        if not self.confirm(self.tr("Enable rules"), text):
            return
        backend, actor, save = self._backend, self.actor, self.dirty

        def work() -> RuleSetInfo:
            if save:
                backend.save_draft(actor, drafts)
            return backend.enable_drafts(actor, expected_digest=digest)

        self._run(work, self._on_enabled)

    def _on_enabled(self, info: RuleSetInfo) -> None:
        self.sig_enabled.emit(info)
        self.sig_message.emit(self.tr("Rules v{version} enabled").format(version=info.version))
        self.reload()

    # -- back-test ---------------------------------------------------------------------------------------------------
    def on_backtest(self) -> None:
        if not self._can_edit() or self.model.rowCount() == 0:
            return
        backend, actor, drafts = self._backend, self.actor, self.model.drafts()
        digest = rule_set_digest(drafts)
        self._cancel = cancel = threading.Event()
        report = self._runner.progress_callback(self._on_progress)
        self.backtesting = True
        self.progress.setRange(0, 0)
        self.progress.show()
        self.summary.setText(self.tr("Back-testing {count} rules over the stored cases…").format(count=len(drafts)))
        self._update_buttons()
        work = partial(backend.backtest, actor, drafts, progress=report, cancel=cancel.is_set)
        self._runner.run(work, partial(self._on_backtested, digest), self._on_backtest_failed)

    def on_cancel(self) -> None:
        if self.backtesting:
            self._cancel.set()
            self.buttons["cancel"].setEnabled(False)
            self.summary.setText(self.tr("Cancelling…"))

    def _on_progress(self, done: int, total: int) -> None:
        if self.backtesting:
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(min(done, max(total, 1)))

    def _on_backtested(self, digest: str, result: dr.BacktestResult) -> None:
        self.backtesting = False
        self.progress.hide()
        self.last_result = result
        self._tested_digest = digest
        self.result_model.set_result(result)
        self.summary.setText(self._summary_text(result))
        self._update_buttons()
        self.sig_backtest_finished.emit(result)

    def _on_backtest_failed(self, exc: BaseException) -> None:
        self.backtesting = False
        self.progress.hide()
        self.summary.setText(self.tr("The back-test did not run."))
        self._on_failed(exc)

    def _summary_text(self, r: dr.BacktestResult) -> str:
        lines = []
        if r.cancelled:
            lines.append(self.tr("Cancelled after {done:,} of {total:,} cases: the figures are partial.").format(
                done=r.cases, total=r.total))  # fmt: skip
        lines.append(self.tr("{cases:,} cases, {money} in all, in {seconds:.1f} s.").format(
            cases=r.cases, money=_money(r.amount_cny), seconds=r.seconds))  # fmt: skip
        lang = _lang()
        for action, tally in sorted(r.by_action.items(), key=lambda kv: (kv[0] is None, str(kv[0]))):
            lines.append(f"  {dr.describe_outcome(None if action is None else (action, None), lang)}: "
                         f"{tally.count:,} · {_money(tally.amount_cny)}")  # fmt: skip
        lines.append(self.tr("Outcome changes versus the active rules: {count:,} case(s) ({money}).").format(
            count=r.changed.count, money=_money(r.changed.amount_cny)))  # fmt: skip
        if r.changed.example_ids:
            lines.append(self.tr("Examples: {ids}").format(ids=self._ids(r.changed)))
        if r.refused_but_granted.count:
            lines.append(self.tr("Would suggest rejecting {count:,} case(s) that were approved or refunded ({money}): "
                                 "{ids}").format(count=r.refused_but_granted.count,
                                                 money=_money(r.refused_but_granted.amount_cny),
                                                 ids=self._ids(r.refused_but_granted)))  # fmt: skip
        if r.approved_but_refused.count:
            lines.append(self.tr("Would auto-approve {count:,} case(s) that were rejected ({money}): {ids}").format(
                count=r.approved_but_refused.count, money=_money(r.approved_but_refused.amount_cny),
                ids=self._ids(r.approved_but_refused)))  # fmt: skip
        if r.no_cny_rate:
            lines.append(self.tr("{count:,} case(s) have no CNY rate and are not in the money totals.").format(
                count=r.no_cny_rate))  # fmt: skip
        return "\n".join(lines)

    @staticmethod
    def _ids(tally: dr.Tally) -> str:
        shown = ", ".join(f"#{i}" for i in tally.example_ids[:EXAMPLES_SHOWN])
        return shown + (" …" if tally.count > EXAMPLES_SHOWN else "")

    # -- plumbing ----------------------------------------------------------------------------------------------------
    def _run(self, work: Callable[[], Any], on_success: Callable[[Any], None]) -> None:
        self._set_busy(True)

        def succeeded(result: Any) -> None:
            self._set_busy(False)
            on_success(result)

        self._runner.run(work, succeeded, self._on_failed)

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, AcornError):
            self.present_error(exc.text(_lang()))
            self.sig_failed.emit(exc)
        else:
            self.sig_failed.emit(exc)
            sys.excepthook(type(exc), exc, exc.__traceback__)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._update_buttons()
        self._update_set_label()

    def _update_buttons(self) -> None:
        ready = self._can_edit()
        rows = self.model.rowCount()
        row = self.selected_row()
        enabled = {
            "add": ready, "edit": ready and row is not None, "delete": ready and row is not None,
            "up": ready and row is not None and row > 0, "down": ready and row is not None and row < rows - 1,
            "save": ready and self.dirty, "discard": ready and (self.dirty or self.has_saved_draft),
            "backtest": ready and rows > 0, "cancel": self.backtesting and not self._cancel.is_set(),
            "enable": ready and rows > 0 and (self.dirty or self.has_saved_draft),
        }  # fmt: skip
        for key, on in enabled.items():
            self.buttons[key].setEnabled(on)
        self.buttons["cancel"].setVisible(self.backtesting)

    def _update_set_label(self) -> None:
        if self.active_version is None:
            active = self.tr("No active rules")
        else:
            active = self.tr("Active rules: {count} (v{version})").format(count=self.active_count,
                                                                          version=self.active_version)  # fmt: skip
        if self.active_version is None and not self.dirty and not self.has_saved_draft:
            self.set_label.setText(self.tr("No active rules: a person decides every case"))
            return
        if self.dirty:
            state = self.tr("showing a draft with unsaved changes")
        elif self.has_saved_draft:
            state = self.tr("showing the saved draft")
        else:
            state = self.tr("showing the active rules")
        self.set_label.setText(f"{active} — {state}")

    def _confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)  # fmt: skip
        return answer == QMessageBox.StandardButton.Yes

    def _present_error(self, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Rules"), message, QMessageBox.StandardButton.Ok, self)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.exec()
