"""A policy row's source as a person reads it: a sentence in the UI language and the Seller Central links.

The stored source is the research note the default was written from ("[S19] sellercentral.amazon.com help
200708210 (US) / … — ES: assumed the same: source silent for this marketplace"): English, with citation
tags. The page shows "退货申请授权:24 小时。依据亚马逊卖家平台帮助页面。" (or "推定:…"), and the links,
never the tags; the note itself stays in the database and the tooltip.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, Qt

_CITATION = re.compile(r"\[S\d+\]\s*")
# sellercentral.amazon.com/help/202152030 · sellercentral.amazon.de YW2EV9FEMJ3JJGR · … help G200708210
_HELP_PAGE = re.compile(r"(sellercentral(?:-europe)?\.amazon\.[a-z.]*[a-z])(?:/help/|\s+help\s+|\s+)(G?[0-9A-Z]{6,})\b")
_NAMED_PAGE = re.compile(r"Seller Central(?: help)?\s+(G?\d{6,})\b")  # "Seller Central G200708210: …"


def seller_central_links(source: str) -> list[str]:
    """The Seller Central help pages a source names, as links (each once, in order)."""
    links = []
    pages = _HELP_PAGE.findall(source) + [("sellercentral.amazon.com", p) for p in _NAMED_PAGE.findall(source)]
    for domain, page in pages:
        page = page if page.startswith("G") or not page.isdigit() else f"G{page}"
        link = f"https://{domain}/help/hub/reference/external/{page}"
        if link not in links:
            links.append(link)
    return links


def is_assumed(source: str, marketplace: str) -> bool:
    """A default row whose source speaks of other marketplaces (see ``domain.policy``)."""
    return f" — {marketplace}: assumed" in source


def source_sentence(event: str, clock: str, source: str, marketplace: str, *, edited: bool) -> str:
    """What the source column says: the rule as a sentence, where it comes from, and whether it is assumed."""
    if edited:  # a person's own note: theirs to phrase
        return " ".join(_CITATION.sub("", source).split())
    if is_assumed(source, marketplace):
        return QCoreApplication.translate(
            "PolicySource",
            "{event}: {clock}. Assumed: Seller Central does not say so for this marketplace; it says so for others.",
        ).format(event=event, clock=clock)
    if seller_central_links(source):
        return QCoreApplication.translate("PolicySource", "{event}: {clock}, per Seller Central help.").format(
            event=event, clock=clock
        )
    return QCoreApplication.translate("PolicySource", "{event}: {clock}, per Amazon's published policy.").format(
        event=event, clock=clock
    )


def source_tooltip(source: str) -> str:
    """The research note without citation tags, then the links."""
    note = " ".join(_CITATION.sub("", source).split())
    return "\n".join([note, *seller_central_links(source)])


def effective_date(moment: datetime | None, zone: ZoneInfo) -> str:
    """An effective date is a day: no time of day (the tooltip has the exact moment)."""
    return "—" if moment is None else moment.astimezone(zone).strftime("%Y-%m-%d")


def exact_moment(moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    return f"{local} ({zone.key}) · {moment.astimezone(UTC).strftime('%Y-%m-%d %H:%M')} UTC"


FILING_KINDS = frozenset({"safet_claim", "reimbursement"})  # the seller files these: a window, not a reply


def default_clock_text(kind: str, clock: str) -> str:
    """The case type's default clock: a filing window for SAFE-T / FBA claims, a response time otherwise."""
    if kind in FILING_KINDS:
        return QCoreApplication.translate("PolicySource", "Filing window: {clock} (default for this case type)").format(
            clock=clock
        )
    return QCoreApplication.translate("PolicySource", "Response clock: {clock} (default for this case type)").format(
        clock=clock
    )


def show_source(label, source: str) -> None:
    """Fill a source label: where the rule comes from in words, linked to Seller Central; the note in the tooltip."""
    links = seller_central_links(source)
    if links:
        text = QCoreApplication.translate("PolicySource", "Source: Seller Central help")
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setOpenExternalLinks(True)
        label.setText(f'<a href="{html.escape(links[0])}">{html.escape(text)}</a>')
    else:
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setText(QCoreApplication.translate("PolicySource", "Source: Amazon's published policy"))
    label.setToolTip(source_tooltip(source))
