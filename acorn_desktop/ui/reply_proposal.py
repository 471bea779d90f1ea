"""Why the reply dialog opened on its situation: a one-line note under the buyer's words.

The proposal itself is worked out on the DB worker with the rest of the reply context
(:func:`acorn_desktop.domain.reply_situation.proposal` via ``services.replies``); this label only says what it
rests on — the buyer's message, the parcel's tracking or the kind of case — and, for a parcel not scanned for
more than 7 days, since when it has not moved.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QLabel, QWidget

from ..domain.reply_situation import Basis, ParcelState
from ..services.replies import ReplyContext
from . import i18n


class ProposalNote(QLabel):
    """「根据买家来信建议:物流查询」— hidden when nothing in particular fitted (the list's first is taken)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("proposalNote")
        self.setWordWrap(True)
        self.setVisible(False)

    def show_for(self, context: ReplyContext, zone: ZoneInfo) -> None:
        situation = next((s for s in context.situations if s.key == context.proposed), None)
        if situation is None or context.proposed_from is None:
            self.clear()
            self.setVisible(False)
            return
        name = situation.label_zh if i18n.is_chinese() else situation.label_en
        reasons = {
            Basis.BUYER_WORDS: self.tr("Suggested from the buyer's message: {situation}"),
            Basis.TRACKING: self.tr("Suggested from the parcel's tracking: {situation}"),
            Basis.KIND: self.tr("Suggested for this kind of case: {situation}"),
        }
        text = reasons[context.proposed_from].format(situation=name)
        if context.parcel is ParcelState.STALE and context.last_scan_at is not None:
            day = context.last_scan_at.astimezone(zone).strftime("%Y-%m-%d")
            text += " · " + self.tr("no tracking scan since {date}").format(date=day)
        self.setText(text)
        self.setToolTip(situation.hint_zh if i18n.is_chinese() else situation.hint_en)
        self.setVisible(True)
