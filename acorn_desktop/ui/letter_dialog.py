"""工单 › 生成申诉信…: draft the appeal letter, edit it, pick the evidence to append, export the PDF.

The dialog asks ``LetterServices.draft`` (on the DB worker) for the filled template of the chosen claim type and
language (default: the marketplace's), shows subject and body editable, the missing evidence in red and a
checklist of attachments. 导出 PDF asks where, then exports in the background with the delayed progress UI;
afterwards 打开 opens the file. Errors (a template problem, a missing font, an unwritable folder) are shown in
the dialog in the UI language. A store without its legal name and address (文件 › 店铺…) cannot sign the
letter: the dialog says so, offers the 店铺 dialog and exports nothing. :class:`LetterFeature` owns the menu
action and enables it for A-to-z claims and chargebacks.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, QStandardPaths, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.cases import CaseKind
from ..domain.claims import LANGUAGE_NAMES, LETTER_LANGUAGES, ClaimType
from ..services.case_detail import EVIDENCE_CATEGORIES
from ..services.letters import LetterDraft, LetterExport
from . import i18n
from .error_dialog import describe
from .progress import run_with_progress

CLAIM_KINDS = (CaseKind.ATOZ_CLAIM, CaseKind.CHARGEBACK)


class LetterBackend(Protocol):
    def draft(self, case_id: int, lang: str | None = None, claim_type: Any = None) -> LetterDraft: ...
    def export(self, case_id: int, subject: str, body: str, lang: str, attachment_ids, path, internal=False,
               **kwargs) -> LetterExport: ...  # fmt: skip


def _language_name(lang: str) -> str:
    zh, en = LANGUAGE_NAMES.get(lang, (lang, lang))
    return zh if i18n.is_chinese() else en


def _category_name(category: str) -> str:
    zh, en = EVIDENCE_CATEGORIES.get(category, (category, category))
    return zh if i18n.is_chinese() else en


class LetterDialog(QDialog):
    """Draft, edit and export one case's appeal letter."""

    sig_loaded = Signal(object)  # LetterDraft
    sig_exported = Signal(object)  # LetterExport
    sig_failed = Signal(object)

    def __init__(self, backend: LetterBackend, runner, case_id: int, parent: QWidget | None = None, *,
                 actor: Any = "gui", open_stores: Callable[[], None] | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setObjectName("letterDialog")
        self.setWindowTitle(self.tr("Appeal letter for case #{id}").format(id=case_id))
        self._backend = backend
        self._runner = runner
        self.case_id = case_id
        self.actor = actor
        self.draft: LetterDraft | None = None
        self.exported: LetterExport | None = None
        self._busy = False
        self._filling = False

        self.claim_combo = QComboBox()
        self.claim_combo.setObjectName("claimTypeCombo")
        self.lang_combo = QComboBox()
        self.lang_combo.setObjectName("letterLanguageCombo")
        for lang in LETTER_LANGUAGES:
            self.lang_combo.addItem(_language_name(lang), lang)
        self.claim_combo.activated.connect(self._redraft)
        self.lang_combo.activated.connect(self._redraft)
        self.subject_edit = QLineEdit()
        self.subject_edit.setObjectName("subjectEdit")
        self.subject_edit.setMaxLength(300)
        self.body_edit = QPlainTextEdit()
        self.body_edit.setObjectName("bodyEdit")
        self.body_edit.setMinimumHeight(300)
        self.missing_label = QLabel()
        self.missing_label.setObjectName("letterMissing")
        self.missing_label.setWordWrap(True)
        self.missing_label.setStyleSheet("QLabel { color: #a93226; background: #fdecea; border-radius: 6px;"
                                         " padding: 6px 10px; }")  # fmt: skip
        self.missing_label.setProperty("acornData", True)
        self.missing_label.hide()
        # The store has no legal name and address: the letter cannot be signed, so there is no PDF.
        self.unsigned_label = QLabel(
            self.tr(
                "The store has no legal name and address in Latin script, so the "
                "letter cannot be signed — enter them in the Stores settings."
            )
        )
        self.unsigned_label.setObjectName("letterUnsigned")
        self.unsigned_label.setWordWrap(True)
        self.unsigned_label.setStyleSheet(self.missing_label.styleSheet())
        self.stores_button = QPushButton(self.tr("Stores…"))
        self.stores_button.setObjectName("letterStoresButton")
        self.stores_button.setVisible(open_stores is not None)
        if open_stores is not None:
            self.stores_button.clicked.connect(open_stores)
        self.unsigned_box = QWidget()
        unsigned_row = QHBoxLayout(self.unsigned_box)
        unsigned_row.setContentsMargins(0, 0, 0, 0)
        unsigned_row.addWidget(self.unsigned_label, 1)
        unsigned_row.addWidget(self.stores_button)
        self.unsigned_box.hide()
        self.attachments = QListWidget()
        self.attachments.setObjectName("attachmentList")
        self.attachments.setMaximumHeight(110)
        self.no_attachments = QLabel(self.tr("No attachments on this case."))
        self.no_attachments.setProperty("role", "hint")
        self.internal_check = QCheckBox(self.tr("Internal copy with the Chinese summary page (not for Amazon)"))
        self.internal_check.setObjectName("internalCheck")
        self.message_label = QLabel(self.tr("Loading…"))
        self.message_label.setObjectName("letterMessage")
        self.message_label.setWordWrap(True)
        self.message_label.setProperty("acornData", True)

        self.export_button = QPushButton(self.tr("Export PDF…"))
        self.export_button.setObjectName("exportLetterButton")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.on_export)
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.setObjectName("openLetterButton")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_exported)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)

        choose = QHBoxLayout()
        form = QFormLayout()
        form.addRow(self.tr("Claim type:"), self.claim_combo)
        choose.addLayout(form)
        form2 = QFormLayout()
        form2.addRow(self.tr("Language:"), self.lang_combo)
        choose.addLayout(form2)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(self.unsigned_box)
        layout.addWidget(self.missing_label)
        layout.addWidget(QLabel(self.tr("Subject:")))
        layout.addWidget(self.subject_edit)
        layout.addWidget(QLabel(self.tr("Letter (edit before exporting):")))
        layout.addWidget(self.body_edit, 1)
        layout.addWidget(QLabel(self.tr("Evidence pages to append:")))
        layout.addWidget(self.attachments)
        layout.addWidget(self.no_attachments)
        layout.addWidget(self.internal_check)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self.resize(720, 760)
        self._export_dir: Path | None = None
        self._set_busy(True)
        self._load(None, None)

    # -- drafting --------------------------------------------------------------------------------------------
    def _load(self, lang: str | None, claim_type: ClaimType | None) -> None:
        self._set_busy(True)
        self._runner.run(partial(self._backend.draft, self.case_id, lang, claim_type), self._on_draft,
                         self._on_failed)  # fmt: skip

    @Slot()
    def _redraft(self, *_args) -> None:
        if self._filling or self._busy:
            return
        self._load(self.lang_combo.currentData(), self.claim_combo.currentData())

    @Slot()
    def store_changed(self) -> None:
        """A store's legal identity was saved: draft an unsigned letter again (the body is rewritten)."""
        if self.draft is not None and self.draft.unsigned:
            self._redraft()

    def _on_draft(self, draft: LetterDraft) -> None:
        self.draft = draft
        self._filling = True
        self.claim_combo.clear()
        for claim in draft.claim_types:
            self.claim_combo.addItem(claim.label("en" if not i18n.is_chinese() else "zh_CN"), claim)
        self.claim_combo.setCurrentIndex(max(0, self.claim_combo.findData(draft.claim_type)))
        self.lang_combo.setCurrentIndex(max(0, self.lang_combo.findData(draft.lang)))
        for index in range(self.lang_combo.count()):  # languages without a template for this claim type: greyed
            item = self.lang_combo.model().item(index)
            item.setEnabled(self.lang_combo.itemData(index) in draft.languages)
        self._filling = False
        self.subject_edit.setText(draft.subject)
        self.body_edit.setPlainText(draft.body)
        lines = draft.missing_lines(i18n.current_language())
        self.missing_label.setText("\n".join(f"• {line}" for line in lines))
        self.missing_label.setVisible(bool(lines))
        self.attachments.clear()
        for item in draft.attachments:
            entry = QListWidgetItem(f"{item.filename} ({_category_name(item.category)}, {item.size // 1024 or 1} KB)")
            entry.setData(Qt.ItemDataRole.UserRole, item.id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Checked)
            self.attachments.addItem(entry)
        self.attachments.setVisible(bool(draft.attachments))
        self.no_attachments.setVisible(not draft.attachments)
        default = self.tr(" (the marketplace's language)") if draft.lang == draft.default_lang else ""
        claim = draft.claim_type.label("zh_CN" if i18n.is_chinese() else "en")
        self._show(self.tr("Template: {claim} · {language}{default}").format(
            claim=claim, language=_language_name(draft.lang), default=default), "hint")  # fmt: skip
        self.unsigned_box.setVisible(draft.unsigned)
        self._set_busy(False)
        self.sig_loaded.emit(draft)

    def selected_attachments(self) -> list[int]:
        items = (self.attachments.item(i) for i in range(self.attachments.count()))
        return [i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == Qt.CheckState.Checked]

    # -- exporting -------------------------------------------------------------------------------------------
    def _ask_save_path(self, suggested: str) -> str:  # tests replace this
        folder = self._export_dir or Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        )
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Export appeal letter"), str(folder / suggested),
                                                    self.tr("PDF (*.pdf)"))  # fmt: skip
        return path

    @Slot()
    def on_export(self) -> None:
        draft = self.draft
        if draft is None or self._busy:
            return
        internal = self.internal_check.isChecked()
        suffix = "-internal" if internal else ""
        path = self._ask_save_path(f"appeal-{self.case_id}-{draft.lang}{suffix}.pdf")
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        self._export_dir = Path(path).parent
        work = partial(self._backend.export, self.case_id, self.subject_edit.text(), self.body_edit.toPlainText(),
                       draft.lang, self.selected_attachments(), Path(path), internal, claim_type=draft.claim_type,
                       actor=self.actor)  # fmt: skip
        self._set_busy(True)
        self._show(self.tr("Exporting…"), "hint")
        run_with_progress(self._runner, work, self._on_exported, self._on_failed, parent=self,
                          label=self.tr("Writing the appeal letter PDF…"))  # fmt: skip

    def _on_exported(self, result: LetterExport) -> None:
        self.exported = result
        self._set_busy(False)
        self.open_button.setEnabled(True)
        text = self.tr("Exported {path} ({pages} pages).").format(path=result.path, pages=result.pages)
        if result.unreadable:
            text += "\n" + self.tr("Listed with a note, not shown: {files}").format(files=", ".join(result.unreadable))
        self._show(text, "info")
        self.sig_exported.emit(result)

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._show(describe(exc)[0], "error")
        self.sig_failed.emit(exc)

    @Slot()
    def open_exported(self) -> None:
        if self.exported is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.exported.path)))

    # -- state -----------------------------------------------------------------------------------------------
    def _show(self, text: str, kind: str) -> None:
        colour = {"error": "#a93226", "info": "#1e6b34"}.get(kind, "#6b7785")
        self.message_label.setStyleSheet(f"QLabel {{ color: {colour}; }}")
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        ready = not busy and self.draft is not None
        for widget in (self.claim_combo, self.lang_combo, self.attachments, self.internal_check):
            widget.setEnabled(ready)
        self.subject_edit.setReadOnly(not ready)
        self.body_edit.setReadOnly(not ready)
        self.export_button.setEnabled(ready and not self.draft.unsigned)  # no PDF without a signature

    def reject(self) -> None:
        if not self._busy or self.draft is None:
            super().reject()


class LetterFeature(QObject):
    """工单 › 生成申诉信… (Ctrl+Shift+L), enabled while the detail pane shows an A-to-z claim or chargeback."""

    sig_exported = Signal(object)

    def __init__(self, window: QMainWindow, runner) -> None:
        super().__init__(window)
        self._window = window
        self._runner = runner
        self._backend: LetterBackend | None = None
        self.actor: Any = "gui"
        self.case_id: int | None = None
        self.action = QAction(self.tr("Generate Appeal &Letter…"), window)
        self.action.setObjectName("action_appeal_letter")
        self.action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.action.setEnabled(False)
        self.action.triggered.connect(self.open_dialog)
        self.dialog: LetterDialog | None = None
        self.open_stores: Callable[[], None] | None = None  # 文件 › 店铺… (the window wires it)

    def menu_actions(self) -> list[tuple[str, QAction]]:
        return [("cases", self.action)]

    def set_backend(self, backend: LetterBackend | None) -> None:
        self._backend = backend
        self._update()

    def set_case(self, detail) -> None:
        """The case the detail pane shows (its CaseDetail), or None."""
        self.case_id = detail.id if detail is not None and detail.kind in CLAIM_KINDS else None
        self._update()

    def _update(self) -> None:
        self.action.setEnabled(self._backend is not None and self.case_id is not None)

    @Slot()
    def open_dialog(self) -> None:
        if self._backend is None or self.case_id is None:
            return
        dialog = LetterDialog(self._backend, self._runner, self.case_id, self._window, actor=self.actor,
                              open_stores=self.open_stores)  # fmt: skip
        dialog.sig_exported.connect(self.sig_exported)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.finished.connect(lambda _result, d=dialog: self._closed(d))
        dialog.open()

    def _closed(self, dialog: LetterDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    @Slot()
    def store_changed(self) -> None:
        """A store's legal identity changed: the open dialog drafts an unsigned letter again."""
        if self.dialog is not None:
            self.dialog.store_changed()
