"""The appeal letter (申诉信) as a PDF: A4, the letter, then its evidence pages; fonts embedded.

Layout: every page has a header (case, order) and a footer ("generated at … UTC", "page X of Y") in the letter's
language. The letter opens with the sender block (the store's legal name and address, in Latin script). After
it: a shipping-proof page (carrier, tracking number, dates, the carrier's scans) and one page per attachment —
images scaled to fit keeping their aspect ratio, a PDF attachment's first page rendered (with its page count),
and anything unreadable listed with a note instead of failing the export. The internal copy (for the manager,
never sent to Amazon) starts with a Chinese summary page, which carries its own Chinese header and footer
("内部资料 — 请勿发送给亚马逊").

Pure function of its input (:class:`LetterDocument`): no database, no Qt; ``build_pdf`` returns the bytes.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from . import fonts

log = logging.getLogger(__name__)
rl_config.useA85 = 0  # binary streams: ASCII85 (pure Python here) doubled the time of a letter with a photo

PAGE_W, PAGE_H = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 22 * mm
FRAME_W = PAGE_W - 2 * MARGIN_X
FRAME_H = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM
EXIF_ORIENTATION = 0x0112
JPEG_END = b"\xff\xd9"  # the end-of-image marker
IMAGE_MAX_PX = 1600  # attachments are downscaled to this (longest side): ~200 dpi on the page, small files
PDF_RENDER_SCALE = 2.0  # a PDF attachment's first page at 144 dpi

# Words on the pages, per letter language (written for each language, like the templates).
LABELS: dict[str, dict[str, str]] = {
    "en": {"case": "Case", "order": "Order", "generated": "generated at {at} UTC", "page": "page {n} of {total}",
           "shipping": "Shipping proof", "carrier": "Carrier", "tracking": "Tracking number",
           "service": "Service", "shipped": "Shipped", "delivered": "Delivered", "delivered_to": "Delivered to",
           "scans": "Carrier scans", "date": "Date", "time": "Time", "event": "Event", "location": "Location",
           "details": "Details", "attachment": "Attachment {n}: {label}", "no_scans": "No scans recorded.",
           "not_delivered": "no delivery scan", "pdf_pages": "First page of {pages} shown.",
           "unreadable": "This file could not be shown here ({reason}); it is available on request.",
           "return": "Return parcel"},
    "de": {"case": "Fall", "order": "Bestellung", "generated": "erstellt am {at} UTC", "page": "Seite {n} von {total}",
           "shipping": "Versandnachweis", "carrier": "Versanddienstleister", "tracking": "Sendungsnummer",
           "service": "Versandart", "shipped": "Versendet", "delivered": "Zugestellt", "delivered_to": "Zugestellt an",
           "scans": "Sendungsverlauf", "date": "Datum", "time": "Uhrzeit", "event": "Status", "location": "Ort",
           "details": "Details", "attachment": "Anlage {n}: {label}", "no_scans": "Kein Sendungsverlauf erfasst.",
           "not_delivered": "kein Zustellscan", "pdf_pages": "Erste von {pages} Seiten abgebildet.",
           "unreadable": "Diese Datei kann hier nicht angezeigt werden ({reason}); sie wird auf Anfrage nachgereicht.",
           "return": "Rücksendung"},
    "fr": {"case": "Dossier", "order": "Commande", "generated": "généré le {at} UTC", "page": "page {n} sur {total}",
           "shipping": "Preuve d'expédition", "carrier": "Transporteur", "tracking": "Numéro de suivi",
           "service": "Service", "shipped": "Expédié", "delivered": "Livré", "delivered_to": "Livré à",
           "scans": "Suivi du transporteur", "date": "Date", "time": "Heure", "event": "Statut", "location": "Lieu",
           "details": "Détails", "attachment": "Pièce jointe {n} : {label}", "no_scans": "Aucun suivi enregistré.",
           "not_delivered": "pas de scan de livraison", "pdf_pages": "Première page sur {pages}.",
           "unreadable": "Ce fichier ne peut pas être affiché ici ({reason}) ; il est disponible sur demande.",
           "return": "Colis retourné"},
    "it": {"case": "Pratica", "order": "Ordine", "generated": "generato il {at} UTC", "page": "pagina {n} di {total}",
           "shipping": "Prova di spedizione", "carrier": "Corriere", "tracking": "Numero di tracciamento",
           "service": "Servizio", "shipped": "Spedito", "delivered": "Consegnato", "delivered_to": "Consegnato a",
           "scans": "Tracciamento del corriere", "date": "Data", "time": "Ora", "event": "Stato", "location": "Luogo",
           "details": "Dettagli", "attachment": "Allegato {n}: {label}", "no_scans": "Nessun tracciamento registrato.",
           "not_delivered": "nessuna scansione di consegna", "pdf_pages": "Prima pagina di {pages}.",
           "unreadable": "Questo file non può essere mostrato qui ({reason}); è disponibile su richiesta.",
           "return": "Pacco di reso"},
    "es": {"case": "Caso", "order": "Pedido", "generated": "generado el {at} UTC", "page": "página {n} de {total}",
           "shipping": "Prueba de envío", "carrier": "Transportista", "tracking": "Número de seguimiento",
           "service": "Servicio", "shipped": "Enviado", "delivered": "Entregado", "delivered_to": "Entregado en",
           "scans": "Seguimiento del transportista", "date": "Fecha", "time": "Hora", "event": "Estado",
           "location": "Lugar", "details": "Detalles", "attachment": "Anexo {n}: {label}",
           "no_scans": "No hay seguimiento registrado.", "not_delivered": "sin escaneo de entrega",
           "pdf_pages": "Primera página de {pages}.",
           "unreadable": "Este archivo no se puede mostrar aquí ({reason}); está disponible a petición.",
           "return": "Paquete devuelto"},
    "ja": {"case": "ケース", "order": "注文番号", "generated": "作成日時 {at} UTC", "page": "{n} / {total} ページ",
           "shipping": "発送証明", "carrier": "配送業者", "tracking": "追跡番号", "service": "配送サービス",
           "shipped": "発送日", "delivered": "配達日", "delivered_to": "配達先", "scans": "配送状況",
           "date": "日付", "time": "時刻", "event": "状況", "location": "場所", "details": "詳細",
           "attachment": "添付資料 {n}:{label}", "no_scans": "配送状況の記録はありません。",
           "not_delivered": "配達完了の記録なし", "pdf_pages": "全 {pages} ページのうち 1 ページ目を表示しています。",
           "unreadable": "このファイルはここに表示できません({reason})。ご要望に応じて提出いたします。",
           "return": "返品荷物"},
    "zh": {"case": "工单", "order": "订单", "generated": "生成于 {at} UTC", "internal": "内部资料 — 请勿发送给亚马逊",
           "internal_footer": "仅供内部审阅 · 生成于 {at} UTC", "page": "第 {n} 页,共 {total} 页",
           "shipping": "发货证明", "carrier": "承运商", "tracking": "物流单号", "service": "物流服务",
           "shipped": "发货", "delivered": "签收", "delivered_to": "签收地点", "scans": "物流轨迹", "date": "日期",
           "time": "时间", "event": "状态", "location": "地点", "details": "说明", "attachment": "附件 {n}:{label}",
           "no_scans": "没有物流轨迹。", "not_delivered": "无签收记录", "pdf_pages": "共 {pages} 页,显示第 1 页。",
           "unreadable": "无法在此显示该文件({reason})。", "return": "退货包裹"},
}  # fmt: skip


@dataclass(frozen=True)
class ScanRow:
    day: str  # already formatted (the marketplace's local date)
    time: str
    code: str
    location: str
    description: str


@dataclass(frozen=True)
class ShippingPage:
    """One parcel as the shipping-proof page shows it (dates already formatted in the letter's language)."""

    carrier: str
    tracking_number: str
    service: str | None
    shipped: str | None
    delivered: str | None
    delivered_to: str | None
    scans: tuple[ScanRow, ...] = ()
    direction: str = "outbound"


@dataclass(frozen=True)
class AttachmentPage:
    label: str
    filename: str
    media_type: str
    content: bytes


@dataclass(frozen=True)
class SummaryPage:
    """The Chinese internal summary: a title, (label, value) rows, then prose (the rendered template, if any)."""

    title: str
    rows: tuple[tuple[str, str], ...]
    prose: str = ""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class LetterDocument:
    case_id: int
    order_id: str | None
    lang: str
    subject: str
    body: str
    generated_at: datetime
    shipping: tuple[ShippingPage, ...] = ()
    attachments: tuple[AttachmentPage, ...] = ()
    summary: SummaryPage | None = None
    title: str = ""  # the PDF's metadata title
    author: str = ""
    sender: tuple[str, ...] = ()  # the sender block: legal name, address lines, country, VAT id


@dataclass
class BuiltPdf:
    data: bytes
    pages: int
    unreadable: list[str] = field(default_factory=list)  # attachments listed with a note instead of shown


class _NumberedCanvas(pdf_canvas.Canvas):
    """Defers each page's header/footer until the total page count is known ("page X of Y")."""

    def __init__(self, *args, decorate=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._decorate = decorate

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    @property
    def page_count(self) -> int:
        return len(self._pages)

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            if self._decorate is not None:
                self._decorate(self, number, total)
            super().showPage()
        super().save()


class _Styles:
    def __init__(self, lang: str) -> None:
        self.text_font = fonts.font(fonts.script_of(lang))
        self.bold_font = fonts.font("latin-bold") if fonts.script_of(lang) == "latin" else self.text_font
        base = self.text_font.name
        self.body = ParagraphStyle("body", fontName=base, fontSize=10.5, leading=15, alignment=TA_LEFT,
                                   spaceAfter=7, wordWrap="CJK" if lang in ("ja", "zh") else None)  # fmt: skip
        self.subject = ParagraphStyle("subject", parent=self.body, fontName=self.bold_font.name, fontSize=12.5,
                                      leading=17, spaceAfter=12)  # fmt: skip
        self.heading = ParagraphStyle("heading", parent=self.subject, fontSize=14, leading=19, spaceAfter=10)
        self.small = ParagraphStyle("small", parent=self.body, fontSize=8.5, leading=11, spaceAfter=0)
        self.sender = ParagraphStyle("sender", parent=self.small, fontSize=9, leading=12,
                                     textColor=colors.HexColor("#333b45"))  # fmt: skip
        self.cell = ParagraphStyle("cell", parent=self.body, fontSize=9, leading=12, spaceAfter=0)
        self.note = ParagraphStyle("note", parent=self.body, textColor=colors.HexColor("#8a5a00"))
        self.warning = ParagraphStyle("warning", parent=self.body, textColor=colors.HexColor("#a93226"))

    def p(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        style = style or self.body
        primary = self.bold_font if style.fontName == self.bold_font.name else self.text_font
        lines = [fonts.markup(line, primary) for line in text.split("\n")]
        return Paragraph("<br/>".join(lines), style)


def build_pdf(doc: LetterDocument) -> BuiltPdf:
    """The letter PDF (bytes and page count). Raises :class:`fonts.FontMissingError` if a font is missing."""
    labels = LABELS.get(doc.lang, LABELS["en"])
    styles = _Styles(doc.lang)
    zh_styles = _Styles("zh") if doc.summary is not None else None
    story: list = []
    unreadable: list[str] = []

    if doc.summary is not None:
        story += _summary_page(doc.summary, zh_styles)
        story += [NextPageTemplate("page"), PageBreak()]
    story += _letter(doc, styles)
    for page in doc.shipping:
        story.append(PageBreak())
        story += _shipping_page(page, labels, styles)
    for number, attachment in enumerate(doc.attachments, start=1):
        story.append(PageBreak())
        flowables, problem = _attachment_page(number, attachment, labels, styles)
        story += flowables
        if problem:
            unreadable.append(attachment.filename)

    buffer = io.BytesIO()
    generated = doc.generated_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
    header_text = f"{labels['case']} #{doc.case_id}" + (f" · {labels['order']} {doc.order_id}" if doc.order_id else "")
    footer_left = labels["generated"].format(at=generated)
    zh = LABELS["zh"]
    internal_header = f"{zh['internal']} · {zh['case']} #{doc.case_id}" + (
        f" · {zh['order']} {doc.order_id}" if doc.order_id else "")  # fmt: skip

    def decorate(canvas: pdf_canvas.Canvas, number: int, total: int) -> None:
        if getattr(canvas, "acorn_section", "letter") == "summary":  # the manager's page: Chinese, marked
            canvas.saveState()
            canvas.setStrokeColor(colors.HexColor("#a93226"))
            canvas.setLineWidth(0.8)
            canvas.line(MARGIN_X, PAGE_H - MARGIN_TOP + 6 * mm, PAGE_W - MARGIN_X, PAGE_H - MARGIN_TOP + 6 * mm)
            canvas.line(MARGIN_X, MARGIN_BOTTOM - 6 * mm, PAGE_W - MARGIN_X, MARGIN_BOTTOM - 6 * mm)
            canvas.setFillColor(colors.HexColor("#a93226"))
            _draw(canvas, MARGIN_X, PAGE_H - MARGIN_TOP + 8 * mm, internal_header, zh_styles, 8.5)
            _draw(canvas, MARGIN_X, MARGIN_BOTTOM - 11 * mm, zh["internal_footer"].format(at=generated), zh_styles, 8)
            _draw(canvas, PAGE_W - MARGIN_X, MARGIN_BOTTOM - 11 * mm, zh["page"].format(n=number, total=total),
                  zh_styles, 8, right=True)  # fmt: skip
            canvas.restoreState()
            return
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor("#c9d1d9"))
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, PAGE_H - MARGIN_TOP + 6 * mm, PAGE_W - MARGIN_X, PAGE_H - MARGIN_TOP + 6 * mm)
        canvas.line(MARGIN_X, MARGIN_BOTTOM - 6 * mm, PAGE_W - MARGIN_X, MARGIN_BOTTOM - 6 * mm)
        canvas.setFillColor(colors.HexColor("#4a5562"))
        _draw(canvas, MARGIN_X, PAGE_H - MARGIN_TOP + 8 * mm, header_text, styles, 8.5)
        _draw(canvas, MARGIN_X, MARGIN_BOTTOM - 11 * mm, footer_left, styles, 8)
        _draw(canvas, PAGE_W - MARGIN_X, MARGIN_BOTTOM - 11 * mm, labels["page"].format(n=number, total=total),
              styles, 8, right=True)  # fmt: skip
        canvas.restoreState()

    template = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=doc.title or doc.subject, author=doc.author, creator="ACORN-i",
        subject=doc.subject, lang={"zh": "zh-CN"}.get(doc.lang, doc.lang), invariant=False,
        initialFontName=styles.text_font.name,  # else reportlab starts every page in (unembedded) Helvetica
    )  # fmt: skip

    def frame() -> Frame:
        return Frame(MARGIN_X, MARGIN_BOTTOM, FRAME_W, FRAME_H, id="body", leftPadding=0, rightPadding=0,
                     topPadding=0, bottomPadding=0)  # fmt: skip

    def section(name: str):
        def on_page(canvas, _doc) -> None:
            canvas.acorn_section = name  # kept with the page's state; ``decorate`` reads it

        return on_page

    pages = [PageTemplate(id="page", frames=[frame()], onPage=section("letter"))]
    if doc.summary is not None:  # the first template is the first page's
        pages.insert(0, PageTemplate(id="summary", frames=[frame()], onPage=section("summary")))
    template.addPageTemplates(pages)

    canvases: list[_NumberedCanvas] = []

    def make_canvas(*args, **kwargs) -> _NumberedCanvas:
        canvases.append(_NumberedCanvas(*args, decorate=decorate, **kwargs))
        return canvases[-1]

    template.build(story, canvasmaker=make_canvas)
    return BuiltPdf(buffer.getvalue(), canvases[-1].page_count, unreadable)


def _draw(canvas, x: float, y: float, text: str, styles: _Styles, size: float, *, right: bool = False) -> None:
    """One line of header/footer text in the letter's font (other scripts in their own fonts)."""
    para = Paragraph(fonts.markup(text, styles.text_font),
                     ParagraphStyle("hf", fontName=styles.text_font.name, fontSize=size, leading=size * 1.2,
                                    alignment=2 if right else 0))  # fmt: skip
    width = FRAME_W / 2 if right else FRAME_W * 0.75
    _w, h = para.wrap(width, 40)
    para.drawOn(canvas, x - width if right else x, y - h + size)


def parse_body(body: str) -> list[tuple[str, list[str]]]:
    """Blocks of a letter body: ("p", [lines]) for paragraphs, ("ul", [items]) for runs of "- " bullets."""
    blocks: list[tuple[str, list[str]]] = []
    for chunk in body.replace("\r\n", "\n").split("\n\n"):
        lines = [line.rstrip() for line in chunk.strip("\n").split("\n")]
        if not any(lines):
            continue
        paragraph: list[str] = []
        bullets: list[str] = []
        for line in lines:
            if line.lstrip().startswith("- "):
                if paragraph:
                    blocks.append(("p", paragraph))
                    paragraph = []
                bullets.append(line.lstrip()[2:].strip())
            elif bullets and line.startswith("  ") and line.strip():  # a bullet continued on the next line
                bullets[-1] += " " + line.strip()
            else:
                if bullets:
                    blocks.append(("ul", bullets))
                    bullets = []
                paragraph.append(line.strip())
        if paragraph:
            blocks.append(("p", paragraph))
        if bullets:
            blocks.append(("ul", bullets))
    return blocks


def _letter(doc: LetterDocument, styles: _Styles) -> list:
    story: list = []
    if doc.sender:  # the sender block above the subject, as a business letter has it
        story += [styles.p("\n".join(doc.sender), styles.sender), Spacer(1, 6 * mm)]
    story.append(styles.p(doc.subject, styles.subject))
    for kind, lines in parse_body(doc.body):
        if kind == "p":
            story.append(styles.p("\n".join(lines)))
        else:
            items = [ListItem(styles.p(item), leftIndent=12, value="•") for item in lines]
            story.append(
                ListFlowable(
                    items,
                    bulletType="bullet",
                    start="•",
                    leftIndent=14,
                    bulletFontName=styles.text_font.name,
                    bulletFontSize=10,
                    spaceAfter=7,
                )
            )
    return story


def _table(rows: Sequence[Sequence], widths: Sequence[float], styles: _Styles, *, header: bool) -> Table:
    cells = [[styles.p(str(value), styles.cell) for value in row] for row in rows]
    table = Table(cells, colWidths=list(widths), repeatRows=1 if header else 0, hAlign="LEFT")
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), styles.text_font.name),  # the table's own default would be Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#dde2e7")),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f6")))
    else:
        commands.append(("TEXTCOLOR", (0, 0), (0, -1), colors.HexColor("#4a5562")))
    table.setStyle(TableStyle(commands))
    return table


def _shipping_page(page: ShippingPage, labels: dict, styles: _Styles) -> list:
    title = labels["shipping"] if page.direction == "outbound" else labels["return"]
    facts = [
        (labels["carrier"], page.carrier),
        (labels["tracking"], page.tracking_number),
        (labels["service"], page.service or "—"),
        (labels["shipped"], page.shipped or "—"),
        (labels["delivered"], page.delivered or labels["not_delivered"]),
        (labels["delivered_to"], page.delivered_to or "—"),
    ]
    story: list = [styles.p(title, styles.heading), _table(facts, (FRAME_W * 0.3, FRAME_W * 0.7), styles, header=False),
                   Spacer(1, 8 * mm), styles.p(labels["scans"], styles.subject)]  # fmt: skip
    if page.scans:
        rows = [(labels["date"], labels["time"], labels["event"], labels["location"], labels["details"])]
        # carrier codes like OUT_FOR_DELIVERY wrap between their words, not inside them
        rows += [(s.day, s.time, s.code.replace("_", " "), s.location, s.description) for s in page.scans]
        widths = (FRAME_W * 0.14, FRAME_W * 0.11, FRAME_W * 0.23, FRAME_W * 0.17, FRAME_W * 0.35)
        story.append(_table(rows, widths, styles, header=True))
    else:
        story.append(styles.p(labels["no_scans"], styles.note))
    return story


def _attachment_page(number: int, item: AttachmentPage, labels: dict, styles: _Styles) -> tuple[list, bool]:
    heading = styles.p(labels["attachment"].format(n=number, label=item.label), styles.heading)
    caption = styles.p(item.filename, styles.small)
    try:
        jpeg, (width, height), note = _attachment_image(item)
    except Exception as exc:  # any unreadable file: listed with a note, never a failed export
        log.info("attachment %s not rendered: %s", item.filename, exc)
        reason = _reason(item, exc)
        note = styles.p(labels["unreadable"].format(reason=reason), styles.note)
        return [heading, caption, Spacer(1, 4 * mm), note], True
    available_h = FRAME_H - 30 * mm
    scale = min(FRAME_W / width, available_h / height, 0.75)  # at most 96 dpi: small images stay sharp
    flowable = Image(io.BytesIO(jpeg), width=width * scale, height=height * scale)  # embedded as is (DCT)
    flowable.hAlign = "CENTER"
    story = [heading, caption, Spacer(1, 4 * mm), flowable]
    if note:
        story.append(styles.p(labels["pdf_pages"].format(pages=note), styles.small))
    return [KeepTogether(story)], False


def _reason(item: AttachmentPage, exc: Exception) -> str:
    kind = item.media_type or "application/octet-stream"
    return f"{kind}, {type(exc).__name__}" if not isinstance(exc, _NotShowable) else kind


class _NotShowable(Exception):
    """A file type that has no page picture (e-mail, spreadsheet, …)."""


def _attachment_image(item: AttachmentPage) -> tuple[bytes, tuple[int, int], int | None]:
    """(JPEG bytes, pixel size, page count for PDFs or None) of an attachment's page picture.

    A JPEG photo that needs no change (RGB or grey, upright, within ``IMAGE_MAX_PX``) is embedded byte for byte;
    a bigger one is decoded at a reduced scale (JPEG draft mode) before the exact downscale. Raises for anything
    that cannot be shown.
    """
    from PIL import Image as PILImage
    from PIL import ImageOps

    kind = (item.media_type or "").lower()
    name = item.filename.lower()
    if kind == "application/pdf" or name.endswith(".pdf"):
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(item.content)
        try:
            count = len(pdf)
            if count == 0:
                raise ValueError("empty PDF")
            page = pdf[0]
            try:
                bitmap = page.render(scale=PDF_RENDER_SCALE)
                image = bitmap.to_pil().convert("RGB")
            finally:
                page.close()
        finally:
            pdf.close()
        return (*_jpeg(image), count)
    if not kind.startswith("image/") and not name.endswith((".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp")):
        raise _NotShowable(kind)
    with PILImage.open(io.BytesIO(item.content)) as source:
        upright = source.getexif().get(EXIF_ORIENTATION, 1) == 1
        if source.format == "JPEG" and source.mode in ("RGB", "L") and upright:
            complete = item.content.rstrip(b"\0").endswith(JPEG_END)  # else decode: a truncated one is refused
            if max(source.size) <= IMAGE_MAX_PX and complete:
                return item.content, source.size, None
            source.draft(source.mode, (IMAGE_MAX_PX, IMAGE_MAX_PX))
        source.load()
        image = ImageOps.exif_transpose(source)
        if image.mode in ("RGBA", "LA", "P"):
            image = image.convert("RGBA")
            flat = PILImage.new("RGB", image.size, "white")
            flat.paste(image, mask=image.getchannel("A"))
            image = flat
        elif image.mode != "RGB":
            image = image.convert("RGB")
        return (*_jpeg(image), None)


def _jpeg(image) -> tuple[bytes, tuple[int, int]]:
    """``image`` (RGB) within ``IMAGE_MAX_PX``, as JPEG bytes, and its size."""
    image.thumbnail((IMAGE_MAX_PX, IMAGE_MAX_PX))
    encoded = io.BytesIO()
    image.save(encoded, "JPEG", quality=88)
    return encoded.getvalue(), image.size


def _summary_page(summary: SummaryPage, styles: _Styles) -> list:
    story: list = [styles.p(summary.title, styles.heading)]
    story.append(_table(summary.rows, (FRAME_W * 0.24, FRAME_W * 0.76), styles, header=False))
    for warning in summary.warnings:
        story.append(Spacer(1, 2 * mm))
        story.append(styles.p(warning, styles.warning))
    if summary.prose.strip():
        story.append(Spacer(1, 5 * mm))
        for kind, lines in parse_body(summary.prose):
            text = "\n".join(lines) if kind == "p" else "\n".join(f"• {line}" for line in lines)
            story.append(styles.p(text))
    return story
