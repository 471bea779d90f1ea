"""The one CNY rate table: a managed, versioned, audited setting used for the ≈CNY shown and for limits/routing.

Stored as the ``fx.cny_rates`` app setting ({"rates": {"USD": "7.10", …}, "as_of": "2026-11-01"}); until someone
edits it the defaults of :mod:`acorn_desktop.domain.fx` apply (version 0). Finance and admin edit it (every
change audited with the old and new table); everyone else reads it. The approval limits, routing rules and
every ≈CNY on screen read this table, so what is shown is what is enforced.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy.orm import Session

from ..domain.fx import DEFAULT_CNY_RATES, DEFAULT_RATES_DATE
from ..errors import InputError, PermissionDeniedError
from ..models import AppSetting
from . import audit
from .changes import ActorLike, StaleCaseError, as_actor
from .permissions import current_user

SETTING = "fx.cny_rates"
EDITOR_ROLES = frozenset({"finance", "admin"})
MAX_RATE = Decimal(100000)


@dataclass(frozen=True)
class RateTable:
    version: int  # 0: the built-in defaults, never edited
    rates: dict[str, Decimal]
    as_of: str
    updated_at: datetime | None = None
    updated_by: int | None = None


def current_rates(session: Session) -> RateTable:
    """The table in force (cached for the session: one transaction sees one table)."""
    cached = session.info.get("rate_table")
    if cached is not None:
        return cached
    row = session.get(AppSetting, SETTING)
    if row is None:
        table = RateTable(0, dict(DEFAULT_CNY_RATES), DEFAULT_RATES_DATE)
    else:
        rates = {str(c): Decimal(str(v)) for c, v in (row.value.get("rates") or {}).items()}
        table = RateTable(row.version, rates, str(row.value.get("as_of") or ""), row.updated_at, row.updated_by)
    session.info["rate_table"] = table
    return table


def parse_rates(rates: Mapping[str, object]) -> dict[str, Decimal]:
    """Currency code → rate > 0 (at most 6 decimals, below 100,000); InputError naming the bad one."""
    clean: dict[str, Decimal] = {}
    for currency, raw in rates.items():
        code = str(currency).strip().upper()
        try:
            rate = raw if isinstance(raw, Decimal) else Decimal(str(raw).strip())
        except (InvalidOperation, ValueError):
            rate = None
        if (len(code) != 3 or not code.isalpha() or rate is None or not rate.is_finite() or rate <= 0
                or rate >= MAX_RATE or rate != rate.quantize(Decimal("0.000001"))):  # fmt: skip
            raise InputError(
                f"汇率「{currency} = {raw}」无效:请填写大于 0 的数字(最多 6 位小数)。",
                f"The rate '{currency} = {raw}' is invalid: enter a number above 0 (at most 6 decimals).",
            )
        clean[code] = rate
    if "CNY" in clean and clean["CNY"] != 1:
        raise InputError("人民币对人民币的汇率必须是 1。", "The CNY rate must be 1.")
    if not clean:
        raise InputError("汇率表不能为空。", "The rate table cannot be empty.")
    return clean


def can_edit(role_code: str) -> bool:
    return role_code in EDITOR_ROLES


class RateServices:
    """Read the table (anyone) and change it (finance / admin), bound to one open store."""

    def __init__(self, store) -> None:
        self.store = store

    def table(self, actor: ActorLike | None = None) -> RateTable:
        with self.store.reader() as session:
            return current_rates(session)

    def may_edit(self, actor: ActorLike) -> bool:
        with self.store.reader() as session:
            try:
                return can_edit(current_user(session, as_actor(actor)).role_code)
            except PermissionDeniedError:
                return False

    def update(
        self, actor: ActorLike, rates: Mapping[str, object], *, expected_version: int, as_of: str = ""
    ) -> RateTable:
        """Replace the table (version + 1, audited); refused for other roles or if it changed meanwhile."""
        who = as_actor(actor)
        clean = parse_rates(rates)
        with self.store.session() as session:
            user = current_user(session, who)
            if not can_edit(user.role_code):
                raise PermissionDeniedError(
                    f"「{user.role.name_zh}」角色无权修改汇率表(仅财务和管理员可以)。",
                    f"The role '{user.role.name_en}' may not change the rate table (finance and admin only).",
                    hint_zh="汇率表决定审批额度的换算,请让财务修改。",
                    hint_en="The table decides how approval limits convert; ask finance.",
                )
            before = current_rates(session)
            if before.version != expected_version:
                raise StaleCaseError(
                    f"汇率表刚被其他人改为第 {before.version} 版,本次修改未保存。",
                    f"The rate table was just changed by someone else (version {before.version}); nothing was saved.",
                    hint_zh="请重新打开首选项后再改。", hint_en="Reopen Preferences and try again.",
                )  # fmt: skip
            row = session.get(AppSetting, SETTING)
            value = {"rates": {c: str(r) for c, r in sorted(clean.items())},
                     "as_of": as_of or datetime.now(UTC).date().isoformat()}  # fmt: skip
            if row is None:
                row = AppSetting(key=SETTING, version=1, value=value, updated_by=user.id)
                session.add(row)
            else:
                row.version, row.value, row.updated_by = row.version + 1, value, user.id
                row.updated_at = datetime.now(UTC)
            session.flush()
            changed = sorted(c for c in set(clean) | set(before.rates) if clean.get(c) != before.rates.get(c))
            audit.append(
                session, actor=who.name, action="settings.rates_changed",
                summary=f"汇率表第 {row.version} 版:{', '.join(changed) or '无变化'} / rate table v{row.version}",
                payload={"version": row.version, "previous_version": before.version, "rates": value["rates"],
                         "previous": {c: str(r) for c, r in sorted(before.rates.items())}, "changed": changed},
                entity_type="setting", entity_id=SETTING, request_id=uuid.uuid4().hex,
            )  # fmt: skip
            session.info.pop("rate_table", None)
            return current_rates(session)
