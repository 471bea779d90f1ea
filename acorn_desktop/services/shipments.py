"""Shipping proof (发货证明 / 签收证明): parcels of an order with the carrier's scans.

Sources, and what each may change (one row per account + order + tracking number):

* ``orders_api`` — the Orders API's packages (``sync/shipments_stream.py``): carrier, tracking number, service,
  ship time, Amazon's package status. **SP-API never says when a parcel was delivered**; a delivery date comes
  from the carrier (a tracking export) or from a person.
* ``csv`` — a carrier / ERP tracking export (:meth:`ShipmentServices.import_csv`): ship and delivery dates,
  where it was delivered, scan rows.
* ``manual`` — typed in the case detail pane (:meth:`ShipmentServices.record_manual`).
* ``demo`` — the demo seeder.

Merging: a value is only ever *added* or *corrected* by a source that knows it — the Orders API never
clears a delivery date or scans a carrier export brought, and an import of the same file twice changes
nothing (same values ⇒ no update, no audit line).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ..domain.csv_text import csv_rows
from ..domain.marketplaces import MARKETPLACES
from ..errors import InputError
from ..models import Case, CaseEvent, Order, Shipment
from . import audit
from .changes import ActorLike, as_actor, get_case, shorten
from .permissions import Permission, require

MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_TEXT = {"carrier": 64, "tracking_number": 64, "service": 80, "delivered_to": 120}
DIRECTIONS = ("outbound", "return")
SOURCES_FROM_PEOPLE = ("csv", "manual")  # what the Orders API must not overwrite


@dataclass(frozen=True, slots=True)
class ScanInput:
    at: datetime  # UTC
    code: str
    location: str = ""
    description: str = ""

    def as_json(self) -> dict:
        return {"at": self.at.astimezone(UTC).isoformat(), "code": self.code, "location": self.location,
                "description": self.description}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ShipmentInput:
    """One parcel as a source describes it. ``None`` means "this source does not say", never "clear it"."""

    amazon_order_id: str
    carrier: str
    tracking_number: str
    direction: str = "outbound"
    service: str | None = None
    shipped_at: datetime | None = None
    delivered_at: datetime | None = None
    delivered_to: str | None = None
    status: str | None = None
    package_ref: str | None = None
    scans: tuple[ScanInput, ...] = ()


@dataclass
class ImportResult:
    """What an import or a sync page did (counts of shipment rows)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unknown_orders: list[str] = field(default_factory=list)  # order ids not in this database (skipped)
    lines: int = 0

    def as_json(self) -> dict:
        return {"lines": self.lines, "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "unknown_orders": self.unknown_orders}  # fmt: skip


# -- merging ----------------------------------------------------------------------------------------------------
def upsert_shipment(session: Session, account_id: int, order_id: int | None, data: ShipmentInput, source: str):
    """Insert or merge one parcel. Returns ("created" | "updated" | "unchanged", the row)."""
    row = session.scalar(
        sa.select(Shipment).where(
            Shipment.account_id == account_id,
            Shipment.amazon_order_id == data.amazon_order_id,
            Shipment.tracking_number == data.tracking_number,
        )
    )
    scans = [s.as_json() for s in sorted(data.scans, key=lambda s: s.at)] or None
    if row is None:
        row = Shipment(
            account_id=account_id, order_id=order_id, amazon_order_id=data.amazon_order_id,
            direction=data.direction, carrier=data.carrier, tracking_number=data.tracking_number,
            shipping_service=data.service, shipped_at=data.shipped_at, delivered_at=data.delivered_at,
            delivered_to=data.delivered_to, status=data.status, source=source, package_ref=data.package_ref,
            scans=scans,
        )  # fmt: skip
        session.add(row)
        session.flush()
        return "created", row
    api_over_people = source == "orders_api" and row.source in SOURCES_FROM_PEOPLE
    wanted = {
        "order_id": order_id if order_id is not None else row.order_id,
        "carrier": data.carrier if not api_over_people else row.carrier,
        "shipping_service": data.service if data.service is not None else row.shipping_service,
        "shipped_at": (data.shipped_at if data.shipped_at is not None and not (api_over_people and row.shipped_at)
                       else row.shipped_at),
        "delivered_at": data.delivered_at if data.delivered_at is not None else row.delivered_at,
        "delivered_to": data.delivered_to if data.delivered_to is not None else row.delivered_to,
        "status": data.status if data.status is not None and not (api_over_people and row.delivered_at) else row.status,
        "package_ref": data.package_ref if data.package_ref is not None else row.package_ref,
        "scans": _merge_scans(row.scans, scans),
    }  # fmt: skip
    if source != "orders_api" or row.source == "orders_api":
        wanted["direction"] = data.direction
    changed = {k: v for k, v in wanted.items() if getattr(row, k) != v}
    if not changed:
        return "unchanged", row
    for key, value in changed.items():
        setattr(row, key, value)
    if source in SOURCES_FROM_PEOPLE:
        row.source = source
    session.flush()
    return "updated", row


def _merge_scans(old: list | None, new: list | None) -> list | None:
    """Union of scan lists (a scan is its time + code), oldest first."""
    if not new:
        return old
    seen = {(s["at"], s["code"]): s for s in (old or [])}
    for scan in new:
        seen[(scan["at"], scan["code"])] = scan
    return sorted(seen.values(), key=lambda s: s["at"])


# -- the tracking export (CSV) -----------------------------------------------------------------------------------
# Accepted header names (lower case; Chinese names as ERPs like 马帮/店小秘 export them) → field.
HEADERS = {
    "order_id": ("order id", "order-id", "amazon order id", "amazon-order-id", "订单号", "亚马逊订单号"),
    "carrier": ("carrier", "承运商", "物流商", "快递公司"),
    "tracking_number": ("tracking number", "tracking-number", "tracking id", "物流单号", "跟踪号", "运单号"),
    "ship_date": ("ship date", "ship-date", "shipped", "发货日期", "发货时间"),
    "delivery_date": ("delivery date", "delivery-date", "delivered", "签收日期", "签收时间", "妥投时间"),
    "delivered_to": ("delivered to", "delivery location", "签收地点", "妥投地点"),
    "service": ("service", "shipping service", "物流服务", "运输方式"),
    "direction": ("direction", "方向"),
    "scan_time": ("scan time", "event time", "扫描时间", "轨迹时间"),
    "scan_code": ("scan code", "event code", "status", "扫描代码", "状态"),
    "scan_location": ("scan location", "event location", "扫描地点", "轨迹地点"),
    "scan_description": ("scan description", "event description", "扫描说明", "轨迹描述"),
}
REQUIRED_COLUMNS = ("order_id", "carrier", "tracking_number", "ship_date", "delivery_date")
_ZH_COLUMN = {"order_id": "订单号", "carrier": "承运商", "tracking_number": "物流单号", "ship_date": "发货日期",
              "delivery_date": "签收日期"}  # fmt: skip
_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y/%m/%d %H:%M:%S",
            "%Y/%m/%d %H:%M", "%d.%m.%Y %H:%M", "%d/%m/%Y %H:%M")  # fmt: skip
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%d/%m/%Y")


@dataclass(frozen=True, slots=True)
class _Line:
    number: int
    values: dict[str, str]


def _line_error(name: str, line: int, zh: str, en: str, hint_zh: str, hint_en: str) -> InputError:
    return InputError(f"{name} 第 {line} 行:{zh}", f"{name}, line {line}: {en}", hint_zh=hint_zh, hint_en=hint_en)


def parse_moment(text: str, zone: ZoneInfo, *, name: str, line: int, column: str) -> datetime | None:
    """A date or date-time from a carrier export; naive values are the carrier's local time (``zone``)."""
    text = text.strip()
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if value.tzinfo is not None:
            return value.astimezone(UTC)
        return value.replace(tzinfo=zone).astimezone(UTC)
    except ValueError:
        pass
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=zone).astimezone(UTC)
        except ValueError:
            continue
    for fmt in _DATE_FORMATS:
        try:
            day = datetime.strptime(text, fmt).date()
            return datetime.combine(day, time(0, 0), zone).astimezone(UTC)
        except ValueError:
            continue
    raise _line_error(
        name, line, f"「{column}」的值「{text[:40]}」不是日期。", f"'{column}' value '{text[:40]}' is not a date.",
        "请写成 2026-03-03 或 2026-03-03 14:05(承运商当地时间),或留空。",
        "Write it as 2026-03-03 or 2026-03-03 14:05 (the carrier's local time), or leave it empty.",
    )  # fmt: skip


def read_tracking_csv(path: Path | str) -> tuple[list[str], list[_Line]]:
    """The export's lines with their numbers; the header is checked. Raises InputError naming file + line."""
    path = Path(path)
    name = path.name
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise InputError(f"文件太大:{name}(最大 20 MB)。", f"The file is too large: {name} (at most 20 MB).")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"无法读取文件:{name}({exc.strerror or exc})", f"Cannot read {name} ({exc.strerror or exc})"
        ) from None
    text = None
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves CSV as GBK
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise InputError(f"{name} 不是 UTF-8 或 GBK 编码的文本。", f"{name} is not UTF-8 or GBK text.")
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else (";" if sample.count(";") > sample.count(",")
                                                                       else ",")  # fmt: skip
    reader = csv_rows(text, name, delimiter=delimiter)  # CR-only lines, huge cells: InputError with the line
    header = next(reader, (1, None))[1]
    if not header:
        raise InputError(f"{name} 是空文件。", f"{name} is empty.")
    columns: dict[int, str] = {}
    for index, title in enumerate(header):
        key = title.strip().lower().lstrip("\ufeff")
        for field_name, names in HEADERS.items():
            if key == field_name or key in names:
                columns[index] = field_name
    missing = [c for c in REQUIRED_COLUMNS if c not in columns.values()]
    if missing:
        raise InputError(
            f"{name} 第 1 行(表头)缺少列:" + "、".join(f"{_ZH_COLUMN[c]}({c})" for c in missing),
            f"{name}, line 1 (header): missing columns: " + ", ".join(missing),
            hint_zh="表头须包含 order_id, carrier, tracking_number, ship_date, delivery_date(或对应的中文列名);"
            "可选 delivered_to, service, direction, scan_time, scan_code, scan_location, scan_description。",
            hint_en="The header needs order_id, carrier, tracking_number, ship_date, delivery_date; optional: "
            "delivered_to, service, direction, scan_time, scan_code, scan_location, scan_description.",
        )
    lines = []
    for number, values in reader:
        if not any(v.strip() for v in values):
            continue
        lines.append(_Line(number, {columns[i]: v.strip() for i, v in enumerate(values) if i in columns}))
    return list(columns.values()), lines


def parse_tracking_lines(name: str, lines: Sequence[_Line], zone_of) -> list[ShipmentInput]:
    """Group the export's lines into parcels (one per order + tracking; extra lines are scans).

    ``zone_of(order_id)`` gives the carrier's local time zone for an order (its marketplace's). Every problem
    raises :class:`InputError` with the line number and what to do; nothing is partially accepted.
    """
    parcels: dict[tuple[str, str], ShipmentInput] = {}
    for line in lines:
        v = line.values
        order_id, carrier, tracking = v.get("order_id", ""), v.get("carrier", ""), v.get("tracking_number", "")
        for key, value, zh in (("order_id", order_id, "订单号"), ("carrier", carrier, "承运商"),
                               ("tracking_number", tracking, "物流单号")):  # fmt: skip
            if not value:
                raise _line_error(name, line.number, f"缺少{zh}({key})。", f"{key} is empty.",
                                  f"请填写{zh},或删除这一行。", f"Fill in {key}, or delete the line.")  # fmt: skip
        if len(order_id) > 32 or not _looks_like_order_id(order_id):
            raise _line_error(
                name, line.number, f"订单号「{order_id[:40]}」格式不对。",
                f"'{order_id[:40]}' is not an Amazon order id.",
                "亚马逊订单号形如 302-1234567-1234567。", "Amazon order ids look like 302-1234567-1234567.",
            )  # fmt: skip
        for key in ("carrier", "tracking_number", "service", "delivered_to"):
            if len(v.get(key, "")) > MAX_TEXT[key]:
                raise _line_error(
                    name,
                    line.number,
                    f"{key} 太长(最多 {MAX_TEXT[key]} 个字符)。",
                    f"{key} is too long (at most {MAX_TEXT[key]} characters).",
                    "请缩短。",
                    "Shorten it.",
                )
        direction = (v.get("direction") or "outbound").lower()
        if direction not in DIRECTIONS:
            raise _line_error(name, line.number, f"方向「{direction}」无效。", f"Invalid direction '{direction}'.",
                              "填写 outbound(发给买家)或 return(买家退回)。", "Use outbound or return.")  # fmt: skip
        zone = zone_of(order_id)
        shipped = parse_moment(v.get("ship_date", ""), zone, name=name, line=line.number, column="ship_date")
        delivered = parse_moment(v.get("delivery_date", ""), zone, name=name, line=line.number, column="delivery_date")
        if shipped and delivered and delivered < shipped:
            raise _line_error(
                name, line.number, "签收日期早于发货日期。", "The delivery date is before the ship date.",
                "请检查这两列(日期是否写反)。", "Check both columns (are they swapped?).",
            )  # fmt: skip
        scans: tuple[ScanInput, ...] = ()
        scan_at = parse_moment(v.get("scan_time", ""), zone, name=name, line=line.number, column="scan_time")
        if scan_at is not None:
            code = (v.get("scan_code") or "IN_TRANSIT").upper().replace(" ", "_")[:32]
            scans = (ScanInput(scan_at, code, v.get("scan_location", "")[:120], v.get("scan_description", "")[:200]),)
        elif v.get("scan_code") or v.get("scan_location") or v.get("scan_description"):
            raise _line_error(
                name,
                line.number,
                "有扫描信息但缺少扫描时间(scan_time)。",
                "Scan details without a scan_time.",
                "请填写扫描时间。",
                "Fill in scan_time.",
            )
        key = (order_id, tracking)
        current = parcels.get(key)
        incoming = ShipmentInput(
            amazon_order_id=order_id, carrier=carrier, tracking_number=tracking, direction=direction,
            service=v.get("service") or None, shipped_at=shipped, delivered_at=delivered,
            delivered_to=v.get("delivered_to") or None, scans=scans,
            status="DELIVERED" if delivered else None,
        )  # fmt: skip
        if current is None:
            parcels[key] = incoming
            continue
        for attr in ("shipped_at", "delivered_at"):
            a, b = getattr(current, attr), getattr(incoming, attr)
            if a and b and a != b:
                what = "发货" if attr == "shipped_at" else "签收"
                raise _line_error(
                    name, line.number, f"物流单号 {tracking} 的{what}日期与前面的行不一致。",
                    f"{attr} of tracking number {tracking} differs from an earlier line.",
                    "同一包裹的每一行应写相同的日期(或只在一行填写)。",
                    "Every line of one parcel must carry the same date (or only one line).",
                )  # fmt: skip
        parcels[key] = replace(
            current,
            shipped_at=current.shipped_at or shipped,
            delivered_at=current.delivered_at or delivered,
            delivered_to=current.delivered_to or incoming.delivered_to,
            service=current.service or incoming.service,
            status=current.status or incoming.status,
            scans=current.scans + scans,
        )
    return list(parcels.values())


def _looks_like_order_id(text: str) -> bool:
    parts = text.split("-")
    return len(parts) == 3 and all(p.isdigit() for p in parts) and [len(p) for p in parts] == [3, 7, 7]


# -- the use cases -----------------------------------------------------------------------------------------------
class ShipmentServices:
    """Import a tracking export, enter a parcel by hand. Each call is one transaction, audited."""

    def __init__(self, store) -> None:
        self.store = store

    def import_csv(self, path: Path | str, actor: ActorLike = "cli") -> ImportResult:
        """Import a carrier / ERP tracking export, all or nothing; importing it again changes nothing."""
        who = as_actor(actor)
        path = Path(path)
        _columns, lines = read_tracking_csv(path)
        with self.store.session() as session:
            _check(session, who)
            order_ids = sorted({ln.values.get("order_id", "") for ln in lines})
            orders = _orders_by_id(session, order_ids)
            zones = {oid: ZoneInfo(MARKETPLACES[o.marketplace_code].timezone) for oid, o in orders.items()}
            parcels = parse_tracking_lines(path.name, lines, lambda oid: zones.get(oid, UTC))
            result = ImportResult(lines=len(lines))
            request_id = uuid.uuid4().hex
            for parcel in parcels:
                order = orders.get(parcel.amazon_order_id)
                if order is None:
                    if parcel.amazon_order_id not in result.unknown_orders:
                        result.unknown_orders.append(parcel.amazon_order_id)
                    continue
                outcome, row = upsert_shipment(session, order.account_id, order.id, parcel, "csv")
                setattr(result, outcome, getattr(result, outcome) + 1)
                if outcome != "unchanged":
                    _timeline(session, order, row, outcome, who, request_id)
            if result.created or result.updated:
                audit.append(
                    session, actor=who.name, action="shipments.import",
                    summary=shorten(f"导入物流记录 {path.name}:新增 {result.created},更新 {result.updated} / "
                                    f"tracking export {path.name}: {result.created} new, {result.updated} updated"),
                    payload={"file": path.name, **result.as_json()}, entity_type="shipments", request_id=request_id,
                )  # fmt: skip
            return result

    def record_manual(self, case_id: int, data: ShipmentInput, actor: ActorLike) -> int:
        """A parcel typed in the case detail pane (carrier, tracking, shipped, delivered, where). Returns its id."""
        who = as_actor(actor)
        carrier, tracking = (data.carrier or "").strip(), (data.tracking_number or "").strip()
        if not carrier or not tracking:
            raise InputError("请填写承运商和物流单号。", "Enter the carrier and the tracking number.")
        for key, value in (("carrier", carrier), ("tracking_number", tracking), ("service", data.service or ""),
                           ("delivered_to", data.delivered_to or "")):  # fmt: skip
            if len(value) > MAX_TEXT[key]:
                raise InputError(
                    f"{key} 太长(最多 {MAX_TEXT[key]} 个字符)。",
                    f"{key} is too long (at most {MAX_TEXT[key]} characters).",
                )
        if data.direction not in DIRECTIONS:
            raise InputError(f"方向「{data.direction}」无效。", f"Invalid direction '{data.direction}'.")
        now = datetime.now(UTC)
        for moment in (data.shipped_at, data.delivered_at):
            if moment is not None and moment > now:
                raise InputError("日期不能晚于现在。", "A date cannot be in the future.")
        if data.shipped_at and data.delivered_at and data.delivered_at < data.shipped_at:
            raise InputError("签收日期早于发货日期。", "The delivery date is before the ship date.",
                             hint_zh="请检查两个日期。", hint_en="Check both dates.")  # fmt: skip
        with self.store.session() as session:
            _check(session, who)
            case = get_case(session, case_id)
            if not case.amazon_order_id:
                raise InputError(
                    f"工单 #{case.id} 没有订单号,无法记录物流。",
                    f"Case #{case.id} has no order id; a parcel cannot be recorded.",
                )
            parcel = replace(data, amazon_order_id=case.amazon_order_id, carrier=carrier, tracking_number=tracking,
                             service=(data.service or "").strip() or None,
                             delivered_to=(data.delivered_to or "").strip() or None,
                             status="DELIVERED" if data.delivered_at else data.status)  # fmt: skip
            outcome, row = upsert_shipment(session, case.account_id, case.order_id, parcel, "manual")
            if outcome != "unchanged":
                session.add(
                    CaseEvent(
                        case_id=case.id, kind="evidence_added", actor_id=who.user_id,
                        summary=shorten(f"物流信息:{carrier} {tracking} / Shipment: {carrier} {tracking}"),
                        data={"shipment_id": row.id, "source": "manual", "actor": who.name},
                    )
                )  # fmt: skip
                audit.append(
                    session, actor=who.name, action="shipment.manual",
                    summary=shorten(f"工单 #{case.id} 手动记录物流 {carrier} {tracking} / case #{case.id} shipment"),
                    payload={"case_id": case.id, "shipment_id": row.id, "outcome": outcome,
                             "shipped_at": data.shipped_at, "delivered_at": data.delivered_at,
                             "delivered_to": parcel.delivered_to, "direction": data.direction},
                    entity_type="case", entity_id=case.id,
                )  # fmt: skip
            return row.id


def _check(session: Session, who) -> None:
    """A logged-in user needs the right to handle cases; the CLI and the demo act as themselves (audited)."""
    if who.user_id is not None:
        require(session, who, Permission.HANDLE_CASES)


def _orders_by_id(session: Session, order_ids: Iterable[str]) -> dict[str, Order]:
    ids = [o for o in order_ids if o]
    found: dict[str, Order] = {}
    for start in range(0, len(ids), 500):
        for order in session.scalars(sa.select(Order).where(Order.amazon_order_id.in_(ids[start : start + 500]))):
            found.setdefault(order.amazon_order_id, order)
    return found


def _timeline(session: Session, order: Order, row: Shipment, outcome: str, who, request_id: str) -> None:
    """A line on the timeline of each claim case of the order: its shipping proof arrived or changed."""
    case_ids = session.scalars(sa.select(Case.id).where(Case.order_id == order.id)).all()
    verb_zh, verb_en = ("导入", "imported") if outcome == "created" else ("更新", "updated")
    for case_id in case_ids:
        session.add(
            CaseEvent(
                case_id=case_id, kind="evidence_added", actor_id=who.user_id,
                summary=shorten(f"物流记录{verb_zh}:{row.carrier} {row.tracking_number} / Tracking {verb_en}: "
                                f"{row.carrier} {row.tracking_number}"),
                data={"shipment_id": row.id, "source": "csv", "request_id": request_id, "actor": who.name},
            )
        )  # fmt: skip


def local_day(moment: datetime | None, marketplace_code: str) -> date | None:
    """The calendar day of ``moment`` where the marketplace is (what a letter says "delivered on")."""
    if moment is None:
        return None
    return moment.astimezone(ZoneInfo(MARKETPLACES[marketplace_code].timezone)).date()
