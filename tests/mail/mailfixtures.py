"""Hand-written notification mails (not produced by the demo writer), the way real mailboxes deliver them."""

from __future__ import annotations

import base64
import quopri
from email.header import Header

GERMAN_OUTLOOK_FORWARD = (
    b"From: =?iso-8859-1?Q?Kundenservice_M=FCller?= <kefu@example-shop.cn>\r\n"
    b"To: claims@example-shop.cn\r\n"
    b"Subject: =?iso-8859-1?Q?WG:_Antrag_im_Rahmen_der_A-bis-z-Garantie_f=FCr_Bestellung?=\r\n"
    b" =?iso-8859-1?Q?_302-1234567-7654321?=\r\n"
    b"Date: Mon, 09 Mar 2026 17:22:05 +0800\r\n"
    b"Message-ID: <AM0PR01MB1234@eurprd01.prod.outlook.com>\r\n"
    b"MIME-Version: 1.0\r\n"
    b'Content-Type: text/plain; charset="iso-8859-1"\r\n'
    b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
    + quopri.encodestring(
        "Bitte bis morgen bearbeiten.\r\n\r\n"
        "-----Ursprüngliche Nachricht-----\r\n"
        "Von: Amazon A-bis-z-Garantie <atoz-guarantee-no-reply@amazon.de>\r\n"
        "Gesendet: Montag, 9. März 2026 10:15\r\n"
        "An: seller@example-shop.cn\r\n"
        "Betreff: Antrag im Rahmen der A-bis-z-Garantie für Bestellung 302-1234567-7654321\r\n\r\n"
        "Guten Tag,\r\n\r\n"
        "ein Käufer hat für die folgende Bestellung einen Antrag im Rahmen der A-bis-z-Garantie gestellt:\r\n\r\n"
        "Bestellnummer: 302-1234567-7654321\r\n"
        "Grund des Antrags: Artikel beschädigt angekommen\r\n"
        "Betrag des Antrags: 1.234,56 EUR\r\n\r\n"
        "Bitte antworten Sie bis zum 12. März 2026 in Seller Central.\r\n".encode("iso-8859-1")
    )
)
# Received at 17:22 +08:00 (the forward); the original was sent Monday 10:15 in the forwarder's zone (+08:00).
GERMAN_ORIGINAL_UTC = (2026, 3, 9, 2, 15)

_JP_BODY = (
    "出品者様\n\n購入者のクレジットカード会社から、次の注文についてチャージバックの申請がありました。\n\n"
    "注文番号：２４９-１１１２２２３-３３４４５５６\n"
    "チャージバックの理由：カードの不正利用\n"
    "チャージバック金額：￥12,800\n\n"
    "このEメールの日付から7日以内にご回答ください。\n"
)
JAPANESE_ISO2022 = (
    b"From: =?ISO-2022-JP?B?" + base64.b64encode("Amazon出品者通知".encode("iso2022_jp")) + b"?= "
    b"<cb-seller-notification@amazon.co.jp>\r\n"
    b"To: seller@example-shop.jp\r\n"
    b"Subject: "
    + Header("チャージバック申請のお知らせ（注文番号：249-1112223-3344556）", "iso-2022-jp").encode().encode()
    + b"\r\nDate: Tue, 10 Mar 2026 09:00:00 +0900\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=ISO-2022-JP\r\n"
    b"Content-Transfer-Encoding: 7bit\r\n\r\n" + _JP_BODY.encode("iso2022_jp").replace(b"\n", b"\r\n")
)

GMAIL_HTML_BUYER_MESSAGE = (
    b"From: Li Wei <liwei.shop@gmail.com>\r\n"
    b"To: claims@example-shop.cn\r\n"
    b"Subject: Fwd: Inquiry from Amazon customer Emily Carter (Order: 111-2223334-4445556)\r\n"
    b"Date: Wed, 11 Mar 2026 08:00:00 +0800\r\n"
    b"MIME-Version: 1.0\r\n"
    b'Content-Type: multipart/alternative; boundary="000000000000b1"\r\n\r\n'
    b"--000000000000b1\r\n"
    b'Content-Type: text/html; charset="UTF-8"\r\n'
    b"Content-Transfer-Encoding: base64\r\n\r\n"
    + base64.encodebytes(
        b'<div dir="ltr"><br><div class="gmail_quote"><div class="gmail_attr">---------- Forwarded message '
        b'---------<br>From: <b>Emily Carter - Amazon Marketplace</b> &lt;<a href="mailto:x7k2@marketplace.'
        b'amazon.com">x7k2@marketplace.amazon.com</a>&gt;<br>Date: Tue, Mar 10, 2026 at 9:41 PM<br>Subject: '
        b"Inquiry from Amazon customer Emily Carter (Order: 111-2223334-4445556)<br>To: &lt;seller@example-shop.cn"
        b"&gt;<br></div><br><table><tr><td>Order ID 111-2223334-4445556:</td></tr></table>"
        b"<p>------------- Begin message -------------</p>"
        b"<p>Hi, the box arrived crushed and the glass is broken. Call me at +1 415 555 0199 or write to "
        b"emily.carter@example.com.<br>Thanks, Emily Carter</p>"
        b"<p>------------- End message -------------</p></div></div>"
    )
    + b"--000000000000b1--\r\n"
)


def forwarded_as_attachment(original: bytes) -> bytes:
    return (
        b"From: kefu@example-shop.cn\r\nTo: claims@example-shop.cn\r\nSubject: Fwd: notification\r\n"
        b"Date: Thu, 12 Mar 2026 10:00:00 +0800\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b2"\r\n\r\n'
        b"--b2\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nsee attachment\r\n"
        b'--b2\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename="n.eml"\r\n\r\n'
        + original
        + b"\r\n--b2--\r\n"
    )
