"""First start without a store: ask how the new encrypted database's key is protected.

The dialog only collects the choice (:class:`SetupChoice`); the composition root creates the store
off the GUI thread. There is no plaintext option: without a secure OS keyring only a master password
is offered.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..storage import keys
from ..storage.secrets import SecretStore
from .queue_area import DATA_PROPERTY

MIN_PASSWORD_LENGTH = 8  # keys.create_key refuses anything shorter

# Local to the dialog: the application style sheet has no "error" or "option" roles.
_STYLE = """
QLabel[role="optionHint"] { color: #6b7785; margin-left: 24px; }
QLabel#keyringHint[unavailable="true"] { color: #8a5a00; }
QLabel#dataDirLabel { background: #f4f6f8; border: 1px solid #dde2e7; border-radius: 4px; padding: 6px 8px; }
QLabel#validationLabel[level="error"] { color: #c0392b; }
QLabel#validationLabel[level="info"] { color: #6b7785; }
QLabel#recoveryWarning { color: #8a5a00; background: #fff8e6; border: 1px solid #f0d9a8; border-radius: 4px;
                         padding: 6px 8px; }
"""


@dataclass(frozen=True)
class SetupChoice:
    """How to protect the new store's key. ``password`` is set in master-password mode only."""

    key_mode: str
    password: str | None = field(default=None, repr=False)

    def password_provider(self) -> keys.PasswordProvider | None:
        password = self.password
        return (lambda: password) if password else None


class SetupDialog(QDialog):
    """The "Create an encrypted database" dialog: system keyring (default when available) or master password."""

    def __init__(self, data_dir: str | Path, secrets: SecretStore | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("setupDialog")
        self.setWindowTitle(self.tr("Create an encrypted database"))
        self.setStyleSheet(_STYLE)
        self.setMinimumWidth(540)
        self.keyring_available = (secrets or SecretStore()).available

        title = QLabel(self.tr("Welcome to ACORN-i Refund Assistant"))
        title.setProperty("role", "pageTitle")
        intro = QLabel(self.tr("ACORN-i keeps your data in an encrypted database in this folder:"))
        intro.setWordWrap(True)
        question = QLabel(self.tr("How should the database key be protected?"))
        question.setProperty("role", "panelTitle")
        self.data_dir_label = QLabel(str(data_dir))
        self.data_dir_label.setObjectName("dataDirLabel")
        self.data_dir_label.setProperty(DATA_PROPERTY, True)
        self.data_dir_label.setWordWrap(True)
        self.data_dir_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # (a) system keyring
        self.keyring_radio = QRadioButton(self.tr("System keyring (recommended)"))
        self.keyring_radio.setObjectName("keyringRadio")
        if self.keyring_available:
            keyring_hint = self.tr(
                "The key is kept in the operating system's credential store; "
                "the database unlocks by itself when you are signed in to this computer."
            )
        else:
            keyring_hint = self.tr(
                "No system keyring is available on this computer, so the key cannot be kept there. "
                "Use a master password instead."
            )
        self.keyring_hint = self._hint(keyring_hint, "keyringHint")
        self.keyring_hint.setProperty("unavailable", not self.keyring_available)
        self.keyring_radio.setEnabled(self.keyring_available)

        # (b) master password
        self.password_radio = QRadioButton(self.tr("Master password"))
        self.password_radio.setObjectName("passwordRadio")
        self.password_hint = self._hint(self.tr("You enter it each time the app starts."), "passwordHint")
        self.password_edit = self._password_field("passwordEdit")
        self.password_edit.setPlaceholderText(self.tr("At least {count} characters").format(count=MIN_PASSWORD_LENGTH))
        self.repeat_edit = self._password_field("repeatEdit")
        self.validation_label = QLabel()
        self.validation_label.setObjectName("validationLabel")
        self.validation_label.setWordWrap(True)
        policy = self.validation_label.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # the dialog does not jump when the message comes and goes
        self.validation_label.setSizePolicy(policy)
        self.validation_label.setMinimumHeight(self.validation_label.fontMetrics().height())
        self.recovery_warning = QLabel(
            self.tr(
                "A forgotten master password cannot be recovered: without it nobody can open the data, "
                "not even support."
            )
        )
        self.recovery_warning.setObjectName("recoveryWarning")
        self.recovery_warning.setWordWrap(True)

        self.password_panel = QWidget()
        panel = QVBoxLayout(self.password_panel)
        panel.setContentsMargins(24, 4, 0, 0)
        panel.setSpacing(8)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.tr("Master password:"), self.password_edit)
        form.addRow(self.tr("Repeat:"), self.repeat_edit)
        panel.addLayout(form)
        panel.addWidget(self.validation_label)
        panel.addWidget(self.recovery_warning)

        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.keyring_radio)
        self.mode_group.addButton(self.password_radio)
        (self.keyring_radio if self.keyring_available else self.password_radio).setChecked(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Create database"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        separator = QFrame()
        separator.setFrameShape(QFrame.Shape.HLine)
        separator.setFrameShadow(QFrame.Shadow.Sunken)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(8)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.data_dir_label)
        layout.addSpacing(10)
        layout.addWidget(question)
        layout.addWidget(self.keyring_radio)
        layout.addWidget(self.keyring_hint)
        layout.addSpacing(6)
        layout.addWidget(self.password_radio)
        layout.addWidget(self.password_hint)
        layout.addWidget(self.password_panel)
        layout.addSpacing(6)
        layout.addWidget(separator)
        layout.addWidget(self.buttons)

        self.mode_group.buttonToggled.connect(self._update)
        self.password_radio.toggled.connect(self._focus_password)
        self.password_edit.textChanged.connect(self._update)
        self.repeat_edit.textChanged.connect(self._update)
        self._update()
        self._focus_password(self.password_radio.isChecked())
        self._fit()

    # -- construction helpers --------------------------------------------------------------------------------
    def _hint(self, text: str, name: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setProperty("role", "optionHint")
        label.setWordWrap(True)
        return label

    def _fit(self) -> None:
        """Start at the height the wrapped texts need at the dialog's width (sizeHint() is for a narrower one)."""
        width = max(self.minimumWidth(), self.sizeHint().width())
        self.resize(width, self.layout().totalHeightForWidth(width))

    def _password_field(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setMinimumWidth(240)
        return edit

    # -- state -------------------------------------------------------------------------------------------------
    @property
    def key_mode(self) -> str:
        return keys.KEY_MODE_PASSWORD if self.password_radio.isChecked() else keys.KEY_MODE_KEYRING

    def validation_message(self) -> tuple[str, str]:
        """(level, text) for the master-password fields: level "error", "info" or "" (valid / not asked)."""
        if self.key_mode != keys.KEY_MODE_PASSWORD:
            return "", ""
        first, second = self.password_edit.text(), self.repeat_edit.text()
        if not first:
            return "info", self.tr("Choose a master password of at least {count} characters.").format(
                count=MIN_PASSWORD_LENGTH
            )
        if len(first) < MIN_PASSWORD_LENGTH:
            return "error", self.tr("The master password needs at least {count} characters.").format(
                count=MIN_PASSWORD_LENGTH
            )
        if not second:
            return "info", self.tr("Type the master password again to confirm it.")
        if second != first:
            return "error", self.tr("The two passwords do not match.")
        return "", ""

    def is_valid(self) -> bool:
        return self.key_mode == keys.KEY_MODE_KEYRING or not self.validation_message()[1]

    def _update(self, *_args) -> None:
        password_mode = self.key_mode == keys.KEY_MODE_PASSWORD
        self.password_panel.setEnabled(password_mode)
        level, text = self.validation_message()
        self.validation_label.setText(text)
        self.validation_label.setVisible(bool(text))
        self.validation_label.setProperty("level", level)
        self.validation_label.style().unpolish(self.validation_label)
        self.validation_label.style().polish(self.validation_label)
        self.ok_button.setEnabled(self.is_valid())

    def _focus_password(self, checked: bool) -> None:
        if checked:
            self.password_edit.setFocus()

    def choice(self) -> SetupChoice:
        if self.key_mode == keys.KEY_MODE_PASSWORD:
            return SetupChoice(keys.KEY_MODE_PASSWORD, self.password_edit.text())
        return SetupChoice(keys.KEY_MODE_KEYRING)

    def accept(self) -> None:
        if self.is_valid():  # Enter in a field must not bypass the disabled button
            super().accept()
