"""Seller accounts (店铺): add, list. Credentials go to the keyring, never to the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..domain.marketplaces import Region, marketplace
from ..errors import InputError
from ..models import Marketplace, SellerAccount, SyncCursor
from . import audit


@dataclass(frozen=True)
class AccountInfo:
    id: int
    name: str
    region: str
    marketplaces: list[str]
    is_sandbox: bool
    needs_reauth: bool
    endpoint: str | None
    last_sync_at: datetime | None
    last_error: str | None

    def as_json(self) -> dict:
        data = self.__dict__.copy()
        data["last_sync_at"] = self.last_sync_at.isoformat() if self.last_sync_at else None
        return data


def parse_marketplaces(region: Region, codes: str) -> list[str]:
    """ "US,CA" → ["US", "CA"], each checked to exist and to belong to ``region``."""
    result = []
    for raw in filter(None, (c.strip() for c in codes.split(","))):
        try:
            info = marketplace(raw)
        except KeyError:
            raise InputError(
                f"未知站点代码「{raw}」。",
                f"Unknown marketplace code '{raw}'.",
                hint_zh="例如 US、CA、UK、DE、FR、IT、ES、JP、AU。",
                hint_en="E.g. US, CA, UK, DE, FR, IT, ES, JP, AU.",
            ) from None
        if info.region is not region:
            raise InputError(
                f"站点 {info.code} 属于 {info.region.value.upper()} 区域,不属于 {region.value.upper()}。",
                f"Marketplace {info.code} is in region {info.region.value.upper()}, not {region.value.upper()}.",
                hint_zh="同一店铺授权只覆盖一个区域;其他区域请另外添加店铺。",
                hint_en="One authorisation covers one region; add another store for other regions.",
            )
        if info.code not in result:
            result.append(info.code)
    if not result:
        raise InputError("至少需要一个站点(--marketplaces)。", "At least one marketplace is needed (--marketplaces).")
    return result


def add_account(
    session: Session,
    *,
    name: str,
    region: Region,
    marketplaces: list[str],
    selling_partner_id: str | None = None,
    endpoint: str | None = None,
    lwa_endpoint: str | None = None,
    actor: str = "cli",
) -> SellerAccount:
    name = name.strip()
    if not name:
        raise InputError("店铺名称不能为空(--name)。", "The store name must not be empty (--name).")
    if session.scalar(sa.select(SellerAccount.id).where(SellerAccount.name == name)) is not None:
        raise InputError(
            f"已有名为「{name}」的店铺。",
            f"A store named '{name}' already exists.",
            hint_zh="请换一个名称。",
            hint_en="Choose another name.",
        )
    account = SellerAccount(
        name=name, region=region, selling_partner_id=selling_partner_id, endpoint=endpoint,
        lwa_endpoint=lwa_endpoint, is_sandbox=bool(endpoint), active=True,
    )  # fmt: skip
    account.marketplaces = [session.get(Marketplace, code) for code in marketplaces]
    session.add(account)
    session.flush()
    audit.append(
        session,
        actor=actor,
        action="account.add",
        summary=f"store {name} ({region.value})",
        payload={"name": name, "region": region.value, "marketplaces": marketplaces, "endpoint": endpoint},
        entity_type="seller_account",
        entity_id=account.id,
    )
    return account


def list_accounts(session: Session) -> list[AccountInfo]:
    last = (
        sa.select(SyncCursor.account_id, sa.func.max(SyncCursor.last_success_at).label("ok"))
        .group_by(SyncCursor.account_id)
        .subquery()
    )
    errors = {
        account_id: error
        for account_id, error in session.execute(
            sa.select(SyncCursor.account_id, SyncCursor.last_error).where(SyncCursor.last_error.is_not(None))
        )
    }
    rows = session.execute(
        sa.select(SellerAccount, last.c.ok)
        .outerjoin(last, last.c.account_id == SellerAccount.id)
        .order_by(SellerAccount.id)
    )
    return [
        AccountInfo(
            a.id,
            a.name,
            a.region.value,
            [m.code for m in a.marketplaces],
            a.is_sandbox,
            a.needs_reauth,
            a.endpoint,
            ok,
            errors.get(a.id),
        )
        for a, ok in rows
    ]
