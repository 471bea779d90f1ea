"""The one background API: run DB or network work off the GUI thread, get the outcome on it.

Modelled on Anki's ``taskman`` + ``QueryOp``/``CollectionOp``:

* ``kind="db"`` work goes to a single-worker executor, so database access is serialised;
* ``kind="net"`` work goes to a small separate pool, so a slow request never waits behind the DB
  (and the DB never waits behind a request);
* ``on_success(result)`` / ``on_failure(exc)`` always run on the GUI thread, delivered through a
  queued Qt signal of a QObject that lives there.

Never touch widgets from inside ``fn``: it runs on a worker thread.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Literal

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot

log = logging.getLogger(__name__)

Kind = Literal["db", "net"]
NET_WORKERS = 4


class BackgroundRunner(QObject):
    """Owns the worker pools. Create one per application, in the GUI thread; call :meth:`shutdown` on quit."""

    # Carries a zero-argument callable to run on the GUI thread.
    _sig_deliver = Signal(object)
    # Number of operations submitted but not yet delivered changed (GUI thread).
    sig_busy_changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pools: dict[str, ThreadPoolExecutor] = {
            "db": ThreadPoolExecutor(max_workers=1, thread_name_prefix="acorn-db"),
            "net": ThreadPoolExecutor(max_workers=NET_WORKERS, thread_name_prefix="acorn-net"),
        }
        self._pending = 0
        self._closed = False
        self._sig_deliver.connect(self._on_deliver, Qt.ConnectionType.QueuedConnection)

    # -- public API --------------------------------------------------------------------------------------
    def run(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        *,
        kind: Kind = "db",
        owner: QObject | None = None,
    ) -> Future:
        """Run ``fn()`` on the ``kind`` pool; deliver its result or exception on the GUI thread.

        Without ``on_failure`` an exception goes to ``sys.excepthook`` (the error dialog), never lost.
        With an ``owner`` (a dialog), nothing is delivered once it has been deleted: a person may close a
        dialog before its data arrive.
        """
        if self._closed:
            raise RuntimeError("BackgroundRunner is shut down")
        pool = self._pools[kind]
        self._set_pending(self._pending + 1)
        future = pool.submit(fn)
        future.add_done_callback(lambda f: self._post(lambda: self._finish(f, on_success, on_failure, owner)))
        return future

    def progress_callback(self, fn: Callable[..., None]) -> Callable[..., None]:
        """A thread-safe callable for workers: calls ``fn(*args)`` on the GUI thread.

        Bursts are coalesced: while one call is queued, newer arguments replace older ones, so a worker
        reporting 10,000 steps costs the GUI a handful of updates, not 10,000.
        """
        lock = threading.Lock()
        state: dict[str, Any] = {"args": None, "queued": False}

        def flush() -> None:
            with lock:
                args, state["args"], state["queued"] = state["args"], None, False
            if args is not None:
                fn(*args)

        def report(*args: Any) -> None:
            with lock:
                state["args"] = args
                if state["queued"]:
                    return
                state["queued"] = True
            self._post(flush)

        return report

    @property
    def pending(self) -> int:
        return self._pending

    def shutdown(self, *, wait: bool = True) -> None:
        """Stop accepting work, drop queued work, and wait for running work to finish."""
        if self._closed:
            return
        self._closed = True
        for pool in self._pools.values():  # cancel everything queued first, then wait for what runs
            pool.shutdown(wait=False, cancel_futures=True)
        if wait:
            for pool in self._pools.values():
                pool.shutdown(wait=True)

    # -- internals ---------------------------------------------------------------------------------------
    def _post(self, callback: Callable[[], None]) -> None:
        try:
            self._sig_deliver.emit(callback)
        except RuntimeError:  # the runner's C++ object is gone: the app is quitting
            log.debug("background result dropped after shutdown")

    @Slot(object)
    def _on_deliver(self, callback: Callable[[], None]) -> None:
        callback()

    def _finish(self, future: Future, on_success, on_failure, owner: QObject | None = None) -> None:
        self._set_pending(self._pending - 1)
        if future.cancelled() or self._closed:  # after shutdown nobody is left to receive results
            return
        if owner is not None and not shiboken6.isValid(owner):
            log.debug("background result dropped: its dialog was closed")
            return
        exc = future.exception()
        if exc is None:
            if on_success is not None:
                on_success(future.result())
        elif on_failure is not None:
            on_failure(exc)
        else:
            sys.excepthook(type(exc), exc, exc.__traceback__)

    def _set_pending(self, value: int) -> None:
        self._pending = value
        self.sig_busy_changed.emit(value)
