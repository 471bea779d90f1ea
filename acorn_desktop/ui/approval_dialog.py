"""Approval dialogs: request approval (reason, evidence, editable refund breakdown) and confirm a batch approval;
deciding one approval is :mod:`acorn_desktop.ui.decision_dialog`, which shares the breakdown table from here.

Every dialog talks to a bound ``services.approvals.ApprovalServices`` (``ActorBound(ApprovalServices(store),
actor)``) through the :class:`~acorn_desktop.ui.background.BackgroundRunner`; nothing here opens a session or
decides who may do what. Buttons only mirror what the service would refuse (``ApprovalView.can_approve``…);
the service checks again.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
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
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.money import quantize
from ..services.approvals import (
    ADJUSTMENT_REASONS,
    COMPONENT_TYPES,
    DEDUCTION_TYPES,
    REASON_MAX_CHARS,
    ApprovalView,
    BatchApproveResult,
    Decision,
    DecisionResult,
    PendingApproval,
    RequestDraft,
    RequestResult,
)
from ..services.case_detail import EvidenceInfo
from . import i18n
from .code_labels import adjustment_reason_label, component_label
from .error_dialog import describe
from .queue_area import DATA_PROPERTY

_Index = QModelIndex | QPersistentModelIndex


class ApprovalBackend(Protocol):
    """``ApprovalServices`` bound to the logged-in user (``ActorBound``); every call runs on the DB worker."""

    def draft(self, case_id: int) -> RequestDraft: ...
    def request(self, case_ids: Sequence[int], reason: str, **kwargs: Any) -> RequestResult: ...
    def view(self, approval_id: int) -> ApprovalView: ...
    def decide(
        self, approval_id: int, decision: Decision | str, comment: str = "", **kwargs: Any
    ) -> DecisionResult: ...
    def batch_approve(self, approval_ids: Sequence[int], comment: str = "") -> BatchApproveResult: ...
    def pending_for(self) -> list[PendingApproval]: ...


def _zh() -> bool:
    return i18n.is_chinese()


def _money(amount: Decimal | None, currency: str) -> str:
    return "—" if amount is None else f"{quantize(Decimal(amount), currency):,} {currency}"


def _cny(amount: Decimal | None) -> str:
    return "—" if amount is None else f"≈ ¥{quantize(Decimal(amount), 'CNY'):,}"


def _data_label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setProperty(DATA_PROPERTY, True)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    return label


def _restyle(label: QLabel, role: str) -> None:
    label.setProperty("role", role)
    label.style().unpolish(label)
    label.style().polish(label)


# -- the refund breakdown --------------------------------------------------------------------------------------
class BreakdownModel(QAbstractTableModel):
    """Component type → amount rows (Amazon's ItemPriceAdjustments types); editable in the request dialog.

    Deductions (RestockingFee, RestockingFeeTax, ReturnShipping) are entered as negative amounts. An amount
    with more decimals than the currency has is refused. ``sig_total_changed`` fires after every change.
    """

    sig_total_changed = Signal()

    TYPE, AMOUNT = 0, 1

    def __init__(self, parent=None, *, editable: bool = False) -> None:
        super().__init__(parent)
        self._rows: list[list[Any]] = []  # [component type, Decimal]
        self.currency = "USD"
        self.editable = editable
        self.edited = False
        self._headers = (self.tr("Component"), self.tr("Amount"))
        for signal in (self.dataChanged, self.rowsInserted, self.rowsRemoved, self.modelReset):
            signal.connect(self.sig_total_changed)

    # contents ------------------------------------------------------------------------------------------------
    def set_components(self, components: Sequence[tuple[str, Decimal]], currency: str) -> None:
        self.beginResetModel()
        self.currency = currency
        self._rows = [[name, Decimal(amount)] for name, amount in components]
        self.edited = False
        self.endResetModel()

    def components(self) -> dict[str, Decimal]:
        """Non-zero rows as the service takes them."""
        return {name: amount for name, amount in self._rows if amount != 0}

    def total(self) -> Decimal:
        return sum((amount for _, amount in self._rows), Decimal(0))

    def used_types(self) -> set[str]:
        return {name for name, _ in self._rows}

    def add_row(self) -> int | None:
        """A new zero row of the first type not in use; its row number, or None when all types are used."""
        free = next((t for t in COMPONENT_TYPES if t not in self.used_types()), None)
        if free is None:
            return None
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append([free, Decimal(0)])
        self.endInsertRows()
        self.edited = True
        return row

    def remove_row(self, row: int) -> bool:
        if not 0 <= row < len(self._rows):
            return False
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        self.edited = True
        return True

    # Qt model ------------------------------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < 2:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        name, amount = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return component_label(name) if column == self.TYPE else f"{quantize(amount, self.currency):,}"
        if role == Qt.ItemDataRole.EditRole:
            return name if column == self.TYPE else str(quantize(amount, self.currency))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.AMOUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and name in DEDUCTION_TYPES:
            return self.tr("A deduction: enter it as a negative amount, e.g. -2.00")
        if role == Qt.ItemDataRole.ToolTipRole and column == self.TYPE:
            return name  # Amazon's code
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if self.editable else base

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not self.editable or role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row = self._rows[index.row()]
        if index.column() == self.TYPE:
            name = str(value)
            if name not in COMPONENT_TYPES or (name != row[0] and name in self.used_types()):
                return False
            row[0] = name
        else:
            amount = _parse_amount(value, self.currency)
            if amount is None:
                return False
            row[1] = amount
        self.edited = True
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole])
        return True


def _parse_amount(value: Any, currency: str) -> Decimal | None:
    """The amount typed, or None when it is not a number in the currency's minor unit."""
    text = str(value).strip().replace(",", "").replace("，", "")
    try:
        amount = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite() or amount != quantize(amount, currency):
        return None
    return amount


class ComponentTypeDelegate(QStyledItemDelegate):
    """A combo box of Amazon's component types for the first column."""

    def createEditor(self, parent: QWidget, option, index: _Index) -> QWidget:
        if index.column() != BreakdownModel.TYPE:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        for code in COMPONENT_TYPES:
            combo.addItem(component_label(code), code)
        return combo

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(editor.findData(index.data(Qt.ItemDataRole.EditRole)))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model, index: _Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
        else:
            super().setModelData(editor, model, index)


def _breakdown_view(model: BreakdownModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    view.setMinimumHeight(140)
    return view


# -- (a) request approval --------------------------------------------------------------------------------------
class RequestApprovalDialog(QDialog):
    """发送审批 for one case: reason, evidence to show the approver, and the refund breakdown (editable)."""

    sig_requested = Signal(object)  # RequestResult
    sig_failed = Signal(object)
    sig_loaded = Signal()

    def __init__(
        self,
        backend: ApprovalBackend,
        runner,
        case_id: int,
        parent: QWidget | None = None,
        *,
        evidence: Sequence[EvidenceInfo] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("requestApprovalDialog")
        self.setWindowTitle(self.tr("Request approval for case #{id}").format(id=case_id))
        self._backend = backend
        self._runner = runner
        self.case_id = case_id
        self.draft: RequestDraft | None = None
        self.result_value: RequestResult | None = None
        self._busy = False

        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setObjectName("reasonEdit")
        self.reason_edit.setPlaceholderText(self.tr("Why should this refund be approved?"))
        self.reason_edit.setTabChangesFocus(True)
        self.reason_counter = QLabel()
        self.reason_counter.setProperty("role", "hint")

        self.evidence_list = QListWidget()
        self.evidence_list.setObjectName("evidenceList")
        for item in evidence:
            entry = QListWidgetItem(f"{item.filename} ({item.category})")
            entry.setData(Qt.ItemDataRole.UserRole, item.id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked)
            self.evidence_list.addItem(entry)
        self.evidence_list.setMaximumHeight(90)

        self.model = BreakdownModel(self, editable=True)
        self.table = _breakdown_view(self.model, "breakdownTable")
        self.table.setItemDelegate(ComponentTypeDelegate(self.table))
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.add_button = QPushButton(self.tr("Add component"))
        self.add_button.setObjectName("addComponentButton")
        self.remove_button = QPushButton(self.tr("Remove component"))
        self.remove_button.setObjectName("removeComponentButton")
        self.add_button.clicked.connect(self.on_add_component)
        self.remove_button.clicked.connect(self.on_remove_component)
        self.reason_combo = QComboBox()
        self.reason_combo.setObjectName("adjustmentReasonCombo")
        for code in ADJUSTMENT_REASONS:
            self.reason_combo.addItem(adjustment_reason_label(code), code)
        self.total_label = _data_label(name="totalLabel")
        self.total_label.setProperty("role", "panelTitle")

        self.breakdown_box = QGroupBox(self.tr("Refund breakdown"))
        box = QVBoxLayout(self.breakdown_box)
        box.addWidget(self.table)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        box.addLayout(row)
        form = QFormLayout()
        form.addRow(self.tr("Adjustment reason:"), self.reason_combo)
        form.addRow(self.tr("Total:"), self.total_label)
        box.addLayout(form)

        self.message_label = QLabel(self.tr("Loading…"))
        self.message_label.setObjectName("messageLabel")
        self.message_label.setWordWrap(True)
        self.message_label.setProperty("role", "hint")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Send for approval"))
        self.buttons.accepted.connect(self.on_submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Reason:")))
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.reason_counter)
        if evidence:
            layout.addWidget(QLabel(self.tr("Evidence shown to the approver:")))
            layout.addWidget(self.evidence_list)
        layout.addWidget(self.breakdown_box)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self.reason_edit.textChanged.connect(self._update)
        self.model.sig_total_changed.connect(self._update_total)
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.resize(520, 620)
        self._update()
        runner.run(partial(backend.draft, case_id), self._on_draft, self._on_load_failed)

    # loading -------------------------------------------------------------------------------------------------
    def _on_draft(self, draft: RequestDraft) -> None:
        self.draft = draft
        self.model.set_components(draft.components, draft.currency)
        if draft.adjustment_reason:
            self.reason_combo.setCurrentIndex(self.reason_combo.findData(draft.adjustment_reason))
        self.breakdown_box.setVisible(draft.refundable)
        self.message_label.clear()
        self.message_label.hide()
        self._update_total()
        self._update()
        self.sig_loaded.emit()

    def _on_load_failed(self, exc: BaseException) -> None:
        self._show_error(exc)
        self.sig_failed.emit(exc)

    # editing -------------------------------------------------------------------------------------------------
    @Slot()
    def on_add_component(self) -> None:
        row = self.model.add_row()
        if row is not None:
            self.table.selectRow(row)

    @Slot()
    def on_remove_component(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.model.remove_row(rows[0].row())

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()

    def selected_evidence(self) -> list[int]:
        items = (self.evidence_list.item(i) for i in range(self.evidence_list.count()))
        return [i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked]

    @Slot()
    def _update_total(self) -> None:
        draft = self.draft
        if draft is None:
            self.total_label.setText("—")
            return
        total = self.model.total()
        text = _money(total, draft.currency)
        if draft.currency.upper() != "CNY":
            cny = None if draft.cny_rate is None else total * draft.cny_rate
            text += "  " + (_cny(cny) if cny is not None else self.tr("(no CNY rate)"))
        self.total_label.setText(text)
        _restyle(self.total_label, "error" if total <= 0 else "panelTitle")
        self._update()

    @Slot()
    def _update(self) -> None:
        n = len(self.reason())
        self.reason_counter.setText(self.tr("{count} / {limit} characters").format(count=n, limit=REASON_MAX_CHARS))
        refundable = self.draft is not None and self.draft.refundable
        total_ok = not refundable or self.model.total() > 0
        ready = self.draft is not None and 0 < n <= REASON_MAX_CHARS and total_ok and not self._busy
        self.ok_button.setEnabled(ready)
        self.add_button.setEnabled(not self._busy and len(self.model.used_types()) < len(COMPONENT_TYPES))
        self.remove_button.setEnabled(not self._busy and self.table.selectionModel().hasSelection())

    # submitting ----------------------------------------------------------------------------------------------
    @Slot()
    def on_submit(self) -> None:
        draft = self.draft
        if draft is None or self._busy or not self.ok_button.isEnabled():
            return
        kwargs: dict[str, Any] = {"expected_versions": {draft.case_id: draft.case_version}}
        if draft.refundable and (self.model.edited or self.reason_combo.currentData() != draft.adjustment_reason):
            kwargs["components"] = self.model.components()
            kwargs["adjustment_reason"] = self.reason_combo.currentData()
        evidence = self.selected_evidence()
        if evidence:
            kwargs["evidence_ids"] = evidence
        self._set_busy(True)
        self._runner.run(
            partial(self._backend.request, [draft.case_id], self.reason(), **kwargs),
            self._on_requested,
            self._on_failed,
        )

    def _on_requested(self, result: RequestResult) -> None:
        self._set_busy(False)
        self.result_value = result
        self.sig_requested.emit(result)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._show_error(exc)
        self.sig_failed.emit(exc)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.reason_edit.setReadOnly(busy)
        self.table.setEnabled(not busy)
        self._update()

    def _show_error(self, exc: BaseException) -> None:
        self.message_label.setText(describe(exc)[0])
        _restyle(self.message_label, "error")
        self.message_label.show()

    def reject(self) -> None:
        if not self._busy:
            super().reject()


# -- (c) batch approval ----------------------------------------------------------------------------------------
class BatchApproveDialog(QDialog):
    """Confirms approving many small refunds at once: how many, and the CNY total.

    Approvals this user may not approve (``can_approve`` False: above their limit) are left out and named, so
    the batch the service receives is one it can accept as a whole.
    """

    sig_approved = Signal(object)  # BatchApproveResult
    sig_failed = Signal(object)

    def __init__(self, backend: ApprovalBackend, runner, items: Sequence[PendingApproval], parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("batchApproveDialog")
        self.setWindowTitle(self.tr("Approve Selected in One Step"))  # as its menu item says
        self._backend = backend
        self._runner = runner
        self._busy = False
        self.result_value: BatchApproveResult | None = None
        self.items = [i for i in items if i.can_approve]
        self.skipped = [i for i in items if not i.can_approve]
        self.total_cny = sum((i.amount_cny or Decimal(0) for i in self.items), Decimal(0))
        self.no_rate = [i for i in self.items if i.amount_cny is None]

        self.summary_label = _data_label(
            self.tr("Approve {count} refund(s), in total ≈ ¥{total}?").format(
                count=len(self.items), total=f"{quantize(self.total_cny, 'CNY'):,}"
            ),
            "summaryLabel",
        )
        self.summary_label.setProperty("role", "panelTitle")
        self.list = QListWidget()
        self.list.setObjectName("approvalList")
        for item in self.items:
            self.list.addItem(self.tr("Case #{case} · {order} · {amount} · {cny}").format(
                case=item.case_id, order=item.amazon_order_id or "—", amount=_money(item.amount, item.currency),
                cny=_cny(item.amount_cny)))  # fmt: skip
        self.skipped_label = _data_label(name="skippedLabel")
        self.skipped_label.setProperty("role", "error")
        if self.skipped:
            ids = ", ".join(f"#{i.case_id}" for i in self.skipped)  # case numbers, as the queue shows them
            self.skipped_label.setText(self.tr("Left out, above your approval limit: cases {ids}").format(ids=ids))
        self.skipped_label.setVisible(bool(self.skipped))
        self.comment_edit = QPlainTextEdit()
        self.comment_edit.setObjectName("commentEdit")
        self.comment_edit.setPlaceholderText(self.tr("Comment (optional)"))
        self.comment_edit.setMaximumHeight(70)
        self.message_label = QLabel()
        self.message_label.setObjectName("messageLabel")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Approve {count}").format(count=len(self.items)))
        self.ok_button.setEnabled(bool(self.items))
        self.buttons.accepted.connect(self.on_confirm)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.list)
        layout.addWidget(self.skipped_label)
        layout.addWidget(self.comment_edit)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self.resize(480, 420)

    @Slot()
    def on_confirm(self) -> None:
        if self._busy or not self.items:
            return
        self._busy = True
        self.ok_button.setEnabled(False)
        ids = [i.approval_id for i in self.items]
        comment = self.comment_edit.toPlainText().strip()
        self._runner.run(partial(self._backend.batch_approve, ids, comment), self._on_done, self._on_failed)

    def _on_done(self, result: BatchApproveResult) -> None:
        self._busy = False
        self.result_value = result
        self.sig_approved.emit(result)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._busy = False
        self.ok_button.setEnabled(bool(self.items))
        self.message_label.setText(describe(exc)[0])
        _restyle(self.message_label, "error")
        self.message_label.show()
        self.sig_failed.emit(exc)

    def reject(self) -> None:
        if not self._busy:
            super().reject()
