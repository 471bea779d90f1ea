"""The sandbox marketplace: a local HTTP server that answers like Amazon's SP-API and LWA.

    with SandboxServer(seed=42, cases=2000) as sandbox:
        sandbox.endpoint        # "http://127.0.0.1:PORT": the SP-API base URL for every region
        sandbox.lwa_endpoint    # "http://127.0.0.1:PORT/auth/o2/token"
        sandbox.accounts        # one seller per region with its refresh token
        sandbox.world           # the ground truth (orders, cases, financial events, feeds, reports)

Per request: ``x-amzn-RequestId`` and ``x-amzn-RateLimit-Limit`` headers; fault injection
(:class:`~.faults.FaultPlan`); ``x-amz-access-token`` → seller account (403 Unauthorized when unknown or
expired); token bucket per (seller, operation) from :data:`~.rate_limits.OPERATION_LIMITS` (429
QuotaExceeded); then the operation. The Host header and the marketplace parameters python-amazon-sp-api
injects are ignored. Presigned document URLs (``/_sandbox/...``) need no token and expire after 5
simulated minutes.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import hmac
import json
import secrets
import signal
import socket
import sys
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, urlsplit

from ..domain.marketplaces import Region
from . import api_feeds, api_finances, api_orders, api_reports
from .api_common import ApiError, Request, Response, not_found
from .clock import ScaledClock
from .faults import FaultPlan
from .lwa import LwaError, TokenStore
from .rate_limits import RateLimiter
from .world import Account, StoredDocument, World

URL_SECONDS = 300  # presigned URLs expire after 5 minutes
API_FAULTS = ("429", "500", "503", "slow", "drop", "drop_after", "malformed", "expire_token")
DOWNLOAD_FAULTS = ("500", "503", "slow", "drop", "truncated_gzip")
LWA_FAULTS = ("500", "503", "slow", "drop", "malformed")
# Keys python-amazon-sp-api adds to every GET query / POST body (see reference/spapi.md §9.5).
INJECTED_QUERY = ("MarketplaceId", "MarketplaceIds", "marketplace_ids", "marketplaceIds")


Handler = Callable[[Request], Response | dict]


@dataclass(frozen=True)
class Route:
    method: str
    parts: tuple[str, ...]  # "{name}" = a path parameter
    operation: str
    handler: Handler


ROUTES: list[Route] = []


def route(method: str, path: str, operation: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        ROUTES.append(Route(method, tuple(path.strip("/").split("/")), operation, fn))
        return fn

    return register


def _match(method: str, path: str) -> tuple[Route | None, dict[str, str], bool]:
    parts = tuple(path.strip("/").split("/"))
    path_matched = False
    for r in ROUTES:
        if len(r.parts) != len(parts):
            continue
        params = {}
        for want, got in zip(r.parts, parts, strict=True):
            if want.startswith("{"):
                params[want[1:-1]] = got
            elif want != got:
                break
        else:
            path_matched = True
            if r.method == method:
                return r, params, True
    return None, {}, path_matched


class SandboxServer:
    """A running sandbox marketplace. See the module docstring."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        seed: int = 42,
        cases: int | None = None,
        orders: int | None = None,
        time_scale: float = 1.0,
        faults: FaultPlan | str | None = None,
        now: datetime | None = None,
        rate_limits: bool = True,
        processing_seconds: tuple[float, float] = (2.0, 6.0),
        prefetch: bool = True,
    ) -> None:
        if cases is None:
            cases = _cases_for_orders(orders) if orders is not None else 2000
        now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        self.host, self.port = host, port
        self.clock = ScaledClock(time_scale, start=now)
        self.world = World(seed, cases, now, self.clock)
        self.faults = FaultPlan.parse(faults, seed=seed) if isinstance(faults, str) or faults is None else faults
        self.limiter = RateLimiter(self.clock)
        self.rate_limits_enabled = rate_limits
        self.tokens = TokenStore(self.clock, list(self.world.accounts.values()))
        self.processing_seconds = processing_seconds  # (IN_QUEUE until, DONE at) in simulated seconds
        self._secret = secrets.token_bytes(16)
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._prefetch = prefetch
        self.requests: list[tuple[str, str, int]] = []  # (operation, account, status) of every API request
        self._requests_lock = threading.Lock()

    # -- lifecycle -------------------------------------------------------------------------------------------
    def start(self) -> SandboxServer:
        if self._httpd is not None:
            return self
        self._httpd = _HTTPServer((self.host, self.port), _RequestHandler)
        self._httpd.sandbox = self
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.05,), name="sandbox-http", daemon=True
        )
        self._thread.start()
        if self._prefetch:
            self.world.prefetch()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self.world.close()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- public API ------------------------------------------------------------------------------------------
    @property
    def endpoint(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def lwa_endpoint(self) -> str:
        return f"{self.endpoint}/auth/o2/token"

    @property
    def lwa_host(self) -> str:
        """For an ``AccessTokenClient`` subclass: ``scheme = "http://"; host = sandbox.lwa_host``."""
        return f"{self.host}:{self.port}"

    @property
    def accounts(self) -> list[dict]:
        return [account.as_json() for account in self.world.accounts.values()]

    def account(self, region: Region | str) -> Account:
        return self.world.accounts[Region(region)]

    def startup_line(self) -> str:
        return json.dumps(
            {"endpoint": self.endpoint, "lwa_endpoint": self.lwa_endpoint, "accounts": self.accounts},
            ensure_ascii=False,
        )

    def wait_ready(self, timeout: float | None = None) -> bool:
        """Block until every block of the world is built (about 0.2 s per 1,000 cases); True when done."""
        return self.world.wait_ready(timeout)

    def revoke(self, refresh_token: str) -> None:
        """The seller revoked the app: LWA answers invalid_grant, existing access tokens get 403."""
        self.tokens.revoke(refresh_token)

    def expire_tokens(self, region: Region | str | None = None) -> None:
        """Expire access tokens now (all, or one region's): the next SP-API call gets 403 "expired"."""
        self.tokens.expire(account=self.account(region) if region else None)

    def advance(self, seconds: float) -> None:
        """Move the simulated clock forward (tokens expire, reports and feeds progress, buckets refill)."""
        self.clock.advance(seconds)

    def sign(self, kind: str, document_id: str) -> str:
        """A presigned-style URL for a document (kind: "documents" = download, "uploads" = PUT)."""
        date = self.clock.now().strftime("%Y%m%dT%H%M%SZ")
        signature = self._signature(kind, document_id, date)
        return (
            f"{self.endpoint}/_sandbox/{kind}/{quote(document_id)}?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            f"&X-Amz-Date={date}&X-Amz-Expires={URL_SECONDS}&X-Amz-Signature={signature}"
        )

    def _signature(self, kind: str, document_id: str, date: str) -> str:
        return hmac.new(self._secret, f"{kind}|{document_id}|{date}".encode(), hashlib.sha256).hexdigest()

    # -- dispatch --------------------------------------------------------------------------------------------
    def handle(self, method: str, raw_path: str, headers: dict[str, str], body: bytes) -> Response | None:
        """One HTTP request → a Response, or None to drop the connection without answering."""
        split = urlsplit(raw_path)
        query = parse_qs(split.query, keep_blank_values=True)
        req = Request(method, split.path, query, headers, body, server=self)
        request_id = str(uuid.uuid4())
        if split.path == "/auth/o2/token":
            response = self._lwa(req)
        elif split.path.startswith("/_sandbox/"):
            response = self._document(req)
        else:
            response = self._api(req)
        if response is not None:
            response.headers.setdefault("x-amzn-RequestId", request_id)
        return response

    def _fault(self, operation: str, kinds: tuple[str, ...]) -> str | None:
        kind = self.faults.draw(operation, kinds) if self.faults.faults else None
        if kind == "slow":
            self._stopping.wait(self.faults.slow_seconds)
            return None
        return kind

    def _lwa(self, req: Request) -> Response | None:
        fault = self._fault("lwaToken", LWA_FAULTS)
        if fault == "drop":
            return None
        if fault in ("500", "503"):
            return Response(int(fault), {"error": "server_error", "error_description": "Internal server error"})
        if fault == "malformed":
            return Response(200, b'{"access_token": "Atza|')
        if req.method != "POST":
            return Response(405, {"error": "invalid_request", "error_description": "Method not allowed"})
        form = {k: v[-1] for k, v in parse_qs(req.body.decode("utf-8", "replace")).items()}
        try:
            return Response(200, self.tokens.exchange(form))
        except LwaError as exc:
            return Response(exc.status, {"error": exc.error, "error_description": exc.description})

    def _api(self, req: Request) -> Response | None:
        matched, params, path_known = _match(req.method, req.path)
        if matched is None:
            error = ApiError(405, "MethodNotAllowed", "Method not allowed.") if path_known else not_found("Not found.")
            return Response(error.status, error.body())
        req.operation, req.params = matched.operation, params
        limit = self.limiter.limit_header(req.operation)
        response = self._api_inner(req, matched)
        if response is not None:
            response.headers.setdefault("x-amzn-RateLimit-Limit", limit)
            with self._requests_lock:
                self.requests.append(
                    (req.operation, req.account.selling_partner_id if req.account else "", response.status)
                )
        return response

    def _api_inner(self, req: Request, matched: Route) -> Response | None:
        fault = self._fault(req.operation, API_FAULTS)
        if fault == "drop":
            return None
        if fault == "429":
            return Response(429, _throttled())
        if fault == "500":
            return Response(500, ApiError(500, "InternalFailure", "We encountered an internal error.").body())
        if fault == "503":
            return Response(503, ApiError(503, "ServiceUnavailable", "Service temporarily unavailable.").body())
        if fault == "expire_token":
            self.tokens.expire(req.headers.get("x-amz-access-token"))
        account, problem = self.tokens.check(req.headers.get("x-amz-access-token"))
        if account is None:
            details = (
                "The access token you provided has expired."
                if problem == "expired"
                else "The access token you provided is revoked, malformed or invalid."
            )
            return Response(
                403, ApiError(403, "Unauthorized", "Access to requested resource is denied.", details).body()
            )
        req.account = account
        if self.rate_limits_enabled and not self.limiter.allow(account.selling_partner_id, req.operation):
            return Response(429, _throttled())
        if fault == "malformed":
            return Response(200, b'{"payload": {"NextToken": "')
        try:
            result = matched.handler(req)
        except ApiError as exc:
            return None if fault == "drop_after" else Response(exc.status, exc.body())
        if fault == "drop_after":
            return None  # done at "Amazon", the answer lost on the way back
        return result if isinstance(result, Response) else Response(200, result)

    def _document(self, req: Request) -> Response | None:
        parts = req.path.strip("/").split("/")
        if len(parts) != 3 or parts[1] not in ("documents", "uploads"):
            return Response(
                404, _s3_error("NoSuchKey", "The specified key does not exist."), content_type="application/xml"
            )
        kind, document_id = parts[1], parts[2]
        upload = kind == "uploads"
        if upload != (req.method == "PUT") or req.method not in ("GET", "PUT"):
            return Response(405, _s3_error("MethodNotAllowed", "The specified method is not allowed."),
                            content_type="application/xml")  # fmt: skip
        fault = self._fault("documentUpload" if upload else "documentDownload", DOWNLOAD_FAULTS)
        if fault == "drop":
            return None
        if fault in ("500", "503"):
            return Response(int(fault), _s3_error("InternalError", "We encountered an internal error."),
                            content_type="application/xml")  # fmt: skip
        date, signature = req.q("X-Amz-Date") or "", req.q("X-Amz-Signature") or ""
        if not hmac.compare_digest(signature, self._signature(kind, document_id, date)):
            message = "The request signature we calculated does not match the signature you provided."
            return Response(403, _s3_error("SignatureDoesNotMatch", message), content_type="application/xml")
        signed = datetime.strptime(date, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        if (self.clock.now() - signed).total_seconds() > URL_SECONDS:
            return Response(403, _s3_error("AccessDenied", "Request has expired"), content_type="application/xml")
        document = self.world.documents.get(document_id)
        if document is None:
            return Response(
                404, _s3_error("NoSuchKey", "The specified key does not exist."), content_type="application/xml"
            )
        if upload:
            document.data = req.body
            document.content_type = req.headers.get("content-type", document.content_type)
            return Response(200, b"", content_type="text/plain")
        data = document_bytes(document)
        if fault == "truncated_gzip" and document.compressed:
            data = data[: max(10, len(data) // 2)]
        return Response(200, data, content_type=document.content_type)


def document_bytes(document: StoredDocument) -> bytes:
    """The stored bytes of a document as served (gzip when ``compressed``); builds report content lazily."""
    if document.data is None and callable(document.builder):
        text = document.builder()
        document.data = gzip.compress(text.encode("utf-8"), mtime=0) if document.compressed else text.encode()
    return document.data or b""


def _throttled() -> dict:
    return {"errors": [{"code": "QuotaExceeded", "message": "You exceeded your quota for the requested resource."}]}


def _s3_error(code: str, message: str) -> bytes:
    body = f"<Error><Code>{code}</Code><Message>{message}</Message></Error>"
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body).encode()


def _cases_for_orders(orders: int) -> int:
    """Cases giving about ``orders`` orders (the generator makes ~0.73 orders per case)."""
    return max(0, round(orders * 1.37))


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    sandbox: SandboxServer


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms delayed-ACK stalls
    server_version = "Server"
    sys_version = ""

    def log_message(self, format, *args) -> None:
        pass

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        sandbox: SandboxServer = self.server.sandbox  # type: ignore[attr-defined]
        try:
            response = sandbox.handle(self.command, self.path, headers, body)
        except Exception as exc:  # a bug in the sandbox: answer like Amazon's 500, keep serving
            response = Response(500, ApiError(500, "InternalFailure", f"Sandbox error: {exc!r}").body())
        if response is None:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        payload = response.payload()
        try:
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.send_header("Date", format_datetime(sandbox.clock.now().astimezone(UTC), usegmt=True))
            for key, value in response.headers.items():
                self.send_header(key, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _serve

    def send_response(self, code, message=None) -> None:  # no default Server/Date duplicates
        self.log_request(code)
        self.send_response_only(code, message)


for _module in (api_finances, api_reports, api_feeds, api_orders):
    for _method, _path, _operation, _handler in _module.ROUTES:
        route(_method, _path, _operation)(_handler)


# ---------------------------------------------------------------------------------------------------------------
# CLI: acorn sandbox serve
# ---------------------------------------------------------------------------------------------------------------


def add_cli(subparsers) -> None:
    """Add ``sandbox serve`` to an argparse subparsers object (the handler is ``args.func(args)``)."""
    sandbox = subparsers.add_parser("sandbox", help="本地模拟亚马逊 SP-API / local simulated SP-API")
    sub = sandbox.add_subparsers(dest="sandbox_command", required=True)
    serve = sub.add_parser("serve", help="启动模拟服务器直到 Ctrl-C / serve until Ctrl-C")
    _serve_arguments(serve)
    serve.set_defaults(func=lambda args, _out=None: _serve(args))


def _serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 = a free port")
    parser.add_argument("--seed", type=int, default=42)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--orders", type=int, default=None, help="about this many orders")
    size.add_argument("--cases", type=int, default=None, help="exactly this many cases (as `acorn demo seed`)")
    parser.add_argument("--time-scale", type=float, default=1.0, help="simulated seconds per real second")
    parser.add_argument("--faults", default=None, help="e.g. 429=0.3@listFinancialEvents,500x2,drop=0.05")
    parser.add_argument("--no-rate-limits", action="store_true", help="turn the per-operation token buckets off")
    parser.add_argument("--now", default=None, help="ISO time the generated history ends at (default: now)")


def serve_main(argv: list[str] | None = None) -> int:
    """``acorn sandbox serve [--host] [--port] [--seed] [--orders N] [--time-scale X] [--faults SPEC]``."""
    parser = argparse.ArgumentParser(prog="acorn sandbox serve")
    _serve_arguments(parser)
    return _serve(parser.parse_args(argv))


def _serve(args) -> int:
    now = datetime.fromisoformat(args.now) if getattr(args, "now", None) else None
    if now is not None and now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    server = SandboxServer(
        args.host, args.port, seed=args.seed, cases=args.cases, orders=args.orders, time_scale=args.time_scale,
        faults=FaultPlan.parse(args.faults, seed=args.seed), now=now, rate_limits=not args.no_rate_limits,
    )  # fmt: skip
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    server.start()
    print(server.startup_line(), flush=True)
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(serve_main())
