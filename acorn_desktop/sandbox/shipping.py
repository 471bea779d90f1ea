"""The demo world's parcels: what the carrier scanned for each seller-fulfilled (MFN) order.

Deterministic per order (a hash of its Amazon order id, never the generator's random stream, so adding
this changed no other demo data): ship time after purchase, a few in-transit scans in the marketplace's
language and towns, and — for most parcels — the delivery scan with where it was left. About one parcel in
four has no delivery scan (still "in transit" for the carrier), so the demo shows both complete evidence and
"缺少签收证明".

Two readers: the sandbox's Orders 2026-01-01 ``packages`` (carrier, tracking, ship time and status only:
SP-API never says *when* a parcel was delivered) and the demo seeder, which stores the full scan list as a
carrier tracking export would.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from .generator import OrderRecord

NO_DELIVERY_SCAN_SHARE = 0.25

# Per marketplace: depot towns the parcel passes, delivery towns, "where it was left", and the scan texts.
_TOWNS = {
    "US": (("Louisville, KY", "Memphis, TN", "Chicago, IL"), ("Seattle, WA", "Austin, TX", "Columbus, OH")),
    "CA": (("Mississauga, ON", "Calgary, AB"), ("Toronto, ON", "Vancouver, BC", "Montréal, QC")),
    "UK": (("Coventry", "Warrington", "Swindon"), ("Leeds", "Bristol", "Manchester")),
    "DE": (("Leipzig", "Kassel", "Hamburg"), ("Berlin", "München", "Köln")),
    "FR": (("Chilly-Mazarin", "Lyon", "Bordeaux"), ("Paris", "Toulouse", "Lille")),
    "IT": (("Bologna", "Milano Linate", "Roma Fiumicino"), ("Torino", "Napoli", "Firenze")),
    "ES": (("Madrid Coslada", "Zaragoza"), ("Barcelona", "Valencia", "Sevilla")),
    "JP": (("羽田クロノゲート", "厚木ゲートウェイ", "関西ゲートウェイ"),
           ("東京都世田谷区", "大阪市北区", "横浜市港北区")),
    "AU": (("Sydney Parcel Facility", "Melbourne Gateway"), ("Brisbane, QLD", "Perth, WA", "Adelaide, SA")),
}  # fmt: skip
_LEFT_AT = {
    "US": ("Front door", "Mailbox", "Reception", "Porch"),
    "CA": ("Front door", "Mailbox", "Reception"),
    "UK": ("Front door", "Safe place", "Neighbour"),
    "DE": ("Haustür", "Nachbar", "Packstation", "Briefkasten"),
    "FR": ("Boîte aux lettres", "Point relais", "En main propre"),
    "IT": ("Consegnato al destinatario", "Portineria", "Punto di ritiro"),
    "ES": ("Entregado al destinatario", "Buzón", "Punto de recogida"),
    "JP": ("玄関前(置き配)", "宅配ボックス", "対面でお渡し"),
    "AU": ("Front door", "Parcel locker", "Safe place"),
}
# code → text per language of the marketplace
_TEXTS = {
    "en": {"PICKED_UP": "Picked up by the carrier", "IN_TRANSIT": "Arrived at the sorting centre",
           "OUT_FOR_DELIVERY": "Out for delivery", "DELIVERED": "Delivered"},
    "de": {"PICKED_UP": "Die Sendung wurde abgeholt", "IN_TRANSIT": "Die Sendung wurde im Paketzentrum bearbeitet",
           "OUT_FOR_DELIVERY": "Die Sendung wurde in das Zustellfahrzeug geladen",
           "DELIVERED": "Die Sendung wurde zugestellt"},
    "fr": {"PICKED_UP": "Votre colis a été pris en charge", "IN_TRANSIT": "Votre colis est en cours d'acheminement",
           "OUT_FOR_DELIVERY": "Votre colis est en cours de livraison", "DELIVERED": "Votre colis est livré"},
    "it": {"PICKED_UP": "Spedizione presa in carico", "IN_TRANSIT": "In transito presso il centro di smistamento",
           "OUT_FOR_DELIVERY": "In consegna", "DELIVERED": "Consegnata"},
    "es": {"PICKED_UP": "Envío admitido", "IN_TRANSIT": "En tránsito en el centro de clasificación",
           "OUT_FOR_DELIVERY": "En reparto", "DELIVERED": "Entregado"},
    "ja": {"PICKED_UP": "荷物受付", "IN_TRANSIT": "輸送中(ベース店通過)", "OUT_FOR_DELIVERY": "配達中",
           "DELIVERED": "配達完了"},
}  # fmt: skip
_LANGUAGE = {"DE": "de", "FR": "fr", "IT": "it", "ES": "es", "JP": "ja"}
SERVICES = {
    "USPS": "USPS Ground Advantage", "UPS": "UPS Ground", "FedEx": "FedEx Home Delivery",
    "Canada Post": "Expedited Parcel", "Purolator": "Purolator Ground", "Royal Mail": "Royal Mail Tracked 48",
    "DPD": "DPD Classic", "Evri": "Evri Tracked", "DHL": "DHL Paket", "Hermes": "Hermes Paket",
    "Colissimo": "Colissimo Domicile", "Chronopost": "Chrono 13", "Mondial Relay": "Point Relais",
    "Poste Italiane": "Poste Delivery Business", "BRT": "BRT Express", "GLS": "GLS BusinessParcel",
    "Correos": "Paq Estándar", "SEUR": "SEUR 24", "ヤマト運輸": "宅急便", "佐川急便": "飛脚宅配便",
    "日本郵便": "ゆうパック", "Australia Post": "Parcel Post", "StarTrack": "StarTrack Express",
    "CouriersPlease": "Standard Parcel",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class DemoScan:
    at: datetime
    code: str
    location: str
    description: str


@dataclass(frozen=True, slots=True)
class DemoParcel:
    carrier: str
    tracking_number: str
    service: str
    shipped_at: datetime
    delivered_at: datetime | None  # None: no delivery scan (the carrier still says "in transit")
    delivered_to: str | None
    scans: tuple[DemoScan, ...]

    @property
    def status(self) -> str:
        """Amazon's PackageStatus.status for this parcel."""
        return "DELIVERED" if self.delivered_at is not None else "IN_TRANSIT"


def _unit(order_id: str, salt: str) -> float:
    digest = hashlib.blake2b(f"{salt}|{order_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def parcel(order: OrderRecord, now: datetime) -> DemoParcel | None:
    """The outbound parcel of an MFN order as the carrier scanned it (None for FBA orders)."""
    if order.fulfillment_channel != "MFN":
        return None
    oid = order.amazon_order_id
    code = order.marketplace_code
    depots, towns = _TOWNS.get(code, _TOWNS["US"])
    texts = _TEXTS[_LANGUAGE.get(code, "en")]
    purchase, arrival = order.purchase_date, order.delivered_at
    span = max(arrival - purchase, timedelta(hours=6))
    shipped = purchase + min(span * 0.3, timedelta(hours=8 + 30 * _unit(oid, "handling")))
    delivered = arrival if _unit(oid, "lost") >= NO_DELIVERY_SCAN_SHARE else None
    end = delivered or min(arrival, now - timedelta(hours=1))
    if end <= shipped:
        end = shipped + timedelta(hours=2)
    depot = depots[int(_unit(oid, "depot") * len(depots))]
    town = towns[int(_unit(oid, "town") * len(towns))]
    scans = [
        DemoScan(shipped, "PICKED_UP", depots[0] if depot != depots[0] else depots[-1], texts["PICKED_UP"]),
        DemoScan(shipped + (end - shipped) * 0.45, "IN_TRANSIT", depot, texts["IN_TRANSIT"]),
        DemoScan(end - min((end - shipped) * 0.2, timedelta(hours=5)), "OUT_FOR_DELIVERY", town,
                 texts["OUT_FOR_DELIVERY"]),
    ]  # fmt: skip
    left_at = None
    if delivered is not None:
        options = _LEFT_AT.get(code, _LEFT_AT["US"])
        left_at = options[int(_unit(oid, "left") * len(options))]
        scans.append(DemoScan(delivered, "DELIVERED", town, f"{texts['DELIVERED']} ({left_at})"))
    return DemoParcel(
        carrier=order.carrier,
        tracking_number=order.tracking_id,
        service=SERVICES.get(order.carrier, "Standard"),
        shipped_at=shipped.replace(microsecond=0),
        delivered_at=delivered,
        delivered_to=(f"{town}、{left_at}" if code == "JP" else f"{town}, {left_at}") if left_at else None,
        scans=tuple(DemoScan(s.at.replace(microsecond=0), s.code, s.location, s.description) for s in scans),
    )
