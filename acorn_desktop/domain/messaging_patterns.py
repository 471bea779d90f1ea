"""The phrases the messaging-policy check looks for, per rule and language (en, de, fr, it, es, ja). Qt-free.

Data only: :mod:`acorn_desktop.domain.messaging_policy` compiles and applies them. Patterns run on the
NFKC-normalised text (full-width letters and digits are ASCII by then, curly quotes straight, dashes "-"),
case-insensitively, and every language's patterns run on every message — a German sentence in a reply to
Amazon.fr is still caught. Words are written in the forms a seller's message uses (imperatives, polite "Sie" /
"vous" / "lei" / "usted" forms, です・ます Japanese).

Kept deliberately narrow where a word has an innocent meaning in customer service: "review" is also a verb
("we will review your return"), "feedback" is also what the buyer just told us, "discount" is also a partial
refund. Only the *asking* for a review, and clear promotional wording, count.
"""

from __future__ import annotations

# The tables below are aligned by hand.
# fmt: off
LANGS = ("en", "de", "fr", "it", "es", "ja")

# -- reviews --------------------------------------------------------------------------------------------------
# Asking for a review / seller feedback / a rating (one neutral request per order is allowed: warn, or block if
# one was already sent).
REVIEW_REQUEST = {
    "en": [
        r"\b(?:leave|leaving|write|writing|post|posting|give|giving|share|sharing|submit|add|drop)\s+(?:us\s+|me\s+)?"
        r"(?:a|an|your|some)\s+(?:[\w-]+\s+){0,2}?(?:review|feedback|rating|star\s+rating)s?\b",
        r"\b(?:leave|write|post|give|submit)\s+(?:us\s+)?(?:a\s+)?(?:review|feedback|rating)s?\b",
        r"\brate\s+(?:us|our\s+\w+|the\s+(?:product|item|seller)|your\s+(?:purchase|order|experience)|this\s+"
        r"(?:product|item|purchase))\b",
        r"\b(?:review|feedback|rating)\s+(?:would|will)\s+(?:be\s+)?(?:greatly\s+|much\s+|really\s+|very\s+)?"
        r"(?:appreciated|help|mean)\b",
        r"\b(?:request|ask(?:ing)?)\s+(?:you\s+)?(?:for\s+)?(?:a|an|your)\s+(?:\w+\s+)?(?:review|rating)\b",
    ],
    "de": [
        r"\b(?:Bewertung|Rezension|Produktbewertung|Verkäuferbewertung|Sternebewertung|Feedback|Sterne)\w*\s+"
        r"(?:[\w.-]+\s+){0,3}?(?:zu\s+)?(?:hinterlassen|abgeben|abzugeben|schreiben|verfassen|geben|posten|teilen)\b",
        r"\b(?:hinterlassen|schreiben|verfassen|geben)\s+Sie\s+(?:uns\s+)?(?:bitte\s+)?(?:doch\s+)?(?:eine?n?|Ihre)\s+"
        r"(?:\w+\s+){0,2}?(?:Bewertung|Rezension|Feedback)\w*",
        r"\b(?:bewerten|rezensieren)\s+Sie\s+(?:uns|den\s+Artikel|das\s+Produkt|Ihren\s+Kauf|unseren\s+Shop)\b",
        r"\b(?:uns|den\s+Artikel|das\s+Produkt|Ihren\s+Kauf)\s+(?:\w+\s+){0,2}?zu\s+bewerten\b",
    ],
    "fr": [
        r"\b(?:laisser|laissez|laisse|écrire|écrivez|donner|donnez|publier|publiez|partager|partagez|déposer|"
        r"déposez|rédiger|rédigez)[- ](?:nous\s+)?(?:un|une|votre|vos|quelques)\s+(?:\w+\s+){0,2}?"
        r"(?:avis|évaluations?|commentaires?|notes?)\b",
        r"\b(?:évaluer|évaluez|noter|notez)\s+(?:notre|le|ce|cet|cette|votre)\s+(?:produit|article|achat|boutique|"
        r"vendeur|commande|expérience)",
        r"\b(?:votre|un)\s+avis\s+(?:nous\s+)?(?:serait|sera|est)\s+(?:très\s+)?(?:précieux|apprécié|utile)",
    ],
    "it": [
        r"\b(?:lasciare|lasci|lascia|lasciarci|lasciateci|scrivere|scriva|scrivi|dare|dia|pubblicare|pubblichi|"
        r"rilasciare|condividere)\s+(?:ci\s+)?(?:una|un|la\s+sua|la\s+tua|il\s+suo|la\s+vostra)\s+(?:\w+\s+){0,2}?"
        r"(?:recensione|valutazione|feedback|opinione)\b",
        r"\b(?:valutare|valuti|valuta|recensire|recensisca)\s+(?:il\s+prodotto|l'articolo|il\s+nostro\s+\w+|la\s+"
        r"nostra\s+\w+|il\s+suo\s+acquisto|il\s+venditore)",
        r"\b(?:la\s+sua|una)\s+(?:recensione|valutazione)\s+(?:ci\s+)?(?:sarebbe|sarà|è)\s+(?:molto\s+)?"
        r"(?:preziosa|utile|gradita)",
    ],
    "es": [
        r"\b(?:dejar|deje|deja|dejarnos|déjenos|déjanos|escribir|escriba|escribe|dar|dé|publicar|publique|compartir|"
        r"comparta)\s+(?:nos\s+)?(?:una|un|su|tu)\s+(?:\w+\s+){0,2}?(?:reseña|opinión|valoración|comentario|"
        r"calificación)\b",
        r"\b(?:valorar|valore|valora|calificar|califique|puntuar|puntúe)\s+(?:el\s+producto|el\s+artículo|nuestro\s+"
        r"\w+|nuestra\s+\w+|su\s+compra|su\s+pedido|al\s+vendedor)",
        r"\b(?:su|una)\s+(?:reseña|opinión|valoración)\s+(?:nos\s+)?(?:sería|será|es)\s+(?:muy\s+)?"
        r"(?:valiosa|útil|de\s+gran\s+ayuda)",
    ],
    "ja": [
        r"(?:レビュー|評価|口コミ|クチコミ|フィードバック|星)(?:を|の)?(?:ご|お)?(?:投稿|記入|書(?:いて|き|く)|残|入力|"
        r"お願い|いただ|頂|くだ|下さ|つけて|付けて)",
    ],
}

# Wanting a *good* review, or steering unhappy buyers away from reviewing (block).
REVIEW_POSITIVE = {
    "en": [
        r"\b(?:positive|good|great|excellent|favou?rable|glowing|top|nice)\s+(?:review|feedback|rating)s?\b",
        r"\b(?:5|five)[- ]?stars?\b",
        r"★★★★★",
        r"\bbefore\s+(?:leaving|writing|posting|giving)\s+(?:us\s+)?(?:a\s+|any\s+)?(?:negative\s+|bad\s+|low\s+)?"
        r"(?:review|feedback|rating)",
        r"\binstead\s+of\s+(?:leaving|writing|posting)\s+(?:a\s+)?(?:negative|bad|low)\b",
    ],
    "de": [
        r"\b(?:positive|gute|sehr\s+gute|hervorragende|tolle|beste)n?\s+(?:Bewertung|Rezension|Feedback)\w*",
        r"\b(?:5|fünf)[- ]?Sterne\w*",
        r"\bbevor\s+Sie\s+(?:uns\s+)?(?:eine\s+)?(?:negative\s+|schlechte\s+)?(?:Bewertung|Rezension|Feedback)",
        r"\bstatt\s+(?:einer\s+)?(?:negativen|schlechten)\s+(?:Bewertung|Rezension)",
    ],
    "fr": [
        r"\b(?:avis|commentaire|évaluation|note)s?\s+(?:positi(?:f|ve)s?|favorables?|excellente?s?)\b",
        r"\b(?:bonne|excellente|meilleure)\s+(?:note|évaluation)\b",
        r"\b(?:5|cinq)\s+étoiles\b",
        r"\bavant\s+de\s+(?:nous\s+)?(?:laisser|publier|écrire|donner)\s+(?:un\s+)?(?:avis|commentaire|évaluation)",
    ],
    "it": [
        r"\b(?:recensione|valutazione|feedback)\s+positiv[ao]\b",
        r"\b(?:buona|ottima|bella)\s+(?:recensione|valutazione)\b",
        r"\b(?:5|cinque)\s+stelle\b",
        r"\bprima\s+di\s+(?:lasciare|scrivere|pubblicare)\s+(?:una\s+)?(?:recensione|valutazione|feedback)",
    ],
    "es": [
        r"\b(?:reseña|opinión|valoración|calificación)\s+positiva\b",
        r"\b(?:buena|excelente|mejor)\s+(?:reseña|opinión|valoración|calificación)\b",
        r"\b(?:5|cinco)\s+estrellas\b",
        r"\bantes\s+de\s+(?:dejar|escribir|publicar)\s+(?:una\s+)?(?:reseña|opinión|valoración|comentario)",
    ],
    "ja": [
        r"高評価|好評価|星\s?[5５]|星五つ|★\s?5|[5５五]つ星|良い(?:レビュー|評価)",
        r"(?:評価|レビュー)(?:を)?(?:される|する|書かれる|投稿される|つける|付ける)前に",
    ],
}

# "If you are happy…" — only a problem in the same sentence as a review request (asking only happy buyers).
SATISFIED_CONDITION = {
    "en": [r"\bif\s+you\s+(?:are|were|'re|feel|have\s+been)\s+(?:\w+\s+)?(?:happy|satisfied|pleased|delighted)\b"],
    "de": [r"\bwenn\s+Sie\s+(?:\w+\s+){0,3}?(?:zufrieden|glücklich|begeistert)\b", r"\bfalls\s+Sie\s+zufrieden\b"],
    "fr": [r"\bsi\s+vous\s+(?:êtes|étiez|avez\s+été)\s+(?:\w+\s+)?(?:satisfaite?s?|contente?s?|ravie?s?)\b"],
    "it": [r"\bse\s+(?:è|sei|siete|fosse|è\s+stat[oa])\s+(?:\w+\s+)?(?:soddisfatt[oaie]|content[oaie])\b"],
    "es": [r"\bsi\s+(?:está|estás|están|quedó|ha\s+quedado)\s+(?:\w+\s+)?(?:satisfech[oa]s?|content[oa]s?)\b"],
    "ja": [r"(?:ご満足|お気に召し|気に入って)(?:いただけ|頂け)?(?:まし)?たら"],
}

# Something of value, in the same sentence as a review request, is an incentive (block).
INCENTIVE = {
    "en": [
        r"\b(?:free|gift|voucher|coupon|discount|cash\s?back|reward|bonus|in\s+exchange|in\s+return|"
        r"compensat\w+|money\s+back|complimentary|giveaway)\b"
    ],
    "de": [
        r"\b(?:kostenlos\w*|gratis|Geschenk\w*|Gutschein\w*|Rabatt\w*|Cashback|Belohnung\w*|Bonus|im\s+Gegenzug|"
        r"als\s+Dankeschön|Gegenleistung)\b"
    ],
    "fr": [
        r"\b(?:gratuite?s?|cadeaux?|bons?\s+d'achat|réduction|remise|récompense|en\s+échange|offerte?s?|"
        r"en\s+contrepartie)\b"
    ],
    "it": [
        r"\b(?:gratis|gratuit[oa]|regal[oi]|omaggio|buon[oi]\s+(?:regalo|sconto|acquisto)|sconto|ricompensa|"
        r"in\s+cambio|premio)\b"
    ],
    "es": [r"\b(?:gratis|gratuit[oa]|regalo|obsequio|cupón|descuento|recompensa|a\s+cambio|bonificación)\b"],
    "ja": [r"無料|プレゼント|ギフト|クーポン|割引|お礼|謝礼|特典|ポイント|キャッシュバック|差し上げ"],
}
# A refund promised *once the review is written* is also an incentive.
REFUND_WORD = {
    "en": [r"\brefund\w*"], "de": [r"\b(?:Rück)?erstatt\w*"], "fr": [r"\brembours\w*"], "it": [r"\brimbors\w*"],
    "es": [r"\breembols\w*"], "ja": [r"返金"],
}  # fmt: skip
CONDITION = {
    "en": [r"\b(?:if|when|once|after|as\s+soon\s+as)\b"], "de": [r"\b(?:wenn|sobald|nachdem|falls)\b"],
    "fr": [r"\b(?:si|dès\s+que|une\s+fois|après)\b"], "it": [r"\b(?:se|quando|appena|dopo)\b"],
    "es": [r"\b(?:si|cuando|una\s+vez|en\s+cuanto|después)\b"], "ja": [r"たら|後|次第|いただければ"],
}  # fmt: skip

# Asking to remove or change a review / feedback (block).
REVIEW_CHANGE = {
    "en": [
        r"\b(?:remove|removing|delete|deleting|change|changing|update|updating|revise|revising|edit|editing|modify|"
        r"modifying|withdraw|withdrawing|take\s+down|amend|amending|reconsider|reconsidering|retract)\s+(?:your|the|"
        r"this|that)\s+(?:[\w-]+\s+)?(?:review|feedback|rating)s?\b",
        r"\b(?:review|feedback|rating)\s+(?:removed|deleted|changed|updated|revised|withdrawn|taken\s+down)\b",
    ],
    "de": [
        r"\b(?:Bewertung|Rezension|Feedback)\w*\s+(?:[\w.-]+\s+){0,3}?(?:zu\s+)?(?:ändern|abzuändern|abändern|löschen|"
        r"entfernen|zurückziehen|zurückzuziehen|zurücknehmen|anpassen|korrigieren|überarbeiten|aktualisieren|"
        r"überdenken)\b",
        r"\b(?:ändern|löschen|entfernen|überarbeiten)\s+Sie\s+(?:bitte\s+)?(?:Ihre|die)\s+(?:\w+\s+)?"
        r"(?:Bewertung|Rezension)",
    ],
    "fr": [
        r"\b(?:modifier|modifiez|supprimer|supprimez|retirer|retirez|changer|changez|mettre\s+à\s+jour|réviser|"
        r"révisez|revoir|reconsidérer)\s+(?:votre|vos|cet|cette|l'|le|la)\s*(?:\w+\s+)?(?:avis|évaluation|"
        r"commentaire|note)s?\b",
    ],
    "it": [
        r"\b(?:modificare|modifichi|modifica|rimuovere|rimuova|eliminare|elimini|cancellare|cancelli|cambiare|"
        r"cambi|aggiornare|aggiorni|ritirare|ritiri|rivedere|riveda)\s+(?:la\s+sua|la\s+tua|la|il\s+suo|il|"
        r"questa)\s+(?:\w+\s+)?(?:recensione|valutazione|feedback)\b",
    ],
    "es": [
        r"\b(?:modificar|modifique|eliminar|elimine|retirar|retire|cambiar|cambie|borrar|borre|actualizar|actualice|"
        r"quitar|quite|reconsiderar|reconsidere)\s+(?:su|tu|la|el|esa|esta)\s+(?:\w+\s+)?(?:reseña|opinión|"
        r"valoración|comentario|calificación)\b",
    ],
    "ja": [
        r"(?:レビュー|評価|口コミ|フィードバック)(?:を|の)?"
        r"(?:削除|変更|修正|取り消|取消|撤回|書き換え|書き直|更新|見直)"
    ],
}

# -- contact outside Amazon, payment outside Amazon ----------------------------------------------------------
OFF_PLATFORM_CONTACT = {
    "en": [
        r"\b(?:call|phone|ring|text|whatsapp)\s+(?:us|me)\b",
        r"\b(?:e-?mail|write\s+to|contact|reach)\s+(?:us|me)\s+(?:directly\s+)?(?:at|by|via|on)\s+(?:our\s+)?"
        r"(?:e-?mail|phone|telephone|mobile|whatsapp|wechat|number|address)\b",
        r"\b(?:our|my)\s+(?:phone|telephone|mobile|whatsapp|wechat)\s+(?:number|id)\b",
    ],
    "de": [
        r"\brufen\s+Sie\s+(?:uns|mich)\s+(?:\w+\s+){0,2}?an\b",
        r"\b(?:schreiben|kontaktieren|erreichen)\s+Sie\s+(?:uns|mich)\s+(?:gerne\s+)?(?:direkt\s+)?(?:per|unter|über|"
        r"via)\s+(?:E-?Mail|Telefon|Handy|WhatsApp|unsere\s+(?:E-?Mail|Telefonnummer))",
        r"\b(?:unsere|meine)\s+(?:Telefonnummer|Handynummer|E-?Mail-?Adresse)\b",
    ],
    "fr": [
        r"\b(?:appelez|téléphonez)[- ](?:nous|moi)\b",
        r"\b(?:contactez|écrivez)[- ](?:nous|moi)\s+(?:directement\s+)?(?:par|au|à|sur|via)\s+(?:e-?mail|"
        r"téléphone|courriel|mail|WhatsApp)",
        r"\b(?:notre|mon)\s+(?:numéro\s+de\s+téléphone|adresse\s+e-?mail|adresse\s+mail)\b",
    ],
    "it": [
        r"\b(?:ci\s+chiami|chiamaci|chiamateci|ci\s+telefoni|telefonaci)\b",
        r"\b(?:ci\s+contatti|ci\s+scriva|contattaci|scrivici)\s+(?:direttamente\s+)?(?:via|per|tramite|al|su|a)\s+"
        r"(?:e-?mail|telefono|WhatsApp|cellulare)",
        r"\b(?:il\s+nostro|il\s+mio)\s+(?:numero\s+di\s+telefono|indirizzo\s+e-?mail)\b",
    ],
    "es": [
        r"\b(?:llámenos|llámanos|llamarnos|llámeme)\b",
        r"\b(?:contáctenos|escríbanos|contáctanos|escríbenos)\s+(?:directamente\s+)?(?:por|al|a|en|vía)\s+(?:correo|"
        r"e-?mail|teléfono|WhatsApp|móvil)",
        r"\b(?:nuestro|mi)\s+(?:número\s+de\s+teléfono|correo\s+electrónico)\b",
    ],
    "ja": [
        r"(?:お電話|電話|メール|LINE)(?:で|にて)(?:ご連絡|お問い合わせ|お問合せ|ご相談)",
        r"(?:お電話|電話)(?:ください|下さい|をください)",
        r"(?:弊社|当店)の(?:電話番号|メールアドレス)",
    ],
}
# Messengers and networks are not Amazon's channel, whatever the language.
MESSENGERS = (
    r"\b(?:WhatsApp|WeChat|Telegram|Skype|Viber|KakaoTalk|Signal\s+(?:app|messenger))\b"
    r"|微信|\bQQ\b|\bLINE\s*(?:ID|で|:)"
)

OFF_PLATFORM_PAYMENT = (
    r"\b(?:PayPal|Western\s+Union|MoneyGram|Venmo|Zelle|Cash\s*App|Alipay|Revolut|Wise|IBAN|SWIFT|BIC)\b"
    r"|\b(?:bank|wire)\s+transfer\b|\b(?:Bank)?überweisung\w*|\bBankverbindung\w*|\bvirement\s+bancaire\b"
    r"|\bbonifico(?:\s+bancario)?\b|\btransferencia\s+bancaria\b|\bBizum\b|支付宝|銀行振込|振込先|お振込み?"
)

# -- marketing ------------------------------------------------------------------------------------------------
MARKETING = {
    "en": [
        r"\b(?:coupons?|promo(?:tional)?\s+codes?|discount\s+codes?|voucher\s+codes?|gift\s+cards?)\b",
        r"\b\d+\s?%\s?off\b",
        r"\b(?:on|for|with)\s+your\s+next\s+(?:order|purchase)\b",
        r"\b(?:our|other)\s+(?:other\s+|new\s+|latest\s+)?(?:products|items|collection|range|store|shop|brand\s+store)"
        r"\s+(?:on\s+amazon|you\s+(?:may|might)\s+(?:like|love))\b",
        r"\b(?:check\s+out|take\s+a\s+look\s+at|browse|visit)\s+our\s+(?:other\s+|new\s+)?(?:products|store|shop|"
        r"website|collection|page|storefront)\b",
        r"\bfollow\s+us\b|\blike\s+us\s+on\b|\bsubscribe\s+to\s+our\b|\bnewsletter\b|\bspecial\s+offer\b|"
        r"\bexclusive\s+(?:offer|deal)\b|\blimited[- ]time\s+(?:offer|deal)\b",
    ],
    "de": [
        r"\b(?:Gutschein(?:code)?s?|Rabattcodes?|Aktionscodes?|Promo-?Codes?|Coupons?|Geschenkkarten?)\b",
        r"\b\d+\s?%\s?Rabatt\b",
        r"\b(?:bei|für)\s+Ihre(?:n)?\s+nächsten?\s+(?:Bestellung|Einkauf|Kauf)\b",
        r"\bunsere(?:n)?\s+(?:anderen|weiteren|neuen)\s+(?:Produkte|Artikel)\b",
        r"\bbesuchen\s+Sie\s+(?:unseren|unsere)\s+(?:Shop|Store|Website|Webseite|Markenshop|Seite)\b",
        r"\bfolgen\s+Sie\s+uns\b|\bNewsletter\b|\bSonderangebot\w*|\bexklusive[sn]?\s+Angebot\w*",
    ],
    "fr": [
        r"\b(?:codes?\s+promo|codes?\s+de\s+réduction|bons?\s+de\s+réduction|coupons?|cartes?\s+cadeaux?)\b",
        r"\b\d+\s?%\s?de\s+(?:réduction|remise)\b",
        r"\b(?:sur|pour|lors\s+de)\s+votre\s+prochaine\s+(?:commande|achat)\b",
        r"\bnos\s+(?:autres|nouveaux)\s+(?:produits|articles)\b",
        r"\b(?:visitez|découvrez|consultez)\s+notre\s+(?:boutique|site|page|collection)\b",
        r"\bsuivez[- ]nous\b|\babonnez[- ]vous\b|\bnewsletter\b|\boffre\s+(?:spéciale|exclusive)\b",
    ],
    "it": [
        r"\b(?:codic[ei]\s+sconto|buon[oi]\s+sconto|coupon|codic[ei]\s+promozional[ei]|carte?\s+regalo)\b",
        r"\b\d+\s?%\s?di\s+sconto\b",
        r"\b(?:sul|per\s+il|nel)\s+(?:suo|tuo|vostro)\s+prossimo\s+(?:ordine|acquisto)\b",
        r"\bi\s+nostri\s+(?:altri|nuovi)\s+(?:prodotti|articoli)\b",
        r"\b(?:visiti|visita|visitate|scopra)\s+il\s+nostro\s+(?:negozio|sito|store)\b",
        r"\bseguici\b|\biscriviti\b|\bnewsletter\b|\bofferta\s+(?:speciale|esclusiva)\b",
    ],
    "es": [
        r"\b(?:códigos?\s+de\s+descuento|cupón|cupones|códigos?\s+promocional(?:es)?|tarjetas?\s+regalo)\b",
        r"\b\d+\s?%\s?de\s+descuento\b",
        r"\ben\s+(?:su|tu)\s+próxim[oa]\s+(?:pedido|compra)\b",
        r"\bnuestros\s+(?:otros|nuevos)\s+(?:productos|artículos)\b",
        r"\b(?:visite|visita|descubra)\s+nuestra\s+(?:tienda|web|página)\b",
        r"\bsíguenos\b|\bsuscríbete\b|\bnewsletter\b|\boferta\s+(?:especial|exclusiva)\b",
    ],
    "ja": [
        r"クーポン|割引コード|プロモーションコード|ギフト券",
        r"\d+\s?%\s?(?:オフ|OFF|引き)",
        r"次回(?:の)?(?:ご注文|ご購入|お買い物)",
        r"(?:他の|当店の|弊社の)(?:商品|製品)(?:も|を)(?:ぜひ|是非)?",
        r"フォロー(?:して|を)|メルマガ|ニュースレター|セール(?:中|情報)|特別(?:セール|価格|オファー)",
    ],
}
SOCIAL_NETWORKS = r"\b(?:Facebook|Instagram|TikTok|YouTube|Twitter|Pinterest|LinkedIn|Xiaohongshu)\b|小红书|抖音"

# A bare "discount" sounds like marketing; on this order it is a partial refund (warn).
DISCOUNT_WORD = {
    "en": [r"\bdiscount(?:s|ed)?\b"], "de": [r"\bRabatt\w*|\bPreisnachlass\w*"], "fr": [r"\bréductions?\b|\bremise\b"],
    "it": [r"\bscont[oi]\b"], "es": [r"\bdescuentos?\b"], "ja": [r"割引|値引き"],
}  # fmt: skip

# -- opt-out, attachments ------------------------------------------------------------------------------------
OPT_OUT = {
    "en": [r"\bunsubscribe\b|\bopt[- ]?out\b|\bstop\s+receiving\b|\bno\s+longer\s+(?:wish|want)\s+to\s+receive\b"],
    "de": [r"\babmelden\b|\babbestellen\b|\bkeine\s+(?:weiteren\s+)?(?:Nachrichten|E-?Mails)\s+mehr\b|\bAbmeldung\b"],
    "fr": [r"\b(?:se\s+)?désabonner\b|\bdésinscri\w+|\bne\s+plus\s+recevoir\b|\bdésabonnement\b"],
    "it": [r"\bannullare\s+l'iscrizione\b|\bdisiscri\w+|\bnon\s+ricevere\s+più\b"],
    "es": [r"\bdar(?:se|te)\s+de\s+baja\b|\bcancelar\s+(?:la|su)\s+suscripción\b|\bdejar\s+de\s+recibir\b"],
    "ja": [r"配信停止|配信を停止|受信拒否|購読解除"],
}
ATTACHMENT = {
    "en": [r"\b(?:see|please\s+find|find)\s+(?:the\s+)?attach(?:ed|ment)\b|\b(?:i|we)(?:'ve|\s+have)?\s+attached\b|"
           r"\battached\s+(?:is|are|you\s+will\s+find|please\s+find)\b|\benclosed\s+(?:is|are|please\s+find)\b"],
    "de": [r"\bim\s+Anhang\b|\banbei\b|\bbeigefügt\w*|\bangehängt\w*|\bhängen\s+(?:wir|ich)\s+(?:\w+\s+){0,4}?an\b"],
    "fr": [r"\bci-joint\w*|\ben\s+pièce\s+jointe\b|\bpièces?\s+jointes?\b"],
    "it": [r"\bin\s+allegato\b|\b(?:le\s+)?alleghiamo\b|\ballegat[oaie]\b"],
    "es": [r"\badjunt(?:o|a|os|as|amos)\b|\barchivo\s+adjunto\b"],
    "ja": [r"添付(?:いたし|し|の|ファイル)"],
}  # fmt: skip

# -- what is not a message to a buyer ------------------------------------------------------------------------
_FACT_WORDS = (
    r"(?i:name|order|bestell\w*|commande|ordine|pedido|number|nummer|numéro|número|numero|date|datum|fecha|data|"
    r"tracking|sendung\w*|carrier|amount|betrag|montant|importo|importe|名前|注文|番号)"
)
# Compiled case-sensitively: "[ORDER ID]", "<NAME>", "XXX" and "TODO" are placeholders, "[Foto]" is not.
PLACEHOLDER = (
    r"\{\{[^{}\n]{0,80}\}\}|\{%[^{}\n]{0,80}%\}|\$\{[^{}\n]{0,80}\}"
    r"|\[(?:[A-Z0-9 _/-]{3,40}|[^\[\]\n]{0,30}" + _FACT_WORDS + r"[^\[\]\n]{0,30})\]"
    r"|<(?:[A-Z0-9 _-]{3,30}|[^<>\n]{0,20}" + _FACT_WORDS + r"[^<>\n]{0,20})>"
    r"|\bX{3,}\b|_{3,}|\bTODO\b|\bTBD\b|待填|请填写|此处填写"
)
HTML_TAG = r"</?(?:a|b|i|u|p|br|div|span|strong|em|img|table|tr|td|ul|ol|li|h[1-6]|font)\b[^<>]{0,200}>"

# Greetings, thanks and sign-offs: what is left of a "thank you only" message once they are gone.
COURTESY = {
    "en": [
        r"\b(?:hello|hi|dear\s+(?:customer|buyer|sir|madam)|good\s+(?:morning|afternoon|evening))\b",
        r"\bthank(?:s|\s+you)(?:\s+(?:so|very)\s+much)?(?:\s+(?:again|a\s+lot))?\b",
        r"\b(?:for\s+)?(?:your|the)\s+(?:order|purchase|business|message|patience)\b",
        r"\b(?:kind|best|warm)\s+regards\b|\bsincerely\b|\bcheers\b|\bcustomer\s+(?:service|care|support)\b|"
        r"\bteam\b|\bwe\s+(?:really\s+)?appreciate\s+(?:it|this)\b|\bhave\s+a\s+(?:nice|great|good)\s+day\b",
    ],
    "de": [
        r"\b(?:hallo|guten\s+(?:tag|morgen|abend)|sehr\s+geehrte\w*\s+(?:kundin|kunde|damen\s+und\s+herren)?|"
        r"liebe\w*\s+(?:kundin|kunde)?)\b",
        r"\b(?:vielen|herzlichen|besten)?\s*dank\b|\bdanke(?:\s+schön|\s+sehr)?\b",
        r"\b(?:für\s+)?ihre(?:n)?\s+(?:bestellung|einkauf|kauf|nachricht|geduld)\b",
        r"\bmit\s+freundlichen\s+grüßen\b|\bviele\s+grüße\b|\bbeste\s+grüße\b|\bihr\s+kundenservice\b|"
        r"\bkundenservice\b|\bteam\b|\beinen\s+schönen\s+tag\b",
    ],
    "fr": [
        r"\b(?:bonjour|bonsoir|chère?\s+(?:cliente?|madame|monsieur)|madame|monsieur)\b",
        r"\bmerci(?:\s+beaucoup|\s+encore)?\b",
        r"\b(?:pour\s+)?votre\s+(?:commande|achat|message|patience|confiance)\b",
        r"\bcordialement\b|\bbien\s+à\s+vous\b|\bservice\s+client\b|\béquipe\b|\bbonne\s+journée\b",
    ],
    "it": [
        r"\b(?:buongiorno|buonasera|salve|gentile\s+cliente|ciao)\b",
        r"\bgrazie(?:\s+mille|\s+ancora)?\b",
        r"\b(?:per\s+)?(?:il\s+)?(?:suo|tuo)\s+(?:ordine|acquisto|messaggio|pazienza)\b",
        r"\bcordiali\s+saluti\b|\bdistinti\s+saluti\b|\bservizio\s+clienti\b|\bteam\b|\bbuona\s+giornata\b",
    ],
    "es": [
        r"\b(?:hola|buenos\s+días|buenas\s+tardes|estimad[oa]\s+cliente)\b",
        r"\b(?:muchas\s+)?gracias(?:\s+de\s+nuevo)?\b",
        r"\b(?:por\s+)?su\s+(?:pedido|compra|mensaje|paciencia|confianza)\b",
        r"\b(?:un\s+)?saludo(?:s)?(?:\s+cordiales)?\b|\batentamente\b|\batención\s+al\s+cliente\b|\bequipo\b|"
        r"\bque\s+tenga\s+un\s+buen\s+día\b",
    ],
    "ja": [
        r"お客様|こんにちは|いつも",
        r"(?:誠に|本当に|大変)?ありがとう(?:ございます|ございました)?",
        r"(?:この度は|このたびは)?(?:ご注文|ご購入|お買い上げ|ご連絡)(?:いただき|頂き)?",
        r"(?:今後とも)?よろしくお願い(?:いたします|致します|します)|カスタマーサービス|サポート",
        r"[、。!?\s]",
    ],
}
# fmt: on
