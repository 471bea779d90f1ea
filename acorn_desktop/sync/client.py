"""python-amazon-sp-api clients for one seller account, pointed at Amazon or at a local sandbox.

The library has no endpoint argument: a duck-typed marketplace object carries the SP-API endpoint and an
``AccessTokenClient`` subclass carries the LWA host (see spapi.md §7/§9). Nothing here monkeypatches.
"""

from __future__ import annotations

import contextlib
import functools
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TypeVar
from urllib.parse import urlsplit

from sp_api.api import Feeds, Finances, Orders, Reports
from sp_api.auth import AccessTokenClient
from sp_api.auth import access_token_client as token_cache
from sp_api.base import Marketplaces

from ..domain.marketplaces import Region, marketplace
from .amazon_clock import AmazonClock
from .errors import AccessTokenExpired, TransientApiError
from .scheduler import RequestScheduler

T = TypeVar("T")

# A 403 Unauthorized means "refresh the access token and ask again". Once was not enough: a token can expire
# again before the repeated request is answered (the expiring-token fault runs failed with 403 that way).
TOKEN_REFRESHES = 3
_REGION_DEFAULT = {Region.NA: "US", Region.EU: "DE", Region.FE: "JP"}
_AWS_REGION = {Region.NA: "us-east-1", Region.EU: "eu-west-1", Region.FE: "us-west-2"}


@dataclass(frozen=True)
class Credentials:
    """LWA app credentials and the seller's refresh token. Held in memory only; never logged or stored."""

    lwa_app_id: str
    lwa_client_secret: str
    refresh_token: str

    def __repr__(self) -> str:  # keep secrets out of tracebacks and debug output
        return "Credentials(***)"


@dataclass(frozen=True)
class Target:
    """Where one account's requests go. ``endpoint``/``lwa_endpoint`` None means Amazon itself."""

    region: Region
    marketplace_code: str
    endpoint: str | None = None
    lwa_endpoint: str | None = None


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One TLS context for every client. Building one loads the CA bundle while holding the GIL (tens of
    ms); the library would otherwise build one per API client, stalling the GUI thread each time."""
    return ssl.create_default_context()


def _lwa_class(lwa_endpoint: str | None) -> type[AccessTokenClient]:
    if not lwa_endpoint:
        return AccessTokenClient
    parts = urlsplit(lwa_endpoint)
    return type("LocalAccessTokenClient", (AccessTokenClient,), {"scheme": f"{parts.scheme}://", "host": parts.netloc})


class SpApiSession:
    """Factory + pacing for one account: ``session.call("listFinancialEvents", lambda c: c.list_…(...), Finances)``."""

    def __init__(
        self,
        target: Target,
        credentials: Credentials,
        scheduler: RequestScheduler,
        *,
        timeout: float = 30,
        amazon_clock: AmazonClock | None = None,
    ):
        self.target = target
        self.amazon_clock = amazon_clock or AmazonClock()  # learns Amazon's time from every response
        self._credentials = credentials
        self.scheduler = scheduler
        self.timeout = timeout
        self._clients: dict[type, object] = {}
        info = marketplace(target.marketplace_code or _REGION_DEFAULT[target.region])
        if target.endpoint:
            self._marketplace = SimpleNamespace(
                endpoint=target.endpoint.rstrip("/"), marketplace_id=info.amazon_id, region=_AWS_REGION[target.region]
            )
        else:
            self._marketplace = Marketplaces[info.code if info.code != "UK" else "GB"]

    def client(self, api: type[T]) -> T:
        client = self._clients.get(api)
        if client is None:
            client = api(
                self._marketplace,
                refresh_token=self._credentials.refresh_token,
                credentials={
                    "lwa_app_id": self._credentials.lwa_app_id,
                    "lwa_client_secret": self._credentials.lwa_client_secret,
                },
                auth_token_client_class=_lwa_class(self.target.lwa_endpoint),
                timeout=self.timeout,
                verify=tls_context(),
            )
            self._clients[api] = client
        return client

    def forget_access_token(self) -> None:
        """Drop the library's cached access token for this refresh token (it is cached module-wide)."""
        for api in (Finances, Reports, Feeds, Orders, *self._clients):  # any client: the cache key is shared
            client = self._clients.get(api)
            if client is not None:
                token_cache.cache.pop(client._auth._get_cache_key(), None)
                return

    def call(
        self,
        operation: str,
        api: type,
        fn: Callable[[object], T],
        *,
        expect: str | None = None,
        cancel=None,
    ) -> T:
        """One paced, retried request; a stale access token is refreshed (up to ``TOKEN_REFRESHES`` times) and the
        request repeated.

        ``expect`` names a key the response payload must have. python-amazon-sp-api turns an unparsable
        body into an *empty* response instead of an error; without this check a garbled page would
        read as "no more events" and the events on it would be lost.
        """
        client = self.client(api)

        def attempt() -> T:
            sent = self.amazon_clock.local_now()
            try:
                response = fn(client)
            except Exception as exc:  # an error response has Amazon's Date too
                self.amazon_clock.observe(getattr(exc, "headers", None), sent, self.amazon_clock.local_now())
                raise
            self.amazon_clock.observe(getattr(response, "headers", None), sent, self.amazon_clock.local_now())
            if expect is not None:
                payload = getattr(response, "payload", None)
                if not isinstance(payload, dict) or expect not in payload:
                    raise TransientApiError(f"malformed response to {operation} (no {expect})")
            return response

        for refreshed in range(TOKEN_REFRESHES + 1):
            try:
                return self.scheduler.call(operation, attempt, cancel=cancel)
            except AccessTokenExpired:
                if refreshed == TOKEN_REFRESHES:
                    raise  # fresh tokens refused again and again: a real authorisation problem
                self.forget_access_token()
        raise AssertionError("unreachable")

    def close(self) -> None:
        for client in self._clients.values():
            with contextlib.suppress(Exception):
                client.close()
        self._clients.clear()
