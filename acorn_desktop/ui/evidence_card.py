"""The evidence package card (证据包) of the case detail pane, and the dialog to record a parcel by hand.

Shows what the case's claim can be argued with — shipping proof with the carrier's delivery scan, return
tracking, refunds, the buyer's own words, attachments — and, in red, what its claim type still lacks with what
to do about it. Everything is read through ``EvidenceServices`` and written through ``ShipmentServices`` on the
background runner; nothing here touches the database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.evidence import EvidenceKind, Scan, ShipmentFacts
from ..domain.marketplaces import MARKETPLACES
from ..services.evidence import CaseEvidence
from ..services.shipments import ShipmentInput
from . import i18n
from .background import BackgroundRunner
from .case_detail import DATA_PROPERTY, _Card, _data_label, _fit_rows, _table, local_time
from .code_labels import scan_label
from .rows_model import RowsTableModel

log = logging.getLogger(__name__)


class EvidenceBackend(Protocol):
    def package(self, case_id: int) -> CaseEvidence: ...


class ShipmentBackend(Protocol):
    def record_manual(self, case_id: int, data: ShipmentInput, actor: Any) -> int: ...
    def import_csv(self, path: Path, actor: Any): ...


class ScansModel(RowsTableModel):
    """The carrier's scans of the outbound parcel, oldest first, in the user's time zone."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.zone = ZoneInfo("Asia/Shanghai")

    def headers(self) -> list[str]:
        return [self.tr("Time"), self.tr("Event"), self.tr("Location"), self.tr("Details")]

    def cell(self, row: Scan, column: int) -> str:
        return (local_time(row.at, self.zone), scan_label(row.code), row.location, row.description)[column]

    def tooltip(self, row: Scan, column: int) -> str | None:
        return row.code if column == 1 else None  # the carrier's own code


def missing_text(kind: EvidenceKind) -> str:
    return kind.missing_line(i18n.current_language())


class EvidencePackageCard(_Card):
    """Shipping proof, return tracking, refunds, buyer excerpts, attachments count, and what is missing."""

    sig_changed = Signal(int)  # a parcel was recorded or imported for this case
    sig_loaded = Signal(object)  # the CaseEvidence shown
    sig_message = Signal(str, str)  # (text, kind "info" | "error") for the pane's message line

    def __init__(self, runner: BackgroundRunner, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Evidence package"), "evidencePackage", parent)
        self._runner = runner
        self._backend: EvidenceBackend | None = None
        self._shipments: ShipmentBackend | None = None
        self.actor: Any = "gui"
        self.zone = ZoneInfo("Asia/Shanghai")
        self.case_id: int | None = None
        self.marketplace: str | None = None
        self.evidence: CaseEvidence | None = None
        self._request = 0

        self.missing_label = QLabel()
        self.missing_label.setObjectName("missingEvidence")
        self.missing_label.setWordWrap(True)
        self.missing_label.setProperty(DATA_PROPERTY, True)
        self.missing_label.setStyleSheet(
            "QLabel#missingEvidence { background: #fdecea; color: #a93226; border: 1px solid #f5c6cb;"
            " border-radius: 6px; padding: 6px 10px; }"
        )
        self.shipping_label = _data_label(name="shippingProof", wrap=True)
        self.scans_model = ScansModel(self)
        self.scans_view = _table(self.scans_model, stretch=3)
        self.scans_view.setObjectName("scansView")
        self.others_label = _data_label(name="evidenceOthers", wrap=True)
        self.record_button = QPushButton(self.tr("Record shipment…"))
        self.record_button.setObjectName("recordShipmentButton")
        self.record_button.setToolTip(self.tr("Carrier, tracking number, ship and delivery date, typed by hand"))
        self.record_button.clicked.connect(self.record_shipment)
        self.import_button = QPushButton(self.tr("Import tracking export…"))
        self.import_button.setObjectName("importTrackingButton")
        self.import_button.setToolTip(self.tr("A carrier or ERP CSV: order id, carrier, tracking number, dates"))
        self.import_button.clicked.connect(self.import_tracking)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        self.body.addWidget(self.missing_label)
        self.body.addWidget(self.shipping_label)
        self.body.addWidget(self.scans_view)
        self.body.addWidget(self.others_label)
        self.body.addLayout(buttons)
        self._update_enabled()

    # -- public API ------------------------------------------------------------------------------------------
    def set_backends(self, evidence: EvidenceBackend | None, shipments: ShipmentBackend | None) -> None:
        self._backend = evidence
        self._shipments = shipments
        self.setVisible(evidence is not None and self.case_id is not None)
        self._update_enabled()

    def set_time_zone(self, name: str) -> None:
        self.zone = ZoneInfo(name)
        self.scans_model.zone = self.zone

    def show_case(self, case_id: int, marketplace: str | None = None) -> None:
        self.case_id = case_id
        self.marketplace = marketplace
        if self._backend is None:
            self.hide()
            return
        self._request += 1
        request, backend = self._request, self._backend
        self._runner.run(lambda: backend.package(case_id), lambda result: self._on_loaded(request, result),
                         lambda exc: self._on_failed(request, exc))  # fmt: skip

    def clear(self) -> None:
        self._request += 1
        self.case_id = None
        self.evidence = None
        self.hide()

    # -- loading ---------------------------------------------------------------------------------------------
    def _on_loaded(self, request: int, evidence: CaseEvidence) -> None:
        if request != self._request:
            return
        self.evidence = evidence
        package = evidence.package
        missing = package.missing
        self.missing_label.setText("\n".join(f"• {missing_text(k)}" for k in missing))
        self.missing_label.setVisible(bool(missing))
        outbound = package.outbound
        self.shipping_label.setText(self._shipping_text(outbound, evidence.delivered_to))
        self.scans_model.set_rows(outbound.scans if outbound else [])
        self.scans_view.setVisible(bool(outbound and outbound.scans))
        _fit_rows(self.scans_view, max_height=200)
        self.others_label.setText(self._others_text(evidence))
        self.show()
        self._update_enabled()
        self.sig_loaded.emit(evidence)

    def _on_failed(self, request: int, exc: BaseException) -> None:
        if request == self._request:
            self.sig_message.emit(i18n.error_text(exc), "error")

    def _shipping_text(self, s: ShipmentFacts | None, delivered_to: str | None) -> str:
        if s is None:
            return self.tr("Shipping proof: none yet.")
        text = self.tr("Shipping proof: {carrier} · tracking {tracking}").format(
            carrier=s.carrier, tracking=s.tracking_number
        )
        if s.shipping_service:
            text += f" · {s.shipping_service}"
        lines = [text, self.tr("Shipped: {when}").format(when=local_time(s.shipped_at, self.zone))]
        if s.delivered_at is not None:
            where = f" · {delivered_to}" if delivered_to else ""
            lines.append(self.tr("Delivered: {when}").format(when=local_time(s.delivered_at, self.zone)) + where)
        else:
            lines.append(self.tr("Delivered: no delivery scan"))
        return "\n".join(lines)

    def _others_text(self, evidence: CaseEvidence) -> str:
        package = evidence.package
        lines = []
        for s in package.shipments:
            if s.direction == "return":
                lines.append(self.tr("Return tracking: {carrier} {tracking}").format(
                    carrier=s.carrier or "—", tracking=s.tracking_number))  # fmt: skip
        for r in package.refunds:
            lines.append(self.tr("Refund: {amount} {currency} on {day}").format(
                amount=r.amount, currency=r.currency, day=local_time(r.posted_at, self.zone)))  # fmt: skip
        for message in package.messages:
            lines.append(self.tr("Buyer wrote ({day}): “{text}”").format(
                day=local_time(message.received_at, self.zone), text=message.excerpt[:160]))  # fmt: skip
        if package.attachments:
            lines.append(self.tr("Attachments: {count}").format(count=len(package.attachments)))
        return "\n".join(lines) or self.tr("No return tracking, refunds or buyer messages.")

    # -- writing ---------------------------------------------------------------------------------------------
    def _update_enabled(self) -> None:
        ready = self._shipments is not None and self.case_id is not None
        self.record_button.setEnabled(ready)
        self.import_button.setEnabled(ready)

    @Slot()
    def record_shipment(self) -> None:
        if self._shipments is None or self.case_id is None:
            return
        zone = ZoneInfo(MARKETPLACES[self.marketplace].timezone) if self.marketplace in MARKETPLACES else UTC
        dialog = ShipmentDialog(self.case_id, zone, self.window())
        dialog.prefill(self.evidence.package.outbound if self.evidence is not None else None)
        dialog.sig_submitted.connect(self._save_shipment)
        dialog.open()
        self.shipment_dialog = dialog

    def _save_shipment(self, data: ShipmentInput) -> None:
        case_id, backend, actor = self.case_id, self._shipments, self.actor
        self._run(lambda: backend.record_manual(case_id, data, actor),
                  lambda _id: self.tr("Shipment recorded: {carrier} {tracking}").format(
                      carrier=data.carrier, tracking=data.tracking_number))  # fmt: skip

    @Slot()
    def import_tracking(self) -> None:
        if self._shipments is None or self.case_id is None:
            return
        path = self._ask_csv_path()
        if not path:
            return
        backend, actor = self._shipments, self.actor

        def message(r) -> str:
            text = self.tr("Tracking export imported: {created} new, {updated} updated, {same} unchanged")
            return text.format(created=r.created, updated=r.updated, same=r.unchanged)

        self._run(lambda: backend.import_csv(Path(path), actor), message)

    def _ask_csv_path(self) -> str:  # tests replace this
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import tracking export"), "", self.tr("Tracking export (*.csv *.tsv *.txt);;All files (*)")
        )
        return path

    def _run(self, work: Callable[[], Any], message: Callable[[Any], str]) -> None:
        case_id = self.case_id
        self.record_button.setEnabled(False)
        self.import_button.setEnabled(False)

        def done(result) -> None:
            self._update_enabled()
            self.sig_message.emit(message(result), "info")
            self.sig_changed.emit(case_id)
            if self.case_id == case_id:
                self.show_case(case_id, self.marketplace)

        def failed(exc: BaseException) -> None:
            self._update_enabled()
            self.sig_message.emit(i18n.error_text(exc) + _hint(exc), "error")

        self._runner.run(work, done, failed)


def _hint(exc: BaseException) -> str:
    hint = getattr(exc, "hint_zh" if i18n.is_chinese() else "hint_en", "")
    return f"\n{hint}" if hint else ""


class ShipmentDialog(QDialog):
    """Record a parcel by hand: carrier, tracking number, shipped, delivered (optional) and where."""

    sig_submitted = Signal(object)  # ShipmentInput

    def __init__(self, case_id: int, zone, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shipmentDialog")
        self.setWindowTitle(self.tr("Record shipment for case #{id}").format(id=case_id))
        self.zone = zone
        self.direction = QComboBox()
        self.direction.setObjectName("directionCombo")
        self.direction.addItem(self.tr("To the buyer"), "outbound")
        self.direction.addItem(self.tr("Return from the buyer"), "return")
        self.carrier = QLineEdit()
        self.carrier.setObjectName("carrierEdit")
        self.carrier.setMaxLength(64)
        self.carrier.setPlaceholderText(self.tr("e.g. DHL, Royal Mail, ヤマト運輸"))
        self.tracking = QLineEdit()
        self.tracking.setObjectName("trackingEdit")
        self.tracking.setMaxLength(64)
        self.service = QLineEdit()
        self.service.setObjectName("serviceEdit")
        self.service.setMaxLength(80)
        today = QDate.currentDate()
        self.shipped = QDateEdit(today)
        self.shipped.setObjectName("shippedEdit")
        self.shipped.setCalendarPopup(True)
        self.shipped.setMaximumDate(today)
        self.delivered_known = QCheckBox(self.tr("Delivered on"))
        self.delivered_known.setObjectName("deliveredKnown")
        self.delivered = QDateEdit(today)
        self.delivered.setObjectName("deliveredEdit")
        self.delivered.setCalendarPopup(True)
        self.delivered.setMaximumDate(today)
        self.delivered.setEnabled(False)
        self.delivered_known.toggled.connect(self.delivered.setEnabled)
        self.where = QLineEdit()
        self.where.setObjectName("deliveredToEdit")
        self.where.setMaxLength(120)
        self.where.setPlaceholderText(self.tr("e.g. front door, neighbour, parcel locker"))
        form = QFormLayout()
        form.addRow(self.tr("Direction:"), self.direction)
        form.addRow(self.tr("Carrier:"), self.carrier)
        form.addRow(self.tr("Tracking number:"), self.tracking)
        form.addRow(self.tr("Service:"), self.service)
        form.addRow(self.tr("Shipped on:"), self.shipped)
        form.addRow(self.delivered_known, self.delivered)
        form.addRow(self.tr("Delivered to:"), self.where)
        hint = QLabel(self.tr("Dates are the carrier's local dates."))
        hint.setProperty("role", "hint")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        for edit in (self.carrier, self.tracking):
            edit.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        ok = bool(self.carrier.text().strip() and self.tracking.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(ok)

    def prefill(self, parcel: ShipmentFacts | None) -> None:
        """Start from the parcel already known (adding its delivery is the usual reason to come here)."""
        if parcel is None:
            return
        self.direction.setCurrentIndex(max(0, self.direction.findData(parcel.direction)))
        self.carrier.setText(parcel.carrier)
        self.tracking.setText(parcel.tracking_number)
        self.service.setText(parcel.shipping_service or "")
        if parcel.shipped_at is not None:
            self.shipped.setDate(QDate(parcel.shipped_at.astimezone(self.zone).date()))

    def _moment(self, edit: QDateEdit) -> datetime:
        day = edit.date().toPython()
        midday = datetime.combine(day, time(12, 0), self.zone).astimezone(UTC)  # the same calendar day everywhere
        return min(midday, datetime.now(UTC))  # today's date: not later than now

    def value(self) -> ShipmentInput:
        return ShipmentInput(
            amazon_order_id="", carrier=self.carrier.text().strip(), tracking_number=self.tracking.text().strip(),
            direction=self.direction.currentData(), service=self.service.text().strip() or None,
            shipped_at=self._moment(self.shipped),
            delivered_at=self._moment(self.delivered) if self.delivered_known.isChecked() else None,
            delivered_to=self.where.text().strip() or None,
        )  # fmt: skip

    @Slot()
    def submit(self) -> None:
        if not self.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled():
            return
        self.sig_submitted.emit(self.value())
        self.accept()
