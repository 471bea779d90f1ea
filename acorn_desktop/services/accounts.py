"""Seller accounts (店铺): add, list, and the legal identity that signs their letters. Credentials go to the
keyring, never to the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..domain.marketplaces import Region, marketplace
from ..domain.seller_identity import LegalIdentity, check
from ..errors import InputError
from ..models import Marketplace, SellerAccount, SyncCursor
from . import audit
from .changes import ActorLike, as_actor
from .permissions import Permission, require

# LegalIdentity field → SellerAccount column.
IDENTITY_COLUMNS = {
    "legal_name": "legal_name",
    "address_line1": "legal_address_line1",
    "address_line2": "legal_address_line2",
    "city": "legal_city",
    "state": "legal_state",
    "postcode": "legal_postcode",
    "country": "legal_country",
    "vat_id": "vat_id",
}


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


# -- the legal identity (who signs the store's letters) ------------------------------------------------------------


@dataclass(frozen=True)
class StoreIdentity:
    """One store as the 店铺 dialog lists it."""

    account_id: int
    name: str
    region: str
    marketplaces: tuple[str, ...]
    identity: LegalIdentity


def identity_of(account: SellerAccount) -> LegalIdentity:
    return LegalIdentity.of({field: getattr(account, column) for field, column in IDENTITY_COLUMNS.items()})


def legal_identity(session: Session, account_id: int) -> LegalIdentity:
    account = session.get(SellerAccount, account_id)
    return identity_of(account) if account is not None else LegalIdentity()


def set_legal_identity(session: Session, account_id: int, identity: LegalIdentity, actor: ActorLike) -> LegalIdentity:
    """Check (Latin script, required fields) and store ``identity`` for the store; audited with before and after.
    Needs a logged-in user who may edit stores. Returns what was stored (normalised)."""
    who = as_actor(actor)
    require(session, who, Permission.EDIT_STORES)
    account = session.get(SellerAccount, account_id)
    if account is None:
        raise InputError(f"找不到店铺 #{account_id}。", f"Store #{account_id} does not exist.")
    identity = check(identity)
    before = identity_of(account)
    if identity == before:
        return identity
    for field, column in IDENTITY_COLUMNS.items():
        setattr(account, column, getattr(identity, field) or None)
    session.flush()
    changed = sorted(f for f in IDENTITY_COLUMNS if getattr(identity, f) != getattr(before, f))
    audit.append(
        session, actor=who.name, action="account.identity",
        summary=f"店铺 {account.name} 的法定名称和地址已更新 / store {account.name}: legal identity updated",
        payload={"account_id": account.id, "changed": changed, "before": before.as_dict(),
                 "after": identity.as_dict()},
        entity_type="seller_account", entity_id=account.id,
    )  # fmt: skip
    return identity


class StoreServices:
    """The 店铺 dialog's calls (DB worker): the stores with their legal identities, and saving one."""

    def __init__(self, store) -> None:
        self.store = store

    def identities(self) -> list[StoreIdentity]:
        with self.store.reader() as session:
            return [
                StoreIdentity(a.id, a.name, a.region.value, tuple(m.code for m in a.marketplaces), identity_of(a))
                for a in session.scalars(sa.select(SellerAccount).order_by(SellerAccount.id))
            ]

    def save_identity(self, account_id: int, identity: LegalIdentity, actor: ActorLike) -> LegalIdentity:
        with self.store.session() as session:
            return set_legal_identity(session, account_id, identity, actor)
