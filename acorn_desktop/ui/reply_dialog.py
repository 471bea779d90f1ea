"""回复买家: pick a situation and a language, edit the filled text, see the messaging-policy check live, copy the
text to Seller Central, mark it sent.

The dialog never touches the database: the case context, the filled template and "mark sent" go through
:class:`~acorn_desktop.services.replies.ReplyServices` on the background runner's DB worker; the check (pure, but
a pasted novel must not stall a frame) runs on the other pool, debounced, and a stale answer is dropped. While
anything blocks — or the text changed and is not checked yet — copying and marking sent are disabled.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from typing import Protocol
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QShortcut, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..documents.reply_templates import FACTS, REPLY_LANGUAGES, Fact
from ..domain.claims import LANGUAGE_NAMES
from ..domain.messaging_policy import MAX_CHARS, Finding, blocking
from ..errors import AcornError
from ..services.changes import Actor
from ..services.replies import MissingFacts, PreparedReply, ReplyContext, SentReply
from . import i18n
from .reply_models import BLOCK_COLOUR, WARN_COLOUR, FindingModel, SituationModel
from .reply_proposal import ProposalNote

CHECK_DELAY_MS = 250  # debounce: check once the typing pauses

STYLE = """
QLabel#replyHeader { font-size: 15px; font-weight: 600; color: #1f2d3d; }
QLabel#clockNote[stops="true"] { color: #1e6b34; }
QLabel#clockNote[stops="false"] { color: #8a5a00; }
QLabel#proposalNote { color: #2c5282; }
QLabel#buyerWords { background: #f4f6f8; border: 1px solid #dde2e7; border-radius: 6px; padding: 6px 8px; }
QLabel#checkSummary[state="block"] { color: #a93226; font-weight: 600; }
QLabel#checkSummary[state="warn"] { color: #8a5a00; font-weight: 600; }
QLabel#checkSummary[state="clean"] { color: #1e6b34; font-weight: 600; }
QLabel#replyMessage[kind="error"] { background: #fdecea; color: #a93226; border: 1px solid #f5c6cb;
                                    border-radius: 6px; padding: 6px 10px; }
QLabel#replyMessage[kind="info"] { background: #eaf6ec; color: #1e6b34; border: 1px solid #c3e6cb;
                                   border-radius: 6px; padding: 6px 10px; }
"""


class ReplyBackend(Protocol):
    """``services.replies.ReplyServices`` (``check`` is pure; the rest run on the DB worker)."""

    def context(self, case_id: int) -> ReplyContext: ...
    def prepare(self, case_id: int, template_key: str, lang: str, extra=None) -> PreparedReply: ...
    def check(self, text: str, marketplace: str, **kwargs) -> list[Finding]: ...
    def mark_sent(self, case_id: int, text: str, template_key: str, lang: str, actor, **kwargs) -> SentReply: ...


def utf16_position(text: str, index: int) -> int:
    """Qt's text positions count UTF-16 code units; Python's count code points (they differ for emoji)."""
    return len(text[:index].encode("utf-16-le")) // 2


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


# -- the dialog ----------------------------------------------------------------------------------------------------
class ReplyDialog(QDialog):
    """One case's reply: situation list, language, editor with live check, copy, mark sent."""

    sig_context_loaded = Signal(object)  # ReplyContext
    sig_prepared = Signal(object)  # PreparedReply
    sig_missing_facts = Signal(list)  # [Fact] the agent must type
    sig_checked = Signal(list)  # [Finding] of the editor's current text
    sig_copied = Signal(str)
    sig_sent = Signal(object)  # SentReply
    sig_failed = Signal(object)  # an exception shown in the dialog

    def __init__(
        self,
        backend: ReplyBackend,
        runner,
        case_id: int,
        *,
        actor: Actor | None = None,
        time_zone: str = "Asia/Shanghai",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("replyDialog")
        self.setWindowTitle(self.tr("Reply to Buyer"))
        self.setStyleSheet(STYLE)
        self._backend = backend
        self._runner = runner
        self.case_id = case_id
        self.actor = actor or Actor("gui")
        self._zone = ZoneInfo(time_zone)
        self.context: ReplyContext | None = None
        self.findings: list[Finding] = []
        self._check_generation = 0
        self._checked_text: str | None = None  # the text the findings belong to
        self._filling = False  # the editor is being filled by a template, not typed in
        self._dirty = False  # typed in since the last fill
        self._busy = False
        self._template_key = ""
        self._prepare_generation = 0
        self._fact_inputs: dict[str, QLineEdit] = {}
        # Replaceable in tests: asking whether to throw away edits.
        self.confirm_replace: Callable[[], bool] = self._confirm_replace

        self._build()
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self._run_check)
        self.editor.textChanged.connect(self._on_text_changed)
        self._update_buttons()
        self.resize(980, 680)
        self._load_context()

    # -- construction -------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.header = QLabel(self.tr("Loading…"))
        self.header.setObjectName("replyHeader")
        self.clock_note = QLabel()
        self.clock_note.setObjectName("clockNote")
        self.clock_note.setWordWrap(True)
        self.buyer_words = QLabel()
        self.buyer_words.setObjectName("buyerWords")
        self.buyer_words.setWordWrap(True)
        self.buyer_words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buyer_words.setVisible(False)
        self.proposal_note = ProposalNote()  # why the list opens on its situation

        self.situation_model = SituationModel(self)
        self.situations = QListView()
        self.situations.setObjectName("situationList")
        self.situations.setModel(self.situation_model)
        self.situations.setMinimumWidth(240)
        self.situations.setWordWrap(True)
        self.situations.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.situations.selectionModel().currentChanged.connect(self._on_situation_changed)
        self.language = QComboBox()
        self.language.setObjectName("languageCombo")
        self.language.currentIndexChanged.connect(self._on_language_changed)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("Situation")))
        left_layout.addWidget(self.situations, 1)
        left_layout.addWidget(QLabel(self.tr("Language")))
        left_layout.addWidget(self.language)

        self.facts_box = QGroupBox(self.tr("The template needs these facts"))
        self.facts_box.setObjectName("factsBox")
        self.facts_form = QFormLayout()
        self.fill_button = QPushButton(self.tr("Fill In"))
        self.fill_button.setObjectName("fillButton")
        self.fill_button.clicked.connect(self.fill_template)
        facts_layout = QHBoxLayout(self.facts_box)
        facts_layout.addLayout(self.facts_form, 1)
        facts_layout.addWidget(self.fill_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.facts_box.setVisible(False)

        self.editor = QPlainTextEdit()
        self.editor.setObjectName("replyEditor")
        self.editor.setPlaceholderText(self.tr("Choose a situation, or write the reply here."))
        self.check_summary = QLabel()
        self.check_summary.setObjectName("checkSummary")
        self.counter = QLabel()
        self.counter.setObjectName("charCounter")
        self.counter.setProperty("acornData", True)
        status = QHBoxLayout()
        status.addWidget(self.check_summary, 1)
        status.addWidget(self.counter)
        self.finding_model = FindingModel(self)
        self.finding_list = QListView()
        self.finding_list.setObjectName("findingList")
        self.finding_list.setModel(self.finding_model)
        self.finding_list.setWordWrap(True)
        self.finding_list.setMaximumHeight(150)
        self.finding_list.clicked.connect(self._select_finding)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.facts_box)
        right_layout.addWidget(self.editor, 1)
        right_layout.addLayout(status)
        right_layout.addWidget(self.finding_list)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([280, 700])

        self.message = QLabel()
        self.message.setObjectName("replyMessage")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.copy_button = QPushButton(self.tr("Copy to Clipboard"))
        self.copy_button.setObjectName("copyButton")
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        self.sent_button = QPushButton(self.tr("Mark as Sent"))
        self.sent_button.setObjectName("markSentButton")
        self.sent_button.clicked.connect(self.mark_sent)
        close = QPushButton(self.tr("Close"))
        close.setObjectName("closeButton")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.sent_button)
        buttons.addWidget(close)
        QShortcut(QKeySequence("Ctrl+Shift+C"), self, self.copy_to_clipboard)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.clock_note)
        layout.addWidget(self.buyer_words)
        layout.addWidget(self.proposal_note)
        layout.addWidget(line)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    # -- loading -------------------------------------------------------------------------------------------------
    def _load_context(self) -> None:
        self._set_busy(True)
        self._runner.run(partial(self._backend.context, self.case_id), self._on_context, self._on_failed, owner=self)

    def _on_context(self, context: ReplyContext) -> None:
        self._set_busy(False)
        self.context = context
        chinese = i18n.is_chinese()
        kind = context.kind.label_zh if chinese else context.kind.label_en
        order = context.amazon_order_id or "—"
        self.header.setText(
            self.tr("Case #{id} · {kind} · {market} · order {order}").format(
                id=context.case_id, kind=kind, market=context.marketplace, order=order
            )
        )
        self.clock_note.setText(self._clock_text(context))
        self.clock_note.setProperty("stops", "true" if context.stops_clock else "false")
        _repolish(self.clock_note)
        if context.buyer_excerpt:
            self.buyer_words.setText(self.tr("The buyer wrote: {words}").format(words=context.buyer_excerpt))
            self.buyer_words.setVisible(True)
        self.language.blockSignals(True)
        self.language.clear()
        for code in REPLY_LANGUAGES:
            zh, en = LANGUAGE_NAMES[code]
            name = zh if chinese else en
            if code == context.default_language:
                name = self.tr("{language} (marketplace language)").format(language=name)
            elif code == context.buyer_language:
                name = self.tr("{language} (the buyer's language)").format(language=name)
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(context.default_language)))
        self.language.blockSignals(False)
        self.situation_model.set_rows(context.situations)
        self.proposal_note.show_for(context, self._zone)
        self.sig_context_loaded.emit(context)
        if context.situations:  # the one that fits the buyer's words, the case and its parcel; prepares it
            row = max(0, self.situation_model.row_of(context.proposed or ""))
            self.situations.setCurrentIndex(self.situation_model.index(row, 0))
        self._update_buttons()

    def _clock_text(self, context: ReplyContext) -> str:
        if context.responded_at is not None:
            return self.tr("Already answered {time}: the clock has stopped.").format(
                time=context.responded_at.astimezone(self._zone).strftime("%Y-%m-%d %H:%M")
            )
        if context.stops_clock:
            return self.tr("Marking the reply as sent stops this case's 24-hour reply clock.")
        return self.tr("This case's deadline is not answered by a buyer reply: its clock keeps running.")

    # -- templates ------------------------------------------------------------------------------------------------
    @property
    def current_language(self) -> str:
        return self.language.currentData() or (self.context.default_language if self.context else "en")

    def select_situation(self, key: str) -> None:
        row = self.situation_model.row_of(key)
        if row >= 0:
            self.situations.setCurrentIndex(self.situation_model.index(row, 0))

    def select_language(self, code: str) -> None:
        index = self.language.findData(code)
        if index >= 0:
            self.language.setCurrentIndex(index)

    @Slot(QModelIndex, QModelIndex)
    def _on_situation_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        situation = self.situation_model.row_at(current.row())
        if situation is not None:
            self._prepare(situation.key)

    @Slot(int)
    def _on_language_changed(self, _index: int) -> None:
        if self._template_key:
            self._prepare(self._template_key)

    @Slot()
    def fill_template(self) -> None:
        """Fill the template again with the facts typed into the form."""
        if self._template_key:
            self._prepare(self._template_key, force=True)

    def _prepare(self, key: str, *, force: bool = False) -> None:
        if self.context is None:
            return
        if self._dirty and not force and not self.confirm_replace():
            return
        if key != self._template_key:
            self._show_fact_inputs([], {})  # another situation asks for its own facts
        self._template_key = key
        self._prepare_generation += 1
        generation = self._prepare_generation
        self._set_busy(True)
        self._runner.run(
            partial(self._backend.prepare, self.case_id, key, self.current_language, self.typed_facts()),
            partial(self._on_prepared, generation),
            partial(self._on_prepare_failed, generation),
            owner=self,
        )

    def _on_prepared(self, generation: int, prepared: PreparedReply) -> None:
        if generation != self._prepare_generation:
            return  # another situation or language was chosen meanwhile
        self._set_busy(False)
        self._show_message("")
        self._filling = True
        self.editor.setPlainText(prepared.text)
        self._filling = False
        self._dirty = False
        self.sig_prepared.emit(prepared)

    def _on_prepare_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._prepare_generation:
            return
        self._set_busy(False)
        if isinstance(exc, MissingFacts):
            shown = [FACTS[name] for name in self._fact_inputs]
            wanted = shown + [f for f in exc.missing if f.name not in self._fact_inputs]
            self._show_fact_inputs(wanted, {name: field.text() for name, field in self._fact_inputs.items()})
            self._filling = True
            self.editor.setPlainText("")
            self._filling = False
            self._dirty = False
            self._show_message(exc.text(i18n.current_language()), "error")
            self.sig_missing_facts.emit(list(exc.missing))
            return
        self._on_failed(exc)

    def _show_fact_inputs(self, missing: list[Fact], typed: dict[str, str]) -> None:
        while self.facts_form.rowCount():
            self.facts_form.removeRow(0)
        self._fact_inputs = {}
        currency = self.context.currency if self.context else ""
        for fact in missing:
            field = QLineEdit()
            field.setObjectName(f"fact_{fact.name}")
            field.setText(typed.get(fact.name, ""))
            if fact.kind == "date":
                field.setPlaceholderText(self.tr("date, e.g. {example}").format(example="2026-03-03"))
            elif fact.kind == "money":
                field.setPlaceholderText(self.tr("amount in {currency}, e.g. 8.50").format(currency=currency))
            field.returnPressed.connect(self.fill_template)
            self.facts_form.addRow(fact.label(i18n.current_language()), field)
            self._fact_inputs[fact.name] = field
        self.facts_box.setVisible(bool(missing))
        if missing:
            first = self._fact_inputs[missing[0].name]
            first.setFocus()

    def typed_facts(self) -> dict[str, str]:
        return {name: field.text().strip() for name, field in self._fact_inputs.items() if field.text().strip()}

    def text(self) -> str:
        """The editor's text exactly as typed (``toPlainText`` would turn the French non-breaking spaces into
        plain ones; the raw text keeps them, with paragraph separators as line breaks)."""
        return self.editor.document().toRawText().replace("\u2029", "\n").replace("\u2028", "\n")

    # -- the live check ------------------------------------------------------------------------------------------
    @Slot()
    def _on_text_changed(self) -> None:
        if not self._filling:
            self._dirty = True
        self._checked_text = None  # until checked, nothing may be copied or marked sent
        self._check_generation += 1
        text = self.text()
        self.counter.setText(f"{len(text):,} / {MAX_CHARS:,}")
        self.check_summary.setText(self.tr("Checking…"))
        self.check_summary.setProperty("state", "")
        _repolish(self.check_summary)
        self._update_buttons()
        self._check_timer.start()

    def check_now(self) -> None:
        """Check without waiting for the typing to pause (tests, and after a fill)."""
        self._check_timer.stop()
        self._run_check()

    @Slot()
    def _run_check(self) -> None:
        if self.context is None:
            return
        generation, text, context = self._check_generation, self.text(), self.context
        known = (*context.known_values, *self.typed_facts().values())
        work = partial(
            self._backend.check, text, context.marketplace, buyer_language=context.buyer_language,
            known_values=known, review_requests_sent=context.review_requests_sent,
        )  # fmt: skip
        self._runner.run(work, partial(self._on_checked, generation, text), self._on_failed, kind="net", owner=self)

    def _on_checked(self, generation: int, text: str, findings: list[Finding]) -> None:
        if generation != self._check_generation:
            return  # typed on meanwhile: a newer check is coming
        self.findings = list(findings)
        self._checked_text = text
        empty = not text.strip()  # nothing written yet: "empty message" would only be noise
        self.finding_model.set_rows([] if empty else self.findings)
        self.finding_list.setVisible(bool(self.findings) and not empty)
        blocks = len(blocking(self.findings))
        warns = len(self.findings) - blocks
        if blocks and warns:
            summary, state = self.tr("Messaging-policy check: {blocks} blocking, {warns} warning(s)"), "block"
        elif blocks:
            summary, state = self.tr("Messaging-policy check: {blocks} blocking — fix before copying"), "block"
        elif warns:
            summary, state = self.tr("Messaging-policy check: {warns} warning(s) — look before sending"), "warn"
        else:
            summary, state = self.tr("Messaging-policy check: no problems found"), "clean"
        self.check_summary.setText("" if empty else summary.format(blocks=blocks, warns=warns))
        self.check_summary.setProperty("state", state)
        _repolish(self.check_summary)
        self._highlight(text)
        self._update_buttons()
        self.sig_checked.emit(self.findings)

    def _highlight(self, text: str) -> None:
        selections = []
        for finding in self.findings:
            if finding.rule.whole_text or finding.end <= finding.start:
                continue
            selection = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            colour = BLOCK_COLOUR if finding.blocks else WARN_COLOUR
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(colour)
            if finding.blocks:
                fmt.setBackground(QColor(colour.red(), colour.green(), colour.blue(), 40))
            fmt.setToolTip(finding.explanation(i18n.current_language()))
            cursor = QTextCursor(self.editor.document())
            cursor.setPosition(utf16_position(text, finding.start))
            cursor.setPosition(utf16_position(text, finding.end), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selection.format = fmt
            selections.append(selection)
        self.editor.setExtraSelections(selections)

    @property
    def highlighted_spans(self) -> list[tuple[int, int]]:
        """The (UTF-16) spans underlined in the editor."""
        return [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in self.editor.extraSelections()]

    @Slot(QModelIndex)
    def _select_finding(self, index: QModelIndex) -> None:
        finding = self.finding_model.row_at(index.row())
        if finding is None or finding.rule.whole_text:
            return
        text = self.text()
        cursor = self.editor.textCursor()
        cursor.setPosition(utf16_position(text, finding.start))
        cursor.setPosition(utf16_position(text, finding.end), QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.setFocus()

    # -- copy, mark sent -----------------------------------------------------------------------------------------
    @property
    def checked_and_clean(self) -> bool:
        """The editor's text is the one checked, and nothing in it blocks."""
        text = self.text()
        return self._checked_text == text and bool(text.strip()) and not blocking(self.findings)

    @Slot()
    def copy_to_clipboard(self) -> None:
        if not self.checked_and_clean:
            return
        text = self.text()
        QGuiApplication.clipboard().setText(text)
        self._show_message(self.tr("Copied. Paste it into the buyer's message in Seller Central, send it there, "
                                   "then mark it as sent here."), "info")  # fmt: skip
        self.sig_copied.emit(text)

    @Slot()
    def mark_sent(self) -> None:
        if not self.checked_and_clean or self.context is None or self._busy or self.actor.user_id is None:
            return
        text, context = self.text(), self.context
        work = partial(
            self._backend.mark_sent, self.case_id, text, self._template_key, self.current_language, self.actor,
            expected_version=context.version, known_values=tuple(self.typed_facts().values()),
        )  # fmt: skip
        self._set_busy(True)
        self._runner.run(work, self._on_sent, self._on_failed, owner=self)

    def _on_sent(self, sent: SentReply) -> None:
        self._set_busy(False)
        when = sent.sent_at.astimezone(self._zone).strftime("%Y-%m-%d %H:%M")
        if sent.duplicate:
            text = self.tr("This text was already marked as sent; nothing was recorded twice.")
        elif sent.clock_stopped:
            text = self.tr("Marked as sent at {time}. The 24-hour reply clock has stopped.").format(time=when)
        else:
            text = self.tr("Marked as sent at {time}.").format(time=when)
        self._show_message(text, "info")
        self._dirty = False
        self.sig_sent.emit(sent)
        self._load_context_quietly()

    def _load_context_quietly(self) -> None:
        """Refresh version, answer time and past replies after a send (the editor keeps its text)."""

        def loaded(context: ReplyContext) -> None:
            self.context = context
            self.clock_note.setText(self._clock_text(context))
            self._update_buttons()

        self._runner.run(partial(self._backend.context, self.case_id), loaded, self._on_failed, owner=self)

    def hideEvent(self, event) -> None:
        self._check_timer.stop()  # a closed dialog checks nothing more
        self._check_generation += 1
        super().hideEvent(event)

    # -- state ---------------------------------------------------------------------------------------------------
    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.sig_failed.emit(exc)
        if isinstance(exc, AcornError):
            self._show_message(exc.text(i18n.current_language()), "error")
        else:
            self._show_message(self.tr("Something went wrong; the details are in the log."), "error")
            sys.excepthook(type(exc), exc, exc.__traceback__)

    def _show_message(self, text: str, kind: str = "info") -> None:
        self.message.setText(text)
        self.message.setProperty("kind", kind)
        self.message.setVisible(bool(text))
        _repolish(self.message)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    def _update_buttons(self) -> None:
        ready = self.checked_and_clean and not self._busy and self.context is not None
        self.copy_button.setEnabled(ready)
        logged_in = self.actor.user_id is not None
        self.sent_button.setEnabled(ready and logged_in)
        if not logged_in:
            self.sent_button.setToolTip(self.tr("Log in first: the reply is recorded under your name."))
        elif self.findings and blocking(self.findings):
            self.sent_button.setToolTip(self.tr("Fix what is marked red first."))
        else:
            self.sent_button.setToolTip(self.tr("After sending the text in Seller Central: record it here."))
        self.copy_button.setToolTip(
            self.tr("Fix what is marked red first.") if self.findings and blocking(self.findings) else ""
        )

    def _confirm_replace(self) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Replace the text?"),
            self.tr("You have edited the reply. Replace it with the chosen template?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )  # fmt: skip
        return answer == QMessageBox.StandardButton.Yes
