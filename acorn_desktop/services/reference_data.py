"""Reference rows every store needs: marketplaces, roles, default policy clocks and public holidays.

Idempotent; runs on every open. Policy rows and holidays are only added where none exist yet, so edits and
imports (:mod:`.policies`) are never undone.
"""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..domain.marketplaces import MARKETPLACES
from ..models import Marketplace, Role
from .policies import seed_defaults

# Role codes and default approval limits in CNY (None: may not approve refunds). Managers change limits later.
ROLES = (
    ("cs", "客服", "CS agent", None),
    ("operator", "运营", "Operator", Decimal(200)),
    ("manager", "主管", "Manager", Decimal(2000)),
    ("finance", "财务", "Finance", Decimal(20000)),
    ("admin", "管理员", "Admin", None),
)


def ensure_reference_data(session: Session) -> None:
    have = set(session.scalars(sa.select(Marketplace.code)))
    for m in MARKETPLACES.values():
        if m.code not in have:
            session.add(
                Marketplace(
                    code=m.code,
                    amazon_id=m.amazon_id,
                    region=m.region,
                    currency=m.currency,
                    timezone=m.timezone,
                    domain=m.domain,
                    language=m.language,
                    name_zh=m.name_zh,
                    name_en=m.name_en,
                )
            )
    have_roles = set(session.scalars(sa.select(Role.code)))
    for code, zh, en, limit in ROLES:
        if code not in have_roles:
            session.add(Role(code=code, name_zh=zh, name_en=en, approval_limit_cny=limit))
    seed_defaults(session)
