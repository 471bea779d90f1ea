"""The main window: a thin coordinator. It owns menus, status bar and geometry; features own the rest."""

from __future__ import annotations

from enum import Enum
from zoneinfo import ZoneInfo

from PySide6.QtCore import QLocale, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QSplitter, QSystemTrayIcon, QTabWidget, QWidget

from ..services.cases import CaseSummary
from ..services.permissions import Permission
from .actions import MENUS, AppActions, Feature, without_mnemonic
from .background import BackgroundRunner
from .buyer_words_card import BuyerWordsCard
from .case_detail import CaseDetailPane
from .column_chooser import ColumnChooser
from .evidence_card import EvidencePackageCard
from .intake_feature import IntakeFeature
from .letter_dialog import LetterFeature
from .notifications import NotificationCenter
from .preferences_dialog import PreferencesFeature, cny_rates
from .queue_actions import QueueActions
from .queue_area import QueueArea, SummaryBackend
from .queue_export_feature import QueueExportFeature
from .queue_model import QueueModel
from .queue_view import QueueView
from .reply_feature import ReplyFeature
from .session_feature import SessionFeature
from .settings import Settings
from .status_line import StatusMessages
from .stores_dialog import StoresFeature
from .sync_feature import DEMO_FOLLOW_UP_SECONDS, FOLLOW_UP_SECONDS, SyncFeature
from .tray import DeadlineTray, parse_lead_hours
from .user_views import UserViews
from .withdraw_feature import WithdrawFeature

DEFAULT_SIZE = QSize(1120, 720)


class StoreMode(Enum):
    LOCAL = "local"  # encrypted SQLCipher file in the data dir
    TEAM = "team"  # PostgreSQL
    DEMO = "demo"  # demo store in its own data dir (sandbox)


class MainWindow(QMainWindow):
    """Wires features into menus and the status bar; saves and restores its geometry."""

    # The queue area has shown data from the store (used by --screenshot and tests).
    sig_data_loaded = Signal()

    def __init__(
        self,
        settings: Settings,
        runner: BackgroundRunner,
        *,
        location: str,
        mode: StoreMode,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.settings = settings
        self.mode = mode
        self._runner = runner
        self.setWindowTitle(self.tr("ACORN-i Refund Assistant"))

        self.queue_area = QueueArea(runner, self)
        self.queue_area.sig_loaded.connect(self._on_summary_loaded)
        self.queue_model = QueueModel(runner, self, english=settings.language.startswith("en"))
        self.queue_view = QueueView(self.queue_model, self)
        self.queue_view.sig_loaded.connect(lambda _total: self._loaded("queue"))
        self.queue_model.tz = ZoneInfo(settings.time_zone)
        self.queue_model.cny_rates = cny_rates(settings)
        self.detail = CaseDetailPane(runner, self, time_zone=settings.time_zone)
        self.queue_view.sig_current_case.connect(self.detail.show_case)
        self.queue_view.sig_case_activated.connect(self._open_case)
        self.detail.sig_case_changed.connect(lambda _id: self.queue_model.refresh())
        self.detail.sig_case_changed.connect(lambda _id: self.user_session.audit_page.refresh())
        self.detail.sig_case_changed.connect(lambda _id: self._count_awaiting_me())  # 待确认退款 badge
        self.evidence_package = EvidencePackageCard(runner, self.detail)
        self.evidence_package.set_time_zone(settings.time_zone)
        self.detail.add_card(self.evidence_package)
        self.buyer_words = BuyerWordsCard(self.detail)  # the buyer's latest words head the pane
        self.buyer_words.set_time_zone(settings.time_zone)
        self.detail.add_card(self.buyer_words, after=self.detail.header)
        self.detail.sig_loaded.connect(self.buyer_words.set_detail)
        self.evidence_package.sig_loaded.connect(self.buyer_words.set_evidence)
        self.letters = LetterFeature(self, runner)
        self.detail.sig_loaded.connect(self.letters.set_case)
        self.stores = StoresFeature(self, runner)  # 文件 › 店铺…: who signs each store's letters
        self.stores.sig_saved.connect(lambda _id: self.letters.store_changed())
        self.letters.open_stores = self.stores.open_dialog
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("queueSplitter")
        self.splitter.addWidget(self.queue_view)
        self.splitter.addWidget(self.detail)
        self.detail.setMinimumWidth(220)  # the window must still fit an 800-pixel screen
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([660, 440])  # the detail pane's cards need ~420 px; the queue gets the rest
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.splitter, self.tr("Case queue"))
        self.tabs.addTab(self.queue_area, self.tr("Overview"))
        self.user_session = SessionFeature(self, runner, time_zone=settings.time_zone)
        self.user_session.sig_user_changed.connect(self._on_user_changed)
        self.user_session.selected_case_ids = self.queue_view.selected_case_ids
        self.user_session.sig_decided.connect(lambda _result: self.reload())
        self.user_session.sig_requested.connect(lambda _result: self.reload())
        self.user_session.evidence_of = self.detail.evidence_of
        self.tabs.addTab(self.user_session.rules_page, self.tr("Auto-decision rules"))
        self.tabs.addTab(self.user_session.policy_page, self.tr("Marketplace policies"))
        self.tabs.addTab(self.user_session.audit_page, self.tr("Audit log"))
        self.intake = IntakeFeature(self, runner, interval_minutes=settings.sync_interval_minutes)
        self.tabs.addTab(self.intake.page, self.tr("Unparsed mails"))
        self.tabs.addTab(self.intake.report_lines_page, self.tr("Unreadable report lines"))
        self.setCentralWidget(self.tabs)
        self._awaiting: set[str] = set()

        self.app_actions = AppActions(self)
        self.queue_actions = QueueActions(self, runner, self.queue_view.selected_case_ids, menu="cases")
        self.queue_actions.sig_cases_changed.connect(lambda _ids: self.reload())
        self.queue_actions.request_one = self.user_session.request_approval
        self.queue_actions.sig_message.connect(lambda text: self.show_status_message(text, 5000))
        self.user_session.sig_message.connect(lambda text: self.show_status_message(text, 5000))
        self.replies = ReplyFeature(self, runner, self.queue_view.selected_case_ids, time_zone=settings.time_zone)
        self.replies.sig_sent.connect(lambda _sent: (self.reload(), self.detail.reload()))
        self.replies.sig_message.connect(lambda text: self.show_status_message(text, 5000))
        self.withdraw = WithdrawFeature(self, runner)  # 撤回申请: follows the current case
        self.queue_view.sig_current_case.connect(self.withdraw.show_case)
        self.withdraw.sig_withdrawn.connect(self._on_withdrawn)
        self.withdraw.sig_message.connect(lambda text: self.show_status_message(text, 5000))
        self.queue_view.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.queue_view.table.addActions(self.queue_actions.context_menu_actions())
        self.queue_view.table.addActions(self.replies.context_menu_actions())
        self.queue_view.table.addActions(self.withdraw.context_menu_actions())
        self.columns = ColumnChooser(self.queue_view.table, settings, self)  # 视图 › 列, and the header's menu
        self.user_views = UserViews(self, self.queue_view, settings)  # 保存当前视图… / 删除视图
        self.user_views.sig_message.connect(lambda text: self.show_status_message(text, 5000))
        self.user_views.set_scope(None)
        self.queue_export = QueueExportFeature(self, runner, self.queue_view, settings)  # 导出为 Excel… (Ctrl+E)
        self.queue_export.sig_message.connect(lambda text: self.show_status_message(text, 8000))
        self.preferences = PreferencesFeature(self, settings, runner)
        self.preferences.sig_settings_changed.connect(self._on_settings_changed)
        self.preferences.sig_rates_changed.connect(self._on_rates)
        self.preferences.sig_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.tray = DeadlineTray(
            runner, lead_times=parse_lead_hours(settings.alert_lead_hours), icon=self.windowIcon(), parent=self
        )
        self.tray.sig_open_case.connect(self._open_case)
        self.notices = NotificationCenter(runner, self, time_zone=settings.time_zone)  # 通知: my refunds' progress
        self.notices.sig_notice.connect(self._show_notice)
        self.notices.sig_open_case.connect(self._open_case)
        if not self.tray.tray_available:  # no system tray (e.g. some Linux desktops): say it in the status bar
            self.tray.sig_alert.connect(
                lambda _title, text, _id: self.show_status_message(text.replace("\n", " · "), 10_000)
            )
        follow_up = DEMO_FOLLOW_UP_SECONDS if mode is StoreMode.DEMO else FOLLOW_UP_SECONDS
        self.sync = SyncFeature(
            self, runner, interval_minutes=settings.sync_interval_minutes, follow_up_seconds=follow_up
        )
        self.sync.sig_sync_finished.connect(lambda _reports: self.reload())
        self.sync.sig_sync_finished.connect(lambda _reports: self.notices.check_now())
        self.sync.sig_sync_finished.connect(lambda _reports: self.intake.report_lines_page.reload())
        self.sync.sig_sync_failed.connect(lambda _exc: self.reload())
        self.intake.sig_cases_changed.connect(lambda _ids: self.reload())
        self.intake.sig_open_case.connect(self._open_case_when_loaded)
        self.intake.page.sig_loaded.connect(self._show_unparsed_count)
        self.intake.sig_message.connect(lambda text: self.show_status_message(text, 8000))
        features = [
            self.app_actions,
            self.intake,
            self.queue_export,
            self.user_session,
            self.preferences,
            self.stores,
            self.sync,
            self.queue_actions,
            self.withdraw,
            self.replies,
            self.letters,
            self.user_views,
            self.columns,
        ]
        self._build_menus([*features, self.queue_area])
        self._build_tool_bar([self.sync, self.intake, self.queue_actions, self.replies])
        self._build_status_bar(location)
        self.set_locked(True)
        self.persist_geometry = True
        self._restore_geometry()

    # -- construction ------------------------------------------------------------------------------------
    def _build_menus(self, features: list[Feature]) -> None:
        titles = {
            "file": self.tr("&File"),
            "cases": self.tr("&Cases"),
            "view": self.tr("&View"),
            "help": self.tr("&Help"),
        }
        self.menus: dict[str, QMenu] = {}
        for key in MENUS:
            menu = self.menuBar().addMenu(titles[key])
            menu.setObjectName(f"menu_{key}")
            self.menus[key] = menu
        placed: dict[str, list] = {key: [] for key in MENUS}
        for feature in features:
            for key, action in feature.menu_actions():
                placed[key].append(action)
        # Features are listed app-first; within "file", quitting goes last by convention.
        quit_action = self.app_actions.quit
        placed["file"] = [a for a in placed["file"] if a is not quit_action] + [quit_action]
        for key, actions in placed.items():
            for action in actions:
                if action is quit_action and len(actions) > 1:
                    self.menus[key].addSeparator()
                self.menus[key].addAction(action)
                self.addAction(action)  # shortcuts work even with the menu bar hidden

    def _build_tool_bar(self, features) -> None:
        bar = self.addToolBar(self.tr("Main toolbar"))
        bar.setObjectName("mainToolBar")
        bar.setMovable(False)
        for feature in features:
            for action in feature.toolbar_actions():
                action.setIconText(without_mnemonic(action.text()))  # menus keep "(&S)", buttons do not
                bar.addAction(action)

    def _build_status_bar(self, location: str) -> None:
        """Mode, lock, counts, sync, a message slot; the user on the right. The database path is a tooltip."""
        bar = self.statusBar()
        self.mode_label = QLabel(self._mode_text())
        self.mode_label.setObjectName("modeLabel")
        self.mode_label.setProperty("demo", self.mode is StoreMode.DEMO)
        self.mode_label.setToolTip(self.tr("Database: {location}").format(location=location))
        self.lock_label = QLabel()
        self.lock_label.setObjectName("lockLabel")
        self.counts_label = QLabel()
        self.counts_label.setObjectName("countsLabel")
        bar.addWidget(self.mode_label)
        bar.addWidget(self.lock_label)
        bar.addWidget(self.counts_label)
        bar.addWidget(self.sync.label)
        bar.addWidget(self.sync.accounts_label)
        self.status_messages = StatusMessages(bar)
        bar.addPermanentWidget(self.notices.button)
        bar.addPermanentWidget(self.user_session.label)

    def show_status_message(self, text: str, timeout_ms: int = 5000, tooltip: str = "") -> None:
        """A passing message beside the status labels (``QStatusBar.showMessage`` would hide them)."""
        self.status_messages.show(text, timeout_ms, tooltip)

    def _mode_text(self) -> str:
        if self.mode is StoreMode.DEMO:
            return self.tr("Demo mode (sandbox)")
        if self.mode is StoreMode.TEAM:
            return self.tr("Team mode")
        return self.tr("Local encrypted database")

    # -- state ------------------------------------------------------------------------------------------
    def set_locked(self, locked: bool) -> None:
        self.lock_label.setText(self.tr("Locked") if locked else self.tr("Unlocked"))

    def set_backend(self, backend: SummaryBackend) -> None:
        """The store is open: unlock and load."""
        self.set_locked(False)
        self._has_queue = hasattr(backend, "queue_page")
        self._awaiting = {"summary", "queue"} if self._has_queue else {"summary"}
        self.queue_area.set_backend(backend)
        if self._has_queue:
            self.queue_model.set_backend(backend)
        self._backend = backend
        self._load_filter_choices()
        self.detail.set_backend(getattr(backend, "case_detail", None))
        self.detail.unconfirmed_actions.set_backend(getattr(backend, "refund_review", None))
        self.evidence_package.set_backends(getattr(backend, "evidence", None), getattr(backend, "shipments", None))
        self.letters.set_backend(getattr(backend, "letters", None))
        self.stores.set_backend(getattr(backend, "stores", None))
        self.queue_actions.set_backend(getattr(backend, "case_actions", None))
        self.withdraw.set_backend(backend)
        self.queue_export.set_backend(getattr(backend, "queue_export", None))
        self.tray.set_backend(getattr(backend, "alerts", None))
        self.notices.set_backend(getattr(backend, "notifications", None))
        self.sync.set_backend(backend if hasattr(backend, "sync") else None)
        self.user_session.set_backend(backend)
        self.replies.set_backend(getattr(backend, "replies", None))
        self.intake.set_backend(getattr(backend, "claim_intake", None))
        rates = getattr(backend, "rates", None)
        self.preferences.set_rates_backend(rates)
        if rates is not None:  # the ≈CNY column uses the store's one rate table (the limits do too)
            self._runner.run(rates.table, self._on_rates)

    def _on_rates(self, table) -> None:
        if table.rates != self.queue_model.cny_rates:
            self.queue_model.cny_rates = table.rates
            self.queue_model.refresh()

    def _on_user_changed(self, session) -> None:
        """Everyone who acts now acts as the logged-in user (or anonymously again after logout)."""
        actor = self.user_session.actor
        self.preferences.actor = actor
        self.queue_actions.actor = actor
        self.replies.actor = actor
        self.withdraw.set_actor(actor)
        self.intake.set_actor(actor)
        self.detail.set_actor(actor)
        self.detail.unconfirmed_actions.set_session(session)
        self.evidence_package.actor = actor
        self.letters.actor = actor
        self.stores.actor = actor
        self.notices.set_user(session.user_id if session is not None else None)
        self.queue_export.actor = actor
        approves = session is not None and any(session.can(p) for p in (Permission.APPROVE_REFUNDS,
                                                                         Permission.APPROVE_FINANCE))  # fmt: skip
        user_id = session.user_id if session is not None else None
        self.columns.set_scope(user_id)  # each person's columns and own views (the installation's when logged out)
        self.user_views.set_scope(user_id)
        self.queue_view.set_current_user(user_id, can_approve=approves)
        self._count_awaiting_me()

    def _show_notice(self, text: str, _case_id: int) -> None:
        """New notifications for the logged-in user: a tray message where there is a tray, the status bar always."""
        tray = self.tray
        if tray.tray_available and tray.icon.isVisible():
            tray.last_case_id = _case_id  # a click on the message opens the case
            tray.icon.showMessage(self.tr("Notifications"), text, QSystemTrayIcon.MessageIcon.Information, 15_000)
        self.show_status_message(text.replace("\n", " · "), 15_000, text)

    def _on_withdrawn(self, result) -> None:
        """A request was withdrawn: that case's row, the detail pane and the audit log — not the whole queue."""
        self.queue_model.refresh_case(result.case_id)
        self.detail.reload()
        self.user_session.audit_page.refresh()
        self._count_awaiting_me()

    def _open_case(self, case_id: int) -> None:
        """Show a case (from Enter in the queue or a tray alert): window to the front, detail pane filled."""
        self.tabs.setCurrentWidget(self.splitter)
        self.detail.show_case(case_id)
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()

    def _show_unparsed_count(self, count: int) -> None:
        title = self.tr("Unparsed mails")
        self.tabs.setTabText(self.tabs.indexOf(self.intake.page), f"{title} ({count})" if count else title)

    def _open_case_when_loaded(self, case_id: int) -> None:
        """Show a case once the queue's reload (which reselects its current row) has finished."""

        def once(_total: int) -> None:
            self.queue_view.sig_loaded.disconnect(once)
            QTimer.singleShot(0, lambda: self._open_case(case_id))  # after the view selected its first row

        self.queue_view.sig_loaded.connect(once)

    def _on_settings_changed(self, changed: set) -> None:
        if "sync_interval_minutes" in changed:
            self.sync.set_interval(self.settings.sync_interval_minutes)
            self.intake.set_interval(self.settings.sync_interval_minutes)
        if "alert_lead_hours" in changed:
            self.tray.set_lead_times(parse_lead_hours(self.settings.alert_lead_hours))
        if "time_zone" in changed:
            self.queue_model.tz = ZoneInfo(self.settings.time_zone)
            self.detail.set_time_zone(self.settings.time_zone)
            self.notices.time_zone = self.settings.time_zone
            self.replies.time_zone = self.settings.time_zone
        if "cny_rates_json" in changed and not self.preferences.has_store_rates:
            self.queue_model.cny_rates = cny_rates(self.settings)
        if changed & {"time_zone", "cny_rates_json"}:
            self.queue_model.refresh()

    def _count_awaiting_me(self) -> None:
        """The badges on 待我审批 (approvals waiting for the logged-in approver) and 待确认退款 (DB worker)."""
        backend, view = getattr(self, "_backend", None), self.queue_view
        now = self.queue_model.clock()
        for key in ("awaiting_me", "refund_unconfirmed"):
            query = view.views.get(key, (None, None))[1]
            if query is None or not hasattr(backend, "queue_page"):
                continue
            self._runner.run(
                lambda q=query: backend.queue_page(q, now, 0, 0, True).total,
                lambda total, k=key, q=query: (
                    view.set_view_count(k, total)
                    if view.views.get(k, (None, None))[1] == q  # still the same approver
                    else None
                ),
            )

    def _load_filter_choices(self) -> None:
        backend = getattr(self, "_backend", None)
        if hasattr(backend, "queue_filter_choices"):
            self._runner.run(backend.queue_filter_choices, self.queue_view.set_filter_choices)

    def reload(self) -> None:
        """Data changed underneath (a sync, a bulk action): reload the summary, the queue, the filter lists."""
        self._load_filter_choices()
        self._count_awaiting_me()
        self._awaiting = {"summary", "queue"} if getattr(self, "_has_queue", False) else {"summary"}
        self.queue_area.refresh()
        self.user_session.audit_page.refresh()  # every write is audited
        if "queue" in self._awaiting:
            self.queue_model.refresh()

    def _loaded(self, part: str) -> None:
        """``sig_data_loaded`` when a part has shown its data and no other part is still loading."""
        self._awaiting.discard(part)
        if not self._awaiting:
            self.sig_data_loaded.emit()

    def show_progress(self, text: str) -> None:
        self.queue_area.show_message(text)

    def _on_summary_loaded(self, summary: CaseSummary) -> None:
        fmt = QLocale().toString
        self.counts_label.setText(
            self.tr("Cases: {total}  ·  open: {open}  ·  overdue: {overdue}").format(
                total=fmt(summary.total), open=fmt(summary.open), overdue=fmt(summary.overdue)
            )
        )
        self._loaded("summary")

    # -- geometry ---------------------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self.settings.window_geometry
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(DEFAULT_SIZE)
        state = self.settings.window_state
        if not state.isEmpty():
            self.restoreState(state)

    def save_geometry(self) -> None:
        self.settings.window_geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.sync()

    def use_default_geometry(self) -> None:
        """Fixed size, nothing saved (screenshots must not depend on, or change, the user's layout)."""
        self.persist_geometry = False
        self.resize(DEFAULT_SIZE)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.tray.set_backend(None)
        if self.persist_geometry:
            self.save_geometry()
        super().closeEvent(event)
