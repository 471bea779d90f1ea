"""审批决定: one approval with everything the approver needs to see — the request, the case and its order, the
marketplace policy row, the routing rule, the risk signals, the refund breakdown and the history — and 批准 /
驳回 / 退回补充, by button or key (:mod:`acorn_desktop.ui.decision_keys`), then on to the next approval waiting.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..services.approvals import COMMENT_MAX_CHARS, ApprovalView, Decision, DecisionResult
from .approval_dialog import (
    ApprovalBackend,
    BreakdownModel,
    _breakdown_view,
    _cny,
    _data_label,
    _money,
    _restyle,
    _zh,
)
from .code_labels import adjustment_reason_label, channel_label, order_status_label
from .decision_keys import DecisionKeys
from .error_dialog import describe


class ApprovalDecisionDialog(QDialog):
    """批准 / 驳回 / 退回补充 one approval, with everything the approver needs to see."""

    sig_decided = Signal(object)  # DecisionResult
    sig_failed = Signal(object)
    sig_loaded = Signal()

    def __init__(
        self, backend: ApprovalBackend, runner, approval_id: int, parent: QWidget | None = None, *,
        time_zone: str = "Asia/Shanghai",
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("approvalDecisionDialog")
        self._backend = backend
        self._runner = runner
        self.approval_id = approval_id
        self.tz = ZoneInfo(time_zone)
        self.view: ApprovalView | None = None
        self.result_value: DecisionResult | None = None
        self._busy = False

        self.fields: dict[str, QLabel] = {}
        content = QWidget()
        body = QVBoxLayout(content)
        sections = (
            (self.tr("Request"), (("requester", self.tr("Requested by")), ("reason", self.tr("Reason")),
                                  ("level", self.tr("Level")), ("evidence", self.tr("Evidence")))),
            (self.tr("Case and order"), (("case", self.tr("Case")), ("order", self.tr("Order")),
                                         ("items", self.tr("Items")), ("buyer_reason", self.tr("Buyer's reason")))),
            (self.tr("Marketplace policy"), (("policy", self.tr("Policy row")), ("deadline", self.tr("Deadline")))),
            (self.tr("Routing rule"), (("rule", self.tr("Rule")), ("suggestion", self.tr("Suggestion")))),
            (self.tr("Risk"), (("risk", self.tr("Risk score")), ("signals", self.tr("Signals")))),
        )  # fmt: skip
        for title, rows in sections:
            group = QGroupBox(title)
            form = QFormLayout(group)
            for key, caption in rows:
                self.fields[key] = _data_label(name=f"{key}Field")
                form.addRow(caption + ":", self.fields[key])
            body.addWidget(group)

        self.model = BreakdownModel(self, editable=False)
        self.table = _breakdown_view(self.model, "breakdownTable")
        self.fields["total"] = _data_label(name="totalField")
        self.fields["total"].setProperty("role", "panelTitle")
        self.fields["adjustment_reason"] = _data_label(name="adjustmentReasonField")
        refund = QGroupBox(self.tr("Refund breakdown"))
        refund_layout = QVBoxLayout(refund)
        refund_layout.addWidget(self.table)
        totals = QFormLayout()
        totals.addRow(self.tr("Adjustment reason:"), self.fields["adjustment_reason"])
        totals.addRow(self.tr("Total:"), self.fields["total"])
        refund_layout.addLayout(totals)
        body.addWidget(refund)
        self.fields["history"] = _data_label(name="historyField")
        history = QGroupBox(self.tr("History"))
        QVBoxLayout(history).addWidget(self.fields["history"])
        body.addWidget(history)
        body.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)

        self.comment_edit = QPlainTextEdit()
        self.comment_edit.setObjectName("commentEdit")
        self.comment_edit.setPlaceholderText(self.tr("Comment (required to reject or return for information)"))
        self.comment_edit.setTabChangesFocus(True)
        self.comment_edit.setMaximumHeight(80)
        self.message_label = QLabel(self.tr("Loading…"))
        self.message_label.setObjectName("messageLabel")
        self.message_label.setWordWrap(True)
        self.message_label.setProperty("role", "hint")

        self.buttons = QDialogButtonBox()
        self.approve_button = self.buttons.addButton(self.tr("Approve"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.reject_button = self.buttons.addButton(self.tr("Reject"), QDialogButtonBox.ButtonRole.DestructiveRole)
        self.return_button = self.buttons.addButton(self.tr("Return for info"), QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        for button, name in ((self.approve_button, "approveButton"), (self.reject_button, "rejectButton"),
                             (self.return_button, "returnButton")):  # fmt: skip
            button.setObjectName(name)
            button.setAutoDefault(False)
        self.approve_button.clicked.connect(partial(self.on_decide, Decision.APPROVE))
        self.reject_button.clicked.connect(partial(self.on_decide, Decision.REJECT))
        self.return_button.clicked.connect(partial(self.on_decide, Decision.RETURN_FOR_INFO))
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(QLabel(self.tr("Comment:")))
        layout.addWidget(self.comment_edit)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self.comment_edit.textChanged.connect(self._update)
        self.resize(640, 760)
        self.keys = DecisionKeys(self, backend, runner)  # Ctrl+Enter, Ctrl+Shift+R / I, Ctrl+Shift+N: next
        self.load(approval_id)

    def load(self, approval_id: int) -> None:
        """Show ``approval_id`` (on opening, and when moving on to the next approval)."""
        self.approval_id = approval_id
        self.view = None
        self.setWindowTitle(self.tr("Approval #{id}").format(id=approval_id))
        self.comment_edit.setReadOnly(False)
        self.comment_edit.clear()
        self.show_hint(self.tr("Loading…"))
        self._update()
        self._runner.run(partial(self._backend.view, approval_id), self._on_view, self._on_load_failed, owner=self)

    @property
    def busy(self) -> bool:
        return self._busy

    @busy.setter
    def busy(self, value: bool) -> None:
        self._busy = value
        self._update()

    def show_hint(self, text: str) -> None:
        self.message_label.setText(text)
        _restyle(self.message_label, "hint")
        self.message_label.show()

    def show_error(self, exc: BaseException) -> None:
        self._show_error(exc)

    # showing -------------------------------------------------------------------------------------------------
    def _when(self, at: datetime | None) -> str:
        return "—" if at is None else at.astimezone(self.tz).strftime("%Y-%m-%d %H:%M")

    def _on_view(self, view: ApprovalView) -> None:
        self.view = view
        zh = _zh()
        f = self.fields
        f["requester"].setText(f"{view.requester} · {self._when(view.requested_at)}")
        f["reason"].setText(view.reason)
        level = self.tr("{level} of {levels}").format(level=view.level, levels=view.levels)
        if view.required_role:
            level += f" · {self._role_label(view.required_role)}"
        f["level"].setText(level)
        f["evidence"].setText("\n".join(e.filename for e in view.evidence) or "—")
        kind = view.case_kind.label_zh if zh else view.case_kind.label_en
        state = view.case_state.label_zh if zh else view.case_state.label_en
        f["case"].setText(f"#{view.case_id} · {kind} · {state} · {view.store} · {view.marketplace}")
        order = view.order
        if order is None:
            f["order"].setText(view.amazon_order_id or self.tr("Order not synced yet"))
            f["items"].setText(" · ".join(x for x in (view.sku, view.asin) if x) or "—")
        else:
            total = _money(order.order_total, order.currency)
            status, channel = order_status_label(order.status), channel_label(order.fulfillment_channel)
            f["order"].setText(f"{order.amazon_order_id} · {self._when(order.purchase_date)} · {status} · "
                               f"{channel} · {total}")  # fmt: skip
            f["items"].setText("\n".join(f"{i.sku} · {i.asin} · {i.quantity} × {_money(i.item_price, i.currency)}"
                                         f" · {i.title}" for i in order.items) or "—")  # fmt: skip
        f["buyer_reason"].setText(view.reason_text or "—")
        policy = view.policy
        if policy is None:
            f["policy"].setText(self.tr("No marketplace policy row (default clock)"))
        else:
            clock = self.tr("{hours} h").format(hours=policy.hours) if policy.hours else ""
            if policy.business_days:
                clock = (clock + " + " if clock else "") + self.tr("{days} business days").format(
                    days=policy.business_days
                )
            f["policy"].setText(f"{policy.marketplace} · {policy.event_kind} · {clock} · v{policy.version} · "
                                f"{self._when(policy.effective_from)}\n{policy.source}")  # fmt: skip
        f["deadline"].setText(self._when(view.deadline_at))
        rule = view.rule
        if rule is None:
            f["rule"].setText(self.tr("No rule matched: a person decides"))
            f["suggestion"].setText("—")
        else:
            f["rule"].setText(f"{rule.name} · {self._action_label(rule.action)}"
                              + (f"\n{rule.note_zh if zh else rule.note_en}" if rule.note_zh else ""))  # fmt: skip
            f["suggestion"].setText(self.tr("Reject") if rule.suggestion == "reject" else "—")
            _restyle(f["suggestion"], "error" if rule.suggestion == "reject" else "")
        f["risk"].setText(str(view.risk_score))
        f["signals"].setText("\n".join(s.zh if zh else s.en for s in view.risk_signals) or "—")
        _restyle(f["signals"], "error" if view.risk_signals else "")
        self.model.set_components(view.components, view.currency)
        self.table.setVisible(bool(view.components))
        f["adjustment_reason"].setText(adjustment_reason_label(view.adjustment_reason))
        total = _money(view.total, view.currency)
        if view.currency.upper() != "CNY":
            total += "  " + (_cny(view.total_cny) if view.total_cny is not None else self.tr("(no CNY rate)"))
        f["total"].setText(total)
        f["history"].setText("\n".join(self._step(s) for s in view.history) or "—")
        blocked = view.blocked_zh if zh else view.blocked_en
        if not view.can_approve and blocked:
            self.message_label.setText(blocked)
            _restyle(self.message_label, "error")
            self.message_label.show()
        else:
            self.message_label.clear()
            self.message_label.hide()
        self.approve_button.setToolTip(blocked if not view.can_approve else self.keys.hints["approve"])
        self._update()
        self.sig_loaded.emit()

    def _step(self, step) -> str:
        status = {
            "pending": self.tr("pending"), "approved": self.tr("approved"), "rejected": self.tr("rejected"),
            "returned": self.tr("returned for information"), "withdrawn": self.tr("withdrawn by the requester"),
        }[step.status.value]  # fmt: skip
        who = f" · {step.decided_by}" if step.decided_by else ""
        comment = f" · {step.comment}" if step.comment else ""
        return (
            self.tr("#{id} level {level}: {status}").format(id=step.approval_id, level=step.level, status=status)
            + f"{who} · {self._when(step.decided_at or step.requested_at)}{comment}"
        )

    def _action_label(self, action: str | None) -> str:
        return {
            "auto_approve": self.tr("Auto-approve"), "require_level1": self.tr("Require level-1 approval"),
            "require_level2": self.tr("Require level-2 approval + finance"),
            "reject_suggest": self.tr("Suggest rejection"), "assign": self.tr("Assign to"),
        }.get(action or "", action or "—")  # fmt: skip

    def _role_label(self, role: str) -> str:
        return {
            "cs": self.tr("CS agent"), "operator": self.tr("Operator"), "manager": self.tr("Manager"),
            "finance": self.tr("Finance"), "admin": self.tr("Admin"),
        }.get(role, role)  # fmt: skip

    def _on_load_failed(self, exc: BaseException) -> None:
        self._show_error(exc)
        self.sig_failed.emit(exc)

    # deciding ------------------------------------------------------------------------------------------------
    def comment(self) -> str:
        return self.comment_edit.toPlainText().strip()

    @Slot()
    def _update(self) -> None:
        view = self.view
        can_decide = view is not None and view.can_decide and not self._busy
        n = len(self.comment())
        comment_ok = n <= COMMENT_MAX_CHARS
        self.approve_button.setEnabled(can_decide and view.can_approve and comment_ok)
        self.reject_button.setEnabled(can_decide and n > 0 and comment_ok)
        self.return_button.setEnabled(can_decide and n > 0 and comment_ok)

    def on_decide(self, decision: Decision) -> None:
        view = self.view
        if view is None or self._busy:
            return
        self._busy = True
        self.comment_edit.setReadOnly(True)
        self._update()
        self._runner.run(
            partial(self._backend.decide, view.approval_id, decision, self.comment(),
                    expected_version=view.case_version),
            self._on_decided,
            self._on_failed,
        )  # fmt: skip

    def _on_decided(self, result: DecisionResult) -> None:
        self._busy = False
        self.result_value = result
        self.sig_decided.emit(result)
        self.keys.after_decision(result)  # on to the next approval waiting, or closed when there is none

    def _on_failed(self, exc: BaseException) -> None:
        self._busy = False
        self.comment_edit.setReadOnly(False)
        self._show_error(exc)
        self._update()
        self.sig_failed.emit(exc)

    def _show_error(self, exc: BaseException) -> None:
        self.message_label.setText(describe(exc)[0])
        _restyle(self.message_label, "error")
        self.message_label.show()

    def reject(self) -> None:
        if not self._busy:
            super().reject()
