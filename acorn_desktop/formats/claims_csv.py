"""The claims CSV: A-to-z claims, chargebacks and buyer messages kept in a spreadsheet, as claim notices.

For teams that track claims in Excel, or export them from another tool. One row per claim; the first row is
the header, with these columns (English or Chinese names, any order, case-insensitive):

==================  ==========  ========  ========================================================================
column              中文列名     required  value
==================  ==========  ========  ========================================================================
``type``            类型         yes       ``atoz`` / ``a-to-z`` / ``A-to-z 索赔``, ``chargeback`` / ``拒付``,
                                          ``buyer_message`` / ``买家消息``
``order_id``        订单号       yes       Amazon order id, ``302-1234567-1234567``
``opened_at``       发生时间     yes       when Amazon opened it: ``2026-03-09 10:15`` (read in the marketplace's
                                          time zone, as Seller Central shows it) or ISO 8601 with an offset
``marketplace``     站点         no        ``US``, ``DE``, ``JP``… (needed when the order is not known locally and
                                          the store sells on several marketplaces)
``store``           店铺         no        the store's name as in 店铺 (needed when several stores could have it)
``amount``          金额         no        ``25.99`` or ``25,99``
``currency``        币种         no        ``EUR``, ``USD``… (default: the marketplace's)
``reason``          原因         no        a reason code (``ITEM_NOT_RECEIVED``…) or free text
``respond_by``      答复截止     no        Amazon's respond-by date, if it gave one
``message``         买家消息     no        the buyer's words (buyer messages)
``claim_id``        索赔编号     no        Amazon's claim id, for reference
==================  ==========  ========  ========================================================================

Encoding UTF-8 (with or without BOM) or GB18030/GBK (what Excel on a Chinese Windows saves); comma,
semicolon or tab separated. :func:`parse_claims_csv` checks everything first and raises one
:class:`~acorn_desktop.errors.InputError` listing every problem (file, line, column, what to do): a file with
any error imports nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..domain.cases import CaseKind
from ..domain.csv_text import csv_rows, sniff_dialect
from ..domain.marketplaces import MARKETPLACES
from ..domain.notices import EXCERPT_MAX_CHARS, ClaimNotice, is_order_id
from ..errors import InputError
from .mail.values import parse_date, reduce_pii, zone_of

MAX_ROWS = 20_000
ERRORS_SHOWN = 20
COLUMNS = {
    "type": ("type", "kind", "类型", "类别"),
    "order_id": ("order_id", "order id", "amazon order id", "amazon-order-id", "订单号", "订单编号"),
    "opened_at": ("opened_at", "opened at", "date", "发生时间", "日期", "时间"),
    "marketplace": ("marketplace", "站点", "市场"),
    "store": ("store", "account", "店铺"),
    "amount": ("amount", "金额"),
    "currency": ("currency", "币种", "货币"),
    "reason": ("reason", "原因", "索赔原因"),
    "respond_by": ("respond_by", "respond by", "deadline", "答复截止", "截止时间"),
    "message": ("message", "买家消息", "消息"),
    "claim_id": ("claim_id", "claim id", "索赔编号"),
}
REQUIRED = ("type", "order_id", "opened_at")
COLUMN_ZH = {"type": "类型", "order_id": "订单号", "opened_at": "发生时间", "marketplace": "站点", "store": "店铺",
             "amount": "金额", "currency": "币种", "reason": "原因", "respond_by": "答复截止", "message": "买家消息",
             "claim_id": "索赔编号"}  # fmt: skip
TYPES = {
    "atoz": CaseKind.ATOZ_CLAIM, "a-to-z": CaseKind.ATOZ_CLAIM, "atoz_claim": CaseKind.ATOZ_CLAIM,
    "a-to-z claim": CaseKind.ATOZ_CLAIM, "a-to-z 索赔": CaseKind.ATOZ_CLAIM, "a-to-z索赔": CaseKind.ATOZ_CLAIM,
    "chargeback": CaseKind.CHARGEBACK, "拒付": CaseKind.CHARGEBACK,
    "buyer_message": CaseKind.BUYER_MESSAGE, "buyer message": CaseKind.BUYER_MESSAGE, "message": CaseKind.BUYER_MESSAGE,
    "买家消息": CaseKind.BUYER_MESSAGE,
}  # fmt: skip


@dataclass(frozen=True)
class CsvClaim:
    line: int
    notice: ClaimNotice
    store: str | None
    digest: str  # SHA-256 of the row's normalised values: the same row imported twice is one row


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"找不到文件:{path}", f"File not found: {path}") from None
    except OSError as exc:
        raise InputError(f"无法读取文件:{path}({exc.strerror or exc})", f"Cannot read {path}: {exc}") from exc
    for codec in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise InputError(
        f"{path.name} 的编码无法识别。", f"The encoding of {path.name} cannot be recognised.",
        hint_zh="请在 Excel 中“另存为” → “CSV UTF-8(逗号分隔)”后重新导入。",
        hint_en="Save it from Excel as 'CSV UTF-8 (Comma delimited)' and import that.",
    )  # fmt: skip


class _Problems:
    def __init__(self, name: str) -> None:
        self.name = name
        self.items: list[tuple[int, str, str, str]] = []  # (line, column, zh, en)

    def add(self, line: int, column: str, zh: str, en: str) -> None:
        self.items.append((line, column, zh, en))

    def raise_if_any(self) -> None:
        if not self.items:
            return
        shown = self.items[:ERRORS_SHOWN]
        zh = [f"第 {line} 行「{COLUMN_ZH.get(col, col)}」列:{text}" if col else f"第 {line} 行:{text}"
              for line, col, text, _ in shown]  # fmt: skip
        en = [f"line {line}, column {col}: {text}" if col else f"line {line}: {text}" for line, col, _, text in shown]
        more = len(self.items) - len(shown)
        if more:
            zh.append(f"……另有 {more} 处错误")
            en.append(f"… and {more} more")
        raise InputError(
            f"索赔 CSV 文件 {self.name} 有 {len(self.items)} 处错误,未导入任何内容:\n" + "\n".join(zh),
            f"The claims CSV {self.name} has {len(self.items)} error(s); nothing was imported:\n" + "\n".join(en),
            hint_zh="请按提示改正这些行,然后重新导入整个文件(已导入过的行不会重复)。",
            hint_en="Fix these lines and import the whole file again (rows imported before are not doubled).",
        )


def parse_claims_csv(path: Path | str, *, store_names: set[str] | None = None) -> list[CsvClaim]:
    """Every row of the file as a claim notice, or one InputError naming every bad line and column."""
    path = Path(path)
    text = _read_text(path)
    problems = _Problems(path.name)
    reader = csv_rows(text, path.name, dialect=sniff_dialect(text))  # CR-only lines, huge cells: clear errors
    try:
        _, header = next(reader)
    except StopIteration:
        raise InputError(
            f"{path.name} 是空文件。", f"{path.name} is empty.",
            hint_zh="第一行应是列名,例如:type,order_id,opened_at", hint_en="The first row names the columns.",
        ) from None  # fmt: skip
    columns = _columns(header, problems)
    problems.raise_if_any()
    claims: list[CsvClaim] = []
    for line, row in reader:
        if not any(cell.strip() for cell in row):
            continue
        if len(claims) >= MAX_ROWS:
            problems.add(
                line, "", f"文件超过 {MAX_ROWS} 行,请拆分后导入。", f"more than {MAX_ROWS} rows; split the file."
            )
            break
        values = {name: (row[index].strip() if index < len(row) else "") for name, index in columns.items()}
        claim = _claim(line, values, problems, store_names)
        if claim is not None:
            claims.append(claim)
    problems.raise_if_any()
    return claims


def _columns(header: list[str], problems: _Problems) -> dict[str, int]:
    lookup = {alias.lower(): name for name, aliases in COLUMNS.items() for alias in aliases}
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        key = title.strip().strip("\ufeff").lower()
        name = lookup.get(key)
        if name is None:
            if key:
                problems.add(1, "", f"不认识的列名「{title.strip()}」。可用的列:{', '.join(COLUMNS)}",
                             f"unknown column '{title.strip()}'. Columns: {', '.join(COLUMNS)}")  # fmt: skip
            continue
        if name in found:
            problems.add(1, name, "这一列出现了两次。", "this column appears twice.")
        found[name] = index
    for name in REQUIRED:
        if name not in found:
            problems.add(
                1, name, f"缺少必需的列「{COLUMN_ZH[name]}」({name})。", f"the required column {name} is missing."
            )
    return found


def _claim(line: int, values: dict[str, str], problems: _Problems, store_names: set[str] | None) -> CsvClaim | None:
    before = len(problems.items)
    kind = TYPES.get(values.get("type", "").lower())
    if kind is None:
        problems.add(line, "type", f"类型「{values.get('type', '')}」无效,应为 atoz、chargeback 或 buyer_message。",
                     f"type '{values.get('type', '')}' is invalid; use atoz, chargeback or buyer_message.")  # fmt: skip
    order_id = values.get("order_id", "")
    if not is_order_id(order_id):
        problems.add(line, "order_id", f"订单号「{order_id}」格式不对,应为 3-7-7 位数字,如 302-1234567-1234567。",
                     f"order id '{order_id}' is not an Amazon order id like 302-1234567-1234567.")  # fmt: skip
    market = values.get("marketplace", "").upper().replace("GB", "UK") or None
    if market is not None and market not in MARKETPLACES:
        problems.add(line, "marketplace", f"站点「{market}」无效,可选:{', '.join(MARKETPLACES)}。",
                     f"marketplace '{market}' is invalid; use one of {', '.join(MARKETPLACES)}.")  # fmt: skip
        market = None
    zone = zone_of(MARKETPLACES[market].timezone if market else None)
    opened = parse_date(values.get("opened_at"), language="zh", zone=zone)
    if opened is None:
        problems.add(line, "opened_at", f"时间「{values.get('opened_at', '')}」无法识别,请写成 2026-03-09 10:15。",
                     f"'{values.get('opened_at', '')}' is not a date; write it like 2026-03-09 10:15.")  # fmt: skip
    respond_by = None
    if values.get("respond_by"):
        respond_by = parse_date(values["respond_by"], language="zh", zone=zone, end_of_day=True)
        if respond_by is None:
            problems.add(line, "respond_by", f"时间「{values['respond_by']}」无法识别,请写成 2026-03-12。",
                         f"'{values['respond_by']}' is not a date; write it like 2026-03-12.")  # fmt: skip
    amount = None
    if values.get("amount"):
        try:
            amount = Decimal(values["amount"].replace(" ", "").replace(",", "."))
            if amount < 0 or amount != amount or amount > Decimal("100000000"):
                raise InvalidOperation
        except InvalidOperation:
            problems.add(line, "amount", f"金额「{values['amount']}」不是有效的正数。",
                         f"amount '{values['amount']}' is not a valid positive number.")  # fmt: skip
            amount = None
    currency = values.get("currency", "").upper() or None
    if currency is not None and (len(currency) != 3 or not currency.isalpha()):
        problems.add(
            line, "currency", f"币种「{currency}」应为三个字母,如 EUR。", f"currency '{currency}' must be 3 letters."
        )
    store = values.get("store") or None
    if store is not None and store_names is not None and store not in store_names:
        problems.add(line, "store", f"没有名为「{store}」的店铺(现有:{'、'.join(sorted(store_names)) or '无'})。",
                     f"there is no store named '{store}'.")  # fmt: skip
    if kind is CaseKind.BUYER_MESSAGE and not values.get("message"):
        problems.add(
            line, "message", "买家消息行必须填写「买家消息」列。", "a buyer_message row needs the message column."
        )
    if len(problems.items) > before or kind is None or opened is None:
        return None
    reason = values.get("reason") or None
    code = reason.upper() if reason and reason.replace("_", "").isalpha() and reason.isupper() else None
    message = values.get("message") or None
    notice = ClaimNotice(
        kind=kind, occurred_at=opened.astimezone(UTC), amazon_order_id=order_id, marketplace=market,
        reason_code=code, reason_text=None if code else (reduce_pii(reason, limit=500) if reason else None),
        amount=amount, currency=currency, respond_by=respond_by, claim_id=values.get("claim_id") or None,
        excerpt=reduce_pii(message, limit=EXCERPT_MAX_CHARS) if message else None,
    )  # fmt: skip
    normalised = "|".join(f"{k}={values.get(k, '')}" for k in COLUMNS)
    return CsvClaim(line, notice, store, hashlib.sha256(f"claims-csv|{normalised}".encode()).hexdigest())
