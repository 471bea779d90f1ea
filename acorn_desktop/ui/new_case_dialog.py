"""工单 › 新建工单…: enter a claim, chargeback, buyer message (or any other case) by hand.

The stores are loaded on the DB worker when the dialog opens; the form checks each field as it is typed (the
OK button stays off until it is complete) and the service checks everything again. Saving runs on the DB
worker; a refusal (e.g. the order already has that claim) is shown in the dialog, which stays open.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import partial
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDateTime, QRegularExpression, QTimeZone, Signal, Slot
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..domain.cases import CaseKind
from ..domain.marketplaces import MARKETPLACES
from ..services.changes import Actor
from ..services.manual_cases import ManualCase
from . import i18n

ORDER_PATTERN = r"\d{3}-\d{7}-\d{7}"
KIND_ORDER = (CaseKind.ATOZ_CLAIM, CaseKind.CHARGEBACK, CaseKind.BUYER_MESSAGE, CaseKind.RETURN_REQUEST,
              CaseKind.REFUND, CaseKind.SAFET_CLAIM, CaseKind.REIMBURSEMENT)  # fmt: skip


class NewCaseDialog(QDialog):
    sig_created = Signal(int)
    sig_stores_loaded = Signal()

    def __init__(self, runner, backend, actor: Actor, parent: QWidget | None = None, *,
                 time_zone: str = "Asia/Shanghai") -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("newCaseDialog")
        self.setWindowTitle(self.tr("New case"))
        self._runner = runner
        self._backend = backend
        self._actor = actor
        self._stores = []
        self._zone = ZoneInfo(time_zone)
        chinese = i18n.is_chinese()

        self.kind = QComboBox(self)
        self.kind.setObjectName("kindCombo")
        for kind in KIND_ORDER:
            self.kind.addItem(kind.label_zh if chinese else kind.label_en, kind.value)
        self.store = QComboBox(self)
        self.store.setObjectName("storeCombo")
        self.marketplace = QComboBox(self)
        self.marketplace.setObjectName("marketplaceCombo")
        self.order = QLineEdit(self)
        self.order.setObjectName("orderEdit")
        self.order.setPlaceholderText("302-1234567-1234567")
        self.order.setValidator(QRegularExpressionValidator(QRegularExpression(r"[\d-]{0,19}"), self))
        self.amount = QLineEdit(self)
        self.amount.setObjectName("amountEdit")
        self.amount.setPlaceholderText("25.99")
        self.amount.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,9}([.,]\d{0,4})?"), self))
        self.currency = QLineEdit(self)
        self.currency.setObjectName("currencyEdit")
        self.currency.setMaxLength(3)
        self.currency.setFixedWidth(60)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reasonEdit")
        self.reason.setPlaceholderText(self.tr("e.g. ITEM_NOT_RECEIVED or the buyer's words"))
        self.reason.setMaxLength(500)
        self.reference = QLineEdit(self)
        self.reference.setObjectName("referenceEdit")
        self.reference.setPlaceholderText(self.tr("optional: RMA, SAFE-T claim id…"))
        self.reference.setMaxLength(80)
        self.opened_at = QDateTimeEdit(self)
        self.opened_at.setObjectName("openedAtEdit")
        self.opened_at.setCalendarPopup(True)
        self.opened_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.opened_at.setTimeZone(QTimeZone(time_zone.encode()))
        self.opened_at.setDateTime(QDateTime.currentDateTime())

        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount, 1)
        amount_row.addWidget(self.currency)
        form = QFormLayout()
        form.addRow(self.tr("Type"), self.kind)
        form.addRow(self.tr("Store"), self.store)
        form.addRow(self.tr("Marketplace"), self.marketplace)
        form.addRow(self.tr("Order ID"), self.order)
        form.addRow(self.tr("Amount"), amount_row)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.tr("Opened at ({zone})").format(zone=time_zone), self.opened_at)
        form.addRow(self.tr("Reference"), self.reference)
        self.problem = QLabel(self)
        self.problem.setObjectName("problemLabel")
        self.problem.setWordWrap(True)
        self.problem.setProperty("role", "error")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create case"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        self.store.currentIndexChanged.connect(self._fill_marketplaces)
        self.marketplace.currentIndexChanged.connect(self._marketplace_changed)
        for widget in (self.order, self.amount, self.currency, self.reason, self.reference):
            widget.textChanged.connect(self._check)
        self.kind.currentIndexChanged.connect(self._check)
        self._check()
        self.resize(460, 0)
        runner.run(backend.store_choices, self._on_stores, self._on_failed)

    # -- loading ----------------------------------------------------------------------------------------------
    def _on_stores(self, stores) -> None:
        self._stores = list(stores)
        self.store.clear()
        for choice in self._stores:
            self.store.addItem(choice.name, choice.id)
        self._fill_marketplaces()
        self.sig_stores_loaded.emit()

    @Slot()
    def _fill_marketplaces(self) -> None:
        self.marketplace.clear()
        index = self.store.currentIndex()
        if 0 <= index < len(self._stores):
            chinese = i18n.is_chinese()
            for code in self._stores[index].marketplaces:
                info = MARKETPLACES.get(code)
                name = (info.name_zh if chinese else info.name_en) if info else code
                self.marketplace.addItem(f"{code} · {name}", code)
        self._check()

    @Slot()
    def _marketplace_changed(self) -> None:
        code = self.marketplace.currentData()
        if code in MARKETPLACES:
            self.currency.setText(MARKETPLACES[code].currency)
        self._check()

    # -- checking and saving ----------------------------------------------------------------------------------
    def entry(self) -> ManualCase:
        moment = self.opened_at.dateTime().toSecsSinceEpoch()
        return ManualCase(
            kind=CaseKind(self.kind.currentData()), account_id=self.store.currentData() or 0,
            marketplace=self.marketplace.currentData() or "", amazon_order_id=self.order.text().strip(),
            amount=self.amount.text().strip() or "0", currency=self.currency.text().strip().upper(),
            reason=self.reason.text().strip(), opened_at=datetime.fromtimestamp(moment, UTC),
            reference=self.reference.text().strip(),
        )  # fmt: skip

    def problems(self) -> list[str]:
        found = []
        if self.store.currentData() is None:
            found.append(self.tr("Choose a store."))
        kind = CaseKind(self.kind.currentData())
        order = self.order.text().strip()
        optional = kind in (CaseKind.BUYER_MESSAGE, CaseKind.REIMBURSEMENT)
        if (order or not optional) and not re.fullmatch(ORDER_PATTERN, order):
            found.append(self.tr("The order id looks like 302-1234567-1234567."))
        if not re.fullmatch(r"[A-Za-z]{3}", self.currency.text().strip()):
            found.append(self.tr("The currency is three letters, e.g. EUR."))
        return found

    @Slot()
    def _check(self) -> None:
        problems = self.problems()
        self.problem.setText("\n".join(problems))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)

    @Slot()
    def save(self) -> None:
        if self.problems():
            return
        self.buttons.setEnabled(False)
        self._runner.run(partial(self._backend.create_case, self._actor, self.entry()), self._on_saved, self._on_failed)

    def _on_saved(self, case_id: int) -> None:
        self.sig_created.emit(case_id)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.problem.setText(i18n.error_text(exc))
