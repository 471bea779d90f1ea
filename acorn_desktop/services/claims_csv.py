"""Import a claims CSV (format: :mod:`acorn_desktop.formats.claims_csv`): all rows or none, one audit entry.

Each row is kept as an ``inbound_messages`` row (channel ``csv``, the row's digest as its content hash,
no raw text) next to the case it opened or updated, so importing the same file again changes nothing and the
buyer's words of a buyer-message row are in ``facts["excerpt"]`` like a mail's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from ..errors import InputError
from ..formats.claims_csv import ERRORS_SHOWN, parse_claims_csv
from ..models import InboundMessage, SellerAccount
from ..models.base import utcnow
from . import audit
from .changes import ActorLike, as_actor, shorten
from .claim_intake import Unresolved, apply_notice, resolve_store


@dataclass
class CsvResult:
    rows: int = 0
    duplicates: int = 0
    cases_created: int = 0
    cases_updated: int = 0
    case_ids: list[int] = field(default_factory=list)


def import_claims_csv(store, path: Path | str, actor: ActorLike) -> CsvResult:
    path = Path(path)
    who = as_actor(actor)
    with store.reader() as session:
        names = set(session.scalars(sa.select(SellerAccount.name)))
    claims = parse_claims_csv(path, store_names=names)
    result = CsvResult()
    now = utcnow()
    with store.session() as session:
        accounts = {a.name: a.id for a in session.scalars(sa.select(SellerAccount))}
        known = set(
            session.scalars(
                sa.select(InboundMessage.content_sha256).where(
                    InboundMessage.content_sha256.in_([c.digest for c in claims])
                )
            )
        ) if claims else set()  # fmt: skip
        problems: list[tuple[int, str, str]] = []
        for claim in claims:
            if claim.digest in known:
                result.duplicates += 1
                continue
            known.add(claim.digest)
            where = resolve_store(session, claim.notice, account_id=accounts.get(claim.store) if claim.store else None)
            if isinstance(where, Unresolved):
                problems.append((claim.line, where.zh, where.en))
                continue
            notice = claim.notice
            message = InboundMessage(
                account_id=where.account.id, channel="csv", content_sha256=claim.digest,
                received_at=notice.occurred_at, imported_at=now,
                subject=f"索赔 CSV {path.name} 第 {claim.line} 行"[:500],
                status="parsed", facts=_facts(notice, where.marketplace, path.name, claim.line),
            )  # fmt: skip
            session.add(message)
            session.flush()
            outcome = apply_notice(
                session, where, notice, source="csv", actor=who, label_zh=f"索赔 CSV({path.name} 第 {claim.line} 行)",
                label_en=f"Claims CSV ({path.name} line {claim.line})", data={"inbound_message_id": message.id},
            )  # fmt: skip
            message.case_id = outcome.case_id
            result.rows += 1
            if outcome.created:
                result.cases_created += 1
            else:
                result.cases_updated += 1
            if outcome.case_id not in result.case_ids:
                result.case_ids.append(outcome.case_id)
        if problems:
            shown = problems[:ERRORS_SHOWN]
            raise InputError(
                f"索赔 CSV 文件 {path.name} 有 {len(problems)} 行无法确定店铺,未导入任何内容:\n"
                + "\n".join(f"第 {line} 行:{zh}" for line, zh, _ in shown),
                f"In the claims CSV {path.name}, {len(problems)} row(s) have no store; nothing was imported:\n"
                + "\n".join(f"line {line}: {en}" for line, _, en in shown),
                hint_zh="请为这些行填写「店铺」列(店铺名称)或「站点」列,然后重新导入。",
                hint_en="Fill in the store (or marketplace) column of these rows and import the file again.",
            )
        audit.append(
            session, actor=who.name, action="claims_csv.imported",
            summary=shorten(f"导入索赔 CSV {path.name}:{result.rows} 行,新建 {result.cases_created} 个工单 / "
                            f"imported claims CSV {path.name}: {result.rows} row(s)"),
            payload={"file": path.name, "rows": result.rows, "duplicates": result.duplicates,
                     "cases_created": result.cases_created, "case_ids": result.case_ids[:1000]},
        )  # fmt: skip
    return result


def _facts(notice, marketplace: str, file_name: str, line: int) -> dict:
    facts = {
        "kind": notice.kind.value, "amazon_order_id": notice.amazon_order_id, "marketplace": marketplace,
        "reason_code": notice.reason_code, "reason_text": notice.reason_text,
        "amount": str(notice.amount) if notice.amount is not None else None, "currency": notice.currency,
        "occurred_at": notice.occurred_at.isoformat(),
        "respond_by": notice.respond_by.isoformat() if notice.respond_by else None,
        "excerpt": notice.excerpt or notice.reason_text, "claim_id": notice.claim_id, "file": file_name, "line": line,
    }  # fmt: skip
    return {k: v for k, v in facts.items() if v not in (None, "")}
