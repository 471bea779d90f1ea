"""Where an account's LWA credentials come from: the OS keyring (real accounts) or a running sandbox."""

from __future__ import annotations

from typing import Protocol

from ..errors import InputError
from ..models import SellerAccount
from ..storage.secrets import SecretStore
from .client import Credentials, Target

FIELDS = ("lwa_app_id", "lwa_client_secret", "refresh_token")
ENV_NAMES = {
    "lwa_app_id": "LWA_APP_ID",
    "lwa_client_secret": "LWA_CLIENT_SECRET",
    "refresh_token": "SP_API_REFRESH_TOKEN",
}


def entry(account_id: int, name: str) -> str:
    return f"account:{account_id}:{name}"


def target_of(account: SellerAccount) -> Target:
    codes = [m.code for m in account.marketplaces]
    return Target(account.region, codes[0] if codes else "", account.endpoint, account.lwa_endpoint)


class CredentialProvider(Protocol):
    def __call__(self, account: SellerAccount) -> tuple[Target, Credentials]: ...


class KeyringCredentials:
    """Credentials stored with ``acorn account add``: only in the keyring, under the account's id."""

    def __init__(self, secrets: SecretStore | None = None) -> None:
        self.secrets = secrets or SecretStore()

    def store(self, account_id: int, credentials: Credentials) -> None:
        for name in FIELDS:
            self.secrets.set(entry(account_id, name), getattr(credentials, name))

    def forget(self, account_id: int) -> None:
        for name in FIELDS:
            self.secrets.delete(entry(account_id, name))

    def __call__(self, account: SellerAccount) -> tuple[Target, Credentials]:
        values = {name: self.secrets.get(entry(account.id, name)) for name in FIELDS}
        missing = [name for name, value in values.items() if not value]
        if missing:
            raise InputError(
                f"店铺「{account.name}」的授权信息不在系统密钥环中(缺少 {', '.join(missing)})。",
                f"Store '{account.name}' has no credentials in the OS keyring (missing {', '.join(missing)}).",
                hint_zh="请用 acorn account add 重新添加该店铺的授权。",
                hint_en="Add the store's authorisation again with acorn account add.",
            )
        return target_of(account), Credentials(**values)


class StaticCredentials:
    """Credentials handed over at run time (the in-process sandbox of demo mode), keyed by selling-partner id."""

    def __init__(self, by_partner: dict[str, tuple[Target, Credentials]]) -> None:
        self.by_partner = by_partner

    def __call__(self, account: SellerAccount) -> tuple[Target, Credentials]:
        try:
            return self.by_partner[account.selling_partner_id]
        except KeyError:
            raise InputError(
                f"沙盒中没有店铺「{account.name}」。", f"The sandbox has no store '{account.name}'."
            ) from None
