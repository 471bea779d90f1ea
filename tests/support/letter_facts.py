"""Letter facts as the letters engine hands them to the templates (see the contract in letter_templates.py).

``full_facts(lang, claim_type)`` has every optional fact; ``minimal_facts`` has none of them (no shipment, no
scans, no return, no refunds, no messages, no attachments, no claim amount or reason). Each language gets the
data a case on its own marketplace would have (carrier, currency, the buyer's words in that language).
"""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal

# lang → marketplace, store, currency, carrier, service, tracking, item title, delivery place, reason, quotes, labels
_LOCAL = {
    "en": dict(
        code="UK", domain="amazon.co.uk", store="Acorn Home UK", currency="GBP", carrier="Royal Mail",
        service="Tracked 48", tracking="TT123456785GB", return_tracking="TT987654325GB",
        title="Stainless Steel Vacuum Flask 1 L, Black", place="Front door",
        reasons=(
            "Parcel never arrived",
            "Lid dented, not as pictured",
            "Returned the item, no refund yet",
            "I did not make this purchase",
        ),
        quotes=("The flask arrived with a dent in the lid.", "Can I send it back?"),
        labels=("Annex 1 – Royal Mail tracking history", "Annex 2 – Photos of the item before dispatch"),
        scans=("Collected", "In transit", "Out for delivery", "Delivered"),
        locations=("Swindon", "Swindon Mail Centre", "", "London"),
    ),
    "de": dict(
        code="DE", domain="amazon.de", store="Acorn Home DE", currency="EUR", carrier="DHL", service="DHL Paket",
        tracking="00340434161094042557", return_tracking="00340434161094099991",
        title="Edelstahl-Thermoskanne 1 l, Schwarz", place="Haustür",
        reasons=(
            "Paket nicht angekommen",
            "Deckel verbeult, nicht wie abgebildet",
            "Artikel zurückgeschickt, keine Erstattung",
            "Ich habe diesen Kauf nicht getätigt",
        ),
        quotes=("Die Kanne kam mit einer Delle im Deckel an.", "Kann ich sie zurückschicken?"),
        labels=("Anlage 1 – Sendungsverlauf DHL", "Anlage 2 – Fotos des Artikels vor dem Versand"),
        scans=("Sendung abgeholt", "Im Paketzentrum bearbeitet", "In Zustellung", "Zugestellt"),
        locations=("Leipzig", "Paketzentrum Radefeld", "", "Berlin"),
    ),
    "fr": dict(
        code="FR", domain="amazon.fr", store="Acorn Maison FR", currency="EUR", carrier="Colissimo", service=None,
        tracking="6A12345678901", return_tracking="6A98765432109",
        title="Bouteille isotherme en inox 1 l, noir", place="Boîte aux lettres",
        reasons=(
            "Colis jamais reçu",
            "Couvercle cabossé, non conforme à la photo",
            "Article renvoyé, toujours pas remboursé",
            "Je n’ai pas effectué cet achat",
        ),
        quotes=("La bouteille est arrivée avec le couvercle cabossé.", "Puis-je la renvoyer ?"),
        labels=("Annexe 1 – Historique de suivi Colissimo", "Annexe 2 – Photos de l’article avant l’envoi"),
        scans=("Pris en charge", "En cours d’acheminement", "En cours de livraison", "Livré"),
        locations=("Lyon", "Plateforme colis de Lyon", "", "Paris"),
    ),
    "it": dict(
        code="IT", domain="amazon.it", store="Acorn Casa IT", currency="EUR", carrier="BRT", service="Express",
        tracking="084123456789012", return_tracking="084987654321098",
        title="Borraccia termica in acciaio inox 1 l, nero", place="Portineria",
        reasons=(
            "Pacco mai arrivato",
            "Tappo ammaccato, diverso dalla foto",
            "Articolo restituito, nessun rimborso",
            "Non ho effettuato questo acquisto",
        ),
        quotes=("La borraccia è arrivata con il tappo ammaccato.", "Posso restituirla?"),
        labels=("Allegato 1 – Tracciamento BRT", "Allegato 2 – Foto dell’articolo prima della spedizione"),
        scans=("Ritirata", "In transito", "In consegna", "Consegnata"),
        locations=("Milano", "Hub di Bologna", "", "Roma"),
    ),
    "es": dict(
        code="ES", domain="amazon.es", store="Acorn Hogar ES", currency="EUR", carrier="Correos", service="Paq 48",
        tracking="PQ4F6K0712345680108001N", return_tracking="PQ4F6K0798765430108001N",
        title="Termo de acero inoxidable 1 l, negro", place="Buzón",
        reasons=(
            "El paquete no ha llegado",
            "Tapa abollada, no es como en la foto",
            "Devolví el artículo y no me han reembolsado",
            "No he realizado esta compra",
        ),
        quotes=("El termo llegó con la tapa abollada.", "¿Puedo devolverlo?"),
        labels=("Anexo 1 – Historial de seguimiento de Correos", "Anexo 2 – Fotos del artículo antes del envío"),
        scans=("Admitido", "En tránsito", "En reparto", "Entregado"),
        locations=("Madrid", "CTA Madrid", "", "Sevilla"),
    ),
    "ja": dict(
        code="JP", domain="amazon.co.jp", store="Acorn Zakka JP", currency="JPY", carrier="ヤマト運輸",
        service="宅急便", tracking="4567-8901-2345", return_tracking="4567-8901-9876",
        title="ステンレス製真空断熱ボトル 1L ブラック", place="宅配ボックス",
        reasons=(
            "商品が届いていません",
            "ふたがへこんでいて、写真と違います",
            "返品したのに返金されていません",
            "この購入に心当たりがありません",
        ),
        quotes=("届いたボトルのふたにへこみがありました。", "返品はできますか?"),
        labels=("添付資料1 配送追跡履歴(ヤマト運輸)", "添付資料2 発送前の商品写真"),
        scans=("荷物受付", "輸送中", "配達中", "配達完了"),
        locations=("東京", "羽田クロノゲート", "", "横浜"),
    ),
}  # fmt: skip

_REASON_INDEX = {"not_received": 0, "not_as_described": 1, "return_not_refunded": 2, "unauthorised": 3}
PRICES = {"GBP": Decimal("24.99"), "EUR": Decimal("25.98"), "JPY": Decimal("3980")}


def full_facts(lang: str, claim_type: str) -> dict:
    local = _LOCAL[lang]
    currency = local["currency"]
    price = PRICES[currency]
    scans = [
        {"on": date(2026, 2, 20), "time": "17:42", "code": "PICKED_UP", "location": "", "description": ""},
        {"on": date(2026, 2, 21), "time": "03:10", "code": "IN_TRANSIT", "location": "", "description": ""},
        {"on": date(2026, 2, 23), "time": "08:15", "code": "OUT_FOR_DELIVERY", "location": "", "description": ""},
        {"on": date(2026, 2, 23), "time": "14:05", "code": "DELIVERED", "location": "", "description": ""},
    ]
    for scan, text, place in zip(scans, local["scans"], local["locations"], strict=True):
        scan.update(description=text, location=place)
    reason = local["reasons"][_REASON_INDEX[claim_type.split("_", 1)[1]]]
    return {
        "lang": lang,
        "today": date(2026, 3, 4),
        # the team's display name of the store (Chinese) and the company that signs its letters (Latin script)
        "seller": {"store_name": f"橡果家居·{local['code']}", "legal_name": f"{local['store']} Trading Co., Ltd."},
        "marketplace": {"code": local["code"], "domain": local["domain"]},
        "case": {"id": 955, "claim_type": claim_type},
        "claim": {"opened_on": date(2026, 3, 1), "amount": price, "currency": currency, "reason": reason},
        "order": {
            "id": "306-1367503-3299044",
            "purchase_date": date(2026, 2, 18),
            "total": price,
            "currency": currency,
            "items": [
                {"title": local["title"], "sku": "AC-FLASK-1L-BK", "asin": "B0C7K9Q2XM", "quantity": 1, "price": price}
            ],
        },
        "shipment": {
            "carrier": local["carrier"],
            "tracking_number": local["tracking"],
            "service": local["service"],
            "shipped_on": date(2026, 2, 20),
            "delivered_on": date(2026, 2, 23),
            "delivered_to": local["place"],
            "scans": scans,
        },
        "return_shipment": {
            "carrier": local["carrier"],
            "tracking_number": local["return_tracking"],
            "delivered_on": date(2026, 3, 2),
        },
        "refunds": [{"posted_on": date(2026, 3, 3), "amount": price, "currency": currency}],
        "refund_total": price,
        "messages": [
            {"received_on": date(2026, 2, 24), "excerpt": local["quotes"][0]},
            {"received_on": date(2026, 2, 25), "excerpt": local["quotes"][1]},
        ],
        "attachments": [
            {"label": local["labels"][0], "filename": "tracking.pdf"},
            {"label": local["labels"][1], "filename": "item.jpg"},
        ],
    }


def minimal_facts(lang: str, claim_type: str) -> dict:
    facts = full_facts(lang, claim_type)
    facts["claim"].update(amount=None, reason=None)
    facts.update(shipment=None, return_shipment=None, refunds=[], refund_total=Decimal(0), messages=[], attachments=[])
    return facts


def variant(facts: dict, **changes) -> dict:
    """A deep copy of ``facts`` with dotted-path changes: ``variant(f, **{"shipment.delivered_on": None})``."""
    result = copy.deepcopy(facts)
    for dotted, value in changes.items():
        *parents, leaf = dotted.split(".")
        target = result
        for part in parents:
            target = target[part]
        target[leaf] = value
    return result
