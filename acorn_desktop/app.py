"""GUI composition root: parse arguments, open the store off the GUI thread, show the main window.

On a first start (local data dir without a store) the setup dialog asks how to protect the key, and the
store is created off the GUI thread; ``--screenshot`` runs never ask and report the missing store instead.

python -m acorn_desktop [--demo] [--data-dir DIR] [--db-url URL] [--lang zh_CN|en] [--screenshot FILE.png]
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QLineEdit

from . import APP_NAME, __version__
from .bootstrap import MASTER_PASSWORD_ENV, open_demo_store, resolve_location
from .errors import AcornError, StoreLockedError
from .logging_setup import setup_logging
from .services import queue
from .services.accounts import StoreServices
from .services.alerts import DeadlineAlerts
from .services.approval_withdrawal import WithdrawalServices
from .services.approvals import ApprovalServices
from .services.case_actions import CaseActions
from .services.case_detail import CaseDetailServices
from .services.cases import CaseSummary, case_summary
from .services.evidence import EvidenceServices
from .services.intake_api import ClaimIntakeServices
from .services.letters import LetterServices
from .services.notifications import NotificationServices
from .services.policies import PolicyServices
from .services.queue_export import QueueExportServices
from .services.rates import RateServices
from .services.refund_review import RefundReviewServices
from .services.replies import ReplyServices
from .services.rules import RuleServices
from .services.shipments import ShipmentServices
from .services.users import LoginServices
from .storage import keys
from .storage.secrets import SecretStore
from .storage.store import Store, StoreLocation
from .sync.credentials import KeyringCredentials
from .sync.engine import SyncEngine
from .ui import i18n, style
from .ui.background import BackgroundRunner
from .ui.error_dialog import ExceptionReporter, describe, show_error
from .ui.font_check import warn_if_no_cjk_font
from .ui.main_window import MainWindow, StoreMode
from .ui.settings import Settings
from .ui.settle import WhenSettled
from .ui.setup_dialog import SetupChoice, SetupDialog

log = logging.getLogger(__name__)

DEMO_CASES = 2_000
DEMO_SEED = 42
PASSWORD_ATTEMPTS = 3
SCREENSHOT_ERROR_EXIT = 2
GUI_SWITCH_INTERVAL = 0.001  # seconds; Python's default is 0.005


# -- what the UI may do with an open store (every method runs on the DB worker) ------------------------------
class StoreBackend:
    """The services the UI calls, bound to one open store. Sessions are opened here, never in ``ui/``.

    ``sync`` runs on the background API's network pool; everything else on its DB worker.
    """

    def __init__(self, store: Store, *, seeded: int = 0, credentials=None, sandbox=None) -> None:
        self.store = store
        self.seeded = seeded  # cases created by the demo seeder on this start (0: store reused)
        self.sandbox = sandbox  # the in-process sandbox marketplace of demo mode
        self.engine = SyncEngine(store, credentials or KeyringCredentials())
        self.case_detail = CaseDetailServices(store)
        self.case_actions = CaseActions(store)
        self.alerts = DeadlineAlerts(store)
        self.login_services = LoginServices(store)
        self.policies = PolicyServices(store)
        self.rules = RuleServices(store)
        self.approvals = ApprovalServices(store)
        self.withdrawals = WithdrawalServices(store)
        self.rates = RateServices(store)
        self.evidence = EvidenceServices(store)
        self.shipments = ShipmentServices(store)
        self.letters = LetterServices(store)
        self.stores = StoreServices(store)  # 文件 › 店铺…: the stores' legal identities
        self.notifications = NotificationServices(store)  # 通知 of the logged-in user
        self.replies = ReplyServices(store)
        self.claim_intake = ClaimIntakeServices(store)
        self.refund_review = RefundReviewServices(store)  # 待确认 refunds: a 主管 decides
        self.queue_export = QueueExportServices(store)  # the queue's rows to an Excel workbook
        self.demo_mails: Path | None = None  # demo mode: the folder of demo notification mails
        self.secrets = SecretStore() if store.manifest is not None and not store.manifest.demo else None

    def case_summary(self) -> CaseSummary:
        with self.store.reader() as session:
            return case_summary(session)

    def queue_page(self, query, now, offset: int, limit: int, with_count: bool):
        with self.store.reader() as session:
            return queue.load_page(session, query, now, offset, limit, with_count=with_count)

    def queue_rows(self, ids: list[int]):
        with self.store.reader() as session:
            return queue.rows(session, ids)

    def queue_filter_choices(self):
        with self.store.reader() as session:
            return queue.filter_choices(session)

    def sync(self, progress, cancel) -> list:
        return self.engine.run(progress=progress, cancel=cancel)

    def close(self) -> None:
        if self.sandbox is not None:
            self.sandbox.stop()
        self.store.close()


def start_demo_marketplace() -> dict:
    """Start the sandbox marketplace in-process on a free loopback port, for the demo sellers."""
    from .sandbox.server import SandboxServer
    from .services.demo_sync import sandbox_credentials

    sandbox = SandboxServer(seed=DEMO_SEED, cases=DEMO_CASES).start()
    sandbox.wait_ready(timeout=60)
    settle_heap()
    return {"sandbox": sandbox, "credentials": sandbox_credentials(sandbox)}


def settle_heap() -> None:
    """Move everything built at start-up out of the cyclic GC's reach (runs on the worker, once).

    Without this a full (generation 2) collection during a sync walks the whole demo world and the seeded
    rows' leftovers while holding the GIL: measured 170–180 ms GUI stalls; frozen, about 10 ms.
    """
    gc.collect()
    gc.freeze()


DEMO_PASSWORD = "acorn-demo"  # the demo store only; README lists the accounts
DEMO_USERS = (  # (username, display name, role)
    ("admin", "管理员 Admin", "admin"),
    ("manager", "王主管 Manager Wang", "manager"),
    ("finance", "李财务 Finance Li", "finance"),
    ("operator", "张运营 Operator Zhang", "operator"),
    ("agent", "陈客服 Agent Chen", "cs"),
)


def ensure_demo_users(store: Store) -> None:
    """One login per role in the demo store (password DEMO_PASSWORD), created once and audited like any user."""
    from .services import users

    if not users.needs_bootstrap(store):
        return
    username, name, role = DEMO_USERS[0]
    users.create_user(store, None, username, name, role, DEMO_PASSWORD)
    admin = users.login(store, username, DEMO_PASSWORD)
    for username, name, role in DEMO_USERS[1:]:
        users.create_user(store, admin, username, name, role, DEMO_PASSWORD)


def open_demo(
    location: StoreLocation,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> StoreBackend:
    """Open the demo store, creating and seeding it on first start (runs on the DB worker).

    Later starts reuse it as it is. Only a store left short of the demo cases (seeding interrupted by a
    crash or by quitting) is seeded again, and the seeder then just adds what is missing.
    """
    store, created = open_demo_store(location)
    try:
        seeded = 0
        if created or StoreBackend(store).case_summary().total < DEMO_CASES:
            from .services.demo import seed_demo  # imported lazily: only the demo needs it

            report = seed_demo(store, cases=DEMO_CASES, seed=DEMO_SEED, progress=progress, cancel=cancel)
            seeded = getattr(report, "cases", DEMO_CASES)
        from .services.demo import ensure_demo_identities

        ensure_demo_identities(store)  # a demo store from an older version: its letters need a signature
        ensure_demo_users(store)
        backend = StoreBackend(store, seeded=seeded, **start_demo_marketplace())
        backend.demo_mails = ensure_demo_mails(store, location.data_dir)
        return backend
    except BaseException:
        store.close()
        raise


def ensure_demo_mails(store: Store, data_dir: Path) -> Path | None:
    """The demo's notification mails (演示邮件/ in the demo data dir), written once for the demo orders."""
    from .services.demo_mails import FOLDER_NAME, write_demo_mails

    folder = data_dir / FOLDER_NAME
    if not folder.exists():
        try:
            write_demo_mails(store, folder)
        except OSError:
            log.warning("cannot write the demo mails to %s", folder, exc_info=True)
            return None
    return folder


def needs_master_password(location: StoreLocation) -> bool:
    """True when the store's manifest says its key comes from a master password (runs on the DB worker)."""
    if location.is_team or not location.manifest_path.exists():
        return False  # Store.open() raises the proper error for a missing store
    manifest = keys.Manifest.load(location.manifest_path)
    return manifest.key_mode == keys.KEY_MODE_PASSWORD and not manifest.demo


@dataclass(frozen=True)
class StoreProbe:
    """What the GUI must do before opening the store (found on the DB worker)."""

    exists: bool  # False: a local data dir without a store (first start) — offer to create one
    needs_password: bool = False  # the store's key comes from a master password
    keyring_available: bool = False  # checked only for a missing store (the setup dialog's default)


def probe_store(location: StoreLocation, secrets: SecretStore | None = None) -> StoreProbe:
    """Look at the data dir without opening anything (runs on the DB worker).

    For a missing store it also resolves the OS keyring backend here, off the GUI thread, so the setup
    dialog's availability check is instant.
    """
    if not location.exists():
        return StoreProbe(exists=False, keyring_available=(secrets or SecretStore()).available)
    return StoreProbe(exists=True, needs_password=needs_master_password(location))


def open_store(location: StoreLocation, password: str | None) -> StoreBackend:
    provider = (lambda: password) if password else None
    return StoreBackend(Store.open(location, password_provider=provider))


def create_store(location: StoreLocation, choice: SetupChoice, secrets: SecretStore | None = None) -> StoreBackend:
    """Create the local store chosen in the setup dialog and record it in the audit log (runs on the DB worker)."""
    from .services.store_admin import create_store as create_audited_store

    store = create_audited_store(
        location, actor="gui", secrets=secrets, key_mode=choice.key_mode,
        password_provider=choice.password_provider(),
    )  # fmt: skip
    log.info("created a new store in %s (%s)", location.data_dir, choice.key_mode)
    return StoreBackend(store)


# -- arguments ------------------------------------------------------------------------------------------------
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="acorn-desktop", description=f"{APP_NAME} 退款助手 {__version__}")
    parser.add_argument("--demo", action="store_true", help="open the demo store (own data dir, sandbox data)")
    parser.add_argument("--data-dir", help="data directory (database, logs, settings)")
    parser.add_argument("--db-url", help="PostgreSQL URL for team mode")
    parser.add_argument("--lang", choices=i18n.SUPPORTED, help="UI language (default zh_CN; remembered)")
    parser.add_argument("--screenshot", metavar="FILE.png", help="save the main window once loaded, then exit")
    args = parser.parse_args(argv)
    if args.demo and args.db_url:
        parser.error("--demo cannot be combined with --db-url")
    return args


# -- the running application ----------------------------------------------------------------------------------
class AcornApp(QObject):
    """Owns settings, translators, the background runner and the main window for one run."""

    # Emitted with the exit code when the app decided to finish (after an error or a screenshot).
    sig_finished = Signal(int)
    # The first-start setup dialog is open (tests drive it from here).
    sig_setup_shown = Signal(object)

    # Builds the first-start dialog: (data_dir, secrets, parent) -> SetupDialog. Tests may replace it.
    setup_dialog_factory: Callable[..., SetupDialog] = SetupDialog

    def __init__(self, args: argparse.Namespace, app: QApplication, *, install_hooks: bool = True) -> None:
        super().__init__(app)
        self.args = args
        self.app = app
        self.location = resolve_location(args.data_dir, args.db_url, demo=args.demo)
        self.mode = StoreMode.DEMO if args.demo else (StoreMode.TEAM if self.location.is_team else StoreMode.LOCAL)
        self.exit_code = 0
        self.backend: StoreBackend | None = None
        self._password_attempts = 0
        self._needs_password = False
        self._quitting = threading.Event()  # tells long background work (demo seeding) to stop early
        self.secrets = SecretStore()
        self.setup_dialog: SetupDialog | None = None
        self.font_warning = None  # the no-CJK-font warning box, when one was shown

        setup_logging(self.location.data_dir)
        self.settings = Settings(self.location.data_dir)
        self.lang = i18n.install(app, args.lang or self.settings.language)
        if args.lang:
            self.settings.language = self.lang
        style.apply(app)
        app.setWindowIcon(app_icon())

        # The GUI thread makes thousands of short Python calls per repaint (model data() per cell and role), each
        # taking the GIL; behind a busy sync thread each waits up to one switch interval. 1 ms instead of 5 halves
        # the p99 event-loop gap during a sync (bench/bench_sync.py (3)) for a few per cent of sync speed.
        sys.setswitchinterval(GUI_SWITCH_INTERVAL)
        self.runner = BackgroundRunner(self)
        self.reporter = ExceptionReporter(self._present_error, self)
        if install_hooks:
            self.reporter.install()

        self.window = MainWindow(self.settings, self.runner, location=self.location.describe(), mode=self.mode)
        self.window.sig_data_loaded.connect(self._on_data_loaded)
        if args.screenshot:
            self.window.use_default_geometry()
        self._progress = self.runner.progress_callback(self._on_seed_progress)
        self._first_sync_pending = False  # demo: the first sync waits for the window to show its data

    # -- start -----------------------------------------------------------------------------------------------
    def start(self) -> None:
        log.info("starting %s %s (%s, %s)", APP_NAME, __version__, self.mode.value, self.location.describe())
        self.window.show()
        self.font_warning = warn_if_no_cjk_font(self.window, self.lang, show=not self.args.screenshot)
        if self.mode is StoreMode.DEMO:
            self.window.show_progress(self.tr("Opening the demo database…"))
            opening = partial(open_demo, self.location, self._progress, self._quitting.is_set)
            self.runner.run(opening, self._on_opened, self._on_open_failed)
        else:
            self.runner.run(partial(probe_store, self.location, self.secrets), self._on_probed, self._on_open_failed)

    def _on_probed(self, probe: StoreProbe) -> None:
        if not probe.exists and not self.args.screenshot:  # headless screenshots keep the "no store" error
            self._ask_setup(probe)
            return
        needs_password = probe.needs_password
        self._needs_password = needs_password
        password = None
        if needs_password:
            password = os.environ.get(MASTER_PASSWORD_ENV) or None
            if password is None and not self.args.screenshot:
                password = self._ask_password()
                if password is None:  # cancelled
                    self.finish(1)
                    return
        self.window.show_progress(self.tr("Unlocking the database…"))
        self.runner.run(partial(open_store, self.location, password), self._on_opened, self._on_open_failed)

    # -- first start: create the store -----------------------------------------------------------------------
    def _ask_setup(self, probe: StoreProbe) -> None:
        """Show the setup dialog (window-modal, no nested event loop); its answer arrives in _on_setup_done."""
        keyring_state = "available" if probe.keyring_available else "unavailable"
        log.info("no store in %s (OS keyring %s): asking how to create one", self.location.data_dir, keyring_state)
        self.window.show_progress(self.tr("Setting up a new database…"))
        dialog = self.setup_dialog_factory(self.location.data_dir, self.secrets, self.window)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.finished.connect(partial(self._on_setup_done, dialog))
        self.setup_dialog = dialog
        dialog.open()
        self.sig_setup_shown.emit(dialog)

    def _on_setup_done(self, dialog: SetupDialog, result: int) -> None:
        self.setup_dialog = None
        choice = dialog.choice() if result == QDialog.DialogCode.Accepted else None
        dialog.deleteLater()
        if self._quitting.is_set():
            return
        if choice is None:
            log.info("setup cancelled: no store created")
            self.finish(1)
            return
        self.window.show_progress(self.tr("Creating the encrypted database…"))
        creating = partial(create_store, self.location, choice, self.secrets)
        self.runner.run(creating, self._on_opened, self._on_open_failed)

    def _ask_password(self) -> str | None:
        self._password_attempts += 1
        label = self.tr("Master password for {location}:").format(location=self.location.describe())
        if self._password_attempts > 1:
            label = self.tr("Wrong master password. Please try again.") + "\n" + label
        text, ok = QInputDialog.getText(self.window, self.tr("Unlock the database"), label, QLineEdit.EchoMode.Password)
        return text if ok and text else None

    def _on_seed_progress(self, done: int, total: int) -> None:
        text = self.tr("Creating demo data… {done} / {total}").format(done=done, total=total)
        self.window.show_progress(text)

    def _on_opened(self, backend: StoreBackend) -> None:
        self.backend = backend
        log.info(
            "store open (%s)%s", self.mode.value, f", seeded {backend.seeded} demo cases" if backend.seeded else ""
        )
        self.window.set_backend(backend)
        if getattr(backend, "demo_mails", None) is not None:
            self.window.show_status_message(
                self.tr("Demo notification mails are in {folder}: drop them on this window").format(
                    folder=backend.demo_mails.name  # the folder's name: no machine path in the window
                ),
                30_000,
                str(backend.demo_mails),
            )
        if self.mode is StoreMode.DEMO:  # show the sandbox's data at once: sync the demo sellers as soon as the
            self._first_sync_pending = True  # window shows what is stored (see ui/settle.py)
            WhenSettled(self.window, self.runner, self._start_first_sync)

    def _start_first_sync(self) -> None:
        self._first_sync_pending = False
        if not self._quitting.is_set():
            self.window.sync.start()

    def _on_open_failed(self, exc: BaseException) -> None:
        retry = (
            isinstance(exc, StoreLockedError)
            and self._needs_password
            and not self.args.screenshot
            and not os.environ.get(MASTER_PASSWORD_ENV)
            and self._password_attempts < PASSWORD_ATTEMPTS
        )
        if retry:
            password = self._ask_password()
            if password is None:
                self.finish(1)
                return
            self.runner.run(partial(open_store, self.location, password), self._on_opened, self._on_open_failed)
            return
        log.error("cannot open the store", exc_info=(type(exc), exc, exc.__traceback__))
        message, details = describe(exc, self.lang)
        code = exc.exit_code if isinstance(exc, AcornError) else 1
        if self.args.screenshot:
            sys.stderr.write(message + "\n")
            self.finish(SCREENSHOT_ERROR_EXIT)
            return
        show_error(message, details, self.window)
        self.finish(code)

    # -- unexpected errors -----------------------------------------------------------------------------------
    def _present_error(self, message: str, details: str) -> None:
        if self.args.screenshot:  # headless run: no dialog that nobody can close
            sys.stderr.write(message + "\n" + details)
            self.finish(SCREENSHOT_ERROR_EXIT)
            return
        show_error(message, details, self.window)

    # -- screenshot and exit ---------------------------------------------------------------------------------
    def _on_data_loaded(self) -> None:
        if self.args.screenshot and not self.window.sync.running and not self._first_sync_pending:
            # Let the layout requests posted by the new label texts run once before grabbing.
            QTimer.singleShot(0, self._take_screenshot)

    def _take_screenshot(self) -> None:
        path = Path(self.args.screenshot).expanduser()
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.window.grab().save(str(path), "PNG"):
            log.info("screenshot saved to %s", path)
            self.finish(0)
        else:
            sys.stderr.write(f"cannot write {path}\n")
            self.finish(SCREENSHOT_ERROR_EXIT)

    def finish(self, code: int) -> None:
        self.exit_code = code
        self.window.close()
        self.sig_finished.emit(code)
        self.app.exit(code)

    def shutdown(self) -> None:
        """Wait for background work, close the store, save settings. Safe to call twice."""
        self._quitting.set()
        self.window.sync.cancel()  # a running sync stops at its next page or wait
        self.runner.shutdown(wait=True)
        # Results still queued for the GUI thread are dropped; the store is closed after the worker stopped.
        if self.backend is not None:
            self.backend.close()
            self.backend = None
        self.settings.sync()
        self.reporter.uninstall()


def app_icon() -> QIcon:
    from .paths import resource

    icon = QIcon()
    for name in ("acorn.svg", "acorn.png"):
        path = resource("icons", name)
        if path.exists():
            icon.addFile(str(path))
    return icon


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME])
    acorn = AcornApp(args, app)
    app.aboutToQuit.connect(acorn.shutdown)
    acorn.start()
    code = app.exec()
    acorn.shutdown()
    return acorn.exit_code or code
