"""A short work list a person works down (未识别邮件, 未解析的报告行): the rows loaded whole on the DB worker into a
plain table model, the selection, and service errors shown in the UI language. Pages add their own buttons."""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from ..services.changes import Actor
from . import i18n


class WorkListPage(QWidget):
    """Subclasses set ``self.model`` (a RowsTableModel) and ``self.table`` and implement :meth:`load_rows`."""

    sig_loaded = Signal(int)  # how many rows, after every load
    sig_message = Signal(str)

    def __init__(self, runner, parent=None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._backend = None
        self._actor = Actor("gui")
        self.present_error = self._present_error  # replaceable in tests

    def load_rows(self):
        """The callable that returns the rows (run on the DB worker)."""
        raise NotImplementedError

    def set_backend(self, backend, actor: Actor) -> None:
        self._backend = backend
        self._actor = actor
        self.reload()

    @Slot()
    def reload(self) -> None:
        if self._backend is None:
            self.model.set_rows([])
            return
        self._runner.run(self.load_rows(), self._on_rows, self._on_failed)

    def _on_rows(self, rows) -> None:
        self.model.set_rows(rows)
        self._selection_changed()
        self.sig_loaded.emit(len(rows))

    def selected(self) -> list:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r] for r in rows if r < len(self.model.rows)]

    @Slot()
    def _selection_changed(self, *_args) -> None:
        """Enable the page's buttons for the selection (subclasses)."""

    def _on_failed(self, exc: BaseException) -> None:
        self.present_error(i18n.error_text(exc))
        self.reload()

    def _present_error(self, text: str) -> None:
        QMessageBox.warning(self, self.tr("The action was not carried out"), text)
