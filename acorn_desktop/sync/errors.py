"""What can go wrong talking to SP-API, sorted by what the sync should do about it."""

from __future__ import annotations

import json

import httpx
from sp_api.auth.exceptions import AuthorizationError
from sp_api.base.exceptions import (
    SellingApiBadRequestException,
    SellingApiException,
    SellingApiForbiddenException,
    SellingApiGatewayTimeoutException,
    SellingApiRequestThrottledException,
    SellingApiServerException,
    SellingApiTemporarilyUnavailableException,
)


class SyncError(Exception):
    """Base class. ``reason`` is short, English, and never contains a secret."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SyncCancelled(SyncError):
    def __init__(self) -> None:
        super().__init__("cancelled")


class TransientApiError(SyncError):
    """Worth retrying: throttling, 5xx, timeouts, dropped connections, a garbled body."""

    def __init__(self, reason: str, *, throttled: bool = False) -> None:
        super().__init__(reason)
        self.throttled = throttled


class AccessTokenExpired(SyncError):
    """SP-API said 403 Unauthorized: the cached LWA access token is stale; refresh it and try again."""


class ReauthorizationNeeded(SyncError):
    """LWA refused the refresh token (revoked or expired authorisation): this account needs re-authorising."""


class PermanentApiError(SyncError):
    """A request Amazon will never accept as sent (400, 404 …)."""

    def __init__(self, reason: str, *, code: str | None = None) -> None:
        super().__init__(reason)
        self.code = code


def _amzn_code(exc: SellingApiException) -> str:
    return getattr(exc, "amzn_code", None) or ""


def classify(exc: BaseException) -> SyncError | None:
    """Map a library/transport exception onto our categories; None for anything else (a bug: let it raise)."""
    if isinstance(exc, SyncError):
        return exc
    if isinstance(exc, SellingApiRequestThrottledException):
        return TransientApiError("429 throttled", throttled=True)
    if isinstance(
        exc, SellingApiServerException | SellingApiTemporarilyUnavailableException | SellingApiGatewayTimeoutException
    ):
        return TransientApiError(f"{exc.code} server error")
    if isinstance(exc, AuthorizationError):
        if getattr(exc, "status_code", 0) and exc.status_code >= 500:
            return TransientApiError(f"LWA {exc.status_code}")
        return ReauthorizationNeeded(f"LWA refused the refresh token ({exc.error_code})")
    if isinstance(exc, SellingApiForbiddenException):
        code = _amzn_code(exc)
        if code == "Unauthorized":
            return AccessTokenExpired("403 Unauthorized (access token)")
        return PermanentApiError(f"403 {code}", code=code)
    if isinstance(exc, SellingApiBadRequestException):
        return PermanentApiError(f"400 {_amzn_code(exc)}: {getattr(exc, 'message', '')}", code=_amzn_code(exc))
    if isinstance(exc, SellingApiException):
        return PermanentApiError(f"{exc.code} {_amzn_code(exc)}", code=_amzn_code(exc))
    if isinstance(exc, httpx.TimeoutException):
        return TransientApiError("timeout")
    if isinstance(exc, httpx.TransportError):
        return TransientApiError(f"connection: {type(exc).__name__}")
    if isinstance(exc, json.JSONDecodeError | UnicodeDecodeError):
        return TransientApiError("malformed response body")
    if isinstance(exc, EOFError | OSError) and "gzip" in str(exc).lower() + type(exc).__name__.lower():
        return TransientApiError("truncated document")
    return None
