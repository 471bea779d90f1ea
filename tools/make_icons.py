#!/usr/bin/env python3
"""Draw the ACORN-i icon (an acorn on a rounded square) as SVG, 256 px PNG and multi-size ICO.

The same shapes, in a 256-unit coordinate system, feed both the SVG text and the Pillow drawing, so the
files always agree. Run after changing a shape or colour:

    .venv/bin/python tools/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZE = 256
SCALE = 4  # draw at 1024 px, then downsample: cheap anti-aliasing

BACKGROUND = "#1f6f5c"  # deep green tile
NUT = "#d9a35b"
NUT_SHADE = "#b97f3a"
CAP = "#6b4423"
CAP_DOTS = "#8a5a33"
STEM = "#6b4423"
LEAF = "#8cc084"

# Shapes: (kind, box-or-points, fill). Boxes are (x0, y0, x1, y1) in the 256 grid.
TILE = (8, 8, 248, 248, 44)  # rounded rect with radius
NUT_BODY = (64, 92, 192, 228)  # ellipse
NUT_SHINE = (88, 120, 118, 176)  # ellipse highlight (drawn lighter)
CAP_BODY = (52, 70, 204, 140)  # ellipse
STEM_BOX = (120, 38, 136, 80)  # rounded rect
LEAF_PTS = [(136, 56), (170, 30), (206, 40), (176, 66)]
DOTS = [(84, 100), (108, 90), (132, 86), (156, 90), (180, 100), (96, 118), (124, 112), (150, 112), (172, 118)]
DOT_R = 6


def svg() -> str:
    x0, y0, x1, y1, r = TILE

    def ellipse(box, fill, extra=""):
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        rx, ry = (box[2] - box[0]) / 2, (box[3] - box[1]) / 2
        return f'<ellipse cx="{cx:g}" cy="{cy:g}" rx="{rx:g}" ry="{ry:g}" fill="{fill}"{extra}/>'

    # The right half of the nut, darker: an elliptical arc from top to bottom, closed along the middle.
    nx0, ny0, nx1, ny1 = NUT_BODY
    ncx, nrx, nry = (nx0 + nx1) / 2, (nx1 - nx0) / 2, (ny1 - ny0) / 2
    shade = f"M {ncx:g},{ny0} A {nrx:g},{nry:g} 0 0 1 {ncx:g},{ny1} Z"
    shine = ellipse(NUT_SHINE, "#ffffff", ' fill-opacity="0.35"')
    leaf = " ".join(f"{x},{y}" for x, y in LEAF_PTS)
    dots = "".join(f'<circle cx="{x}" cy="{y}" r="{DOT_R}" fill="{CAP_DOTS}"/>' for x, y in DOTS)
    sx0, sy0, sx1, sy1 = STEM_BOX
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" viewBox="0 0 {SIZE} {SIZE}">\n'
        f"  <title>ACORN-i</title>\n"
        f'  <rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" rx="{r}" fill="{BACKGROUND}"/>\n'
        f"  {ellipse(NUT_BODY, NUT)}\n"
        f'  <path d="{shade}" fill="{NUT_SHADE}"/>\n'
        f"  {shine}\n"
        f'  <rect x="{sx0}" y="{sy0}" width="{sx1 - sx0}" height="{sy1 - sy0}" rx="6" fill="{STEM}"/>\n'
        f'  <polygon points="{leaf}" fill="{LEAF}"/>\n'
        f"  {ellipse(CAP_BODY, CAP)}\n"
        f"  {dots}\n"
        f"</svg>\n"
    )


def png() -> Image.Image:
    def s(box):
        return tuple(v * SCALE for v in box)

    big = Image.new("RGBA", (SIZE * SCALE, SIZE * SCALE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)
    x0, y0, x1, y1, r = TILE
    draw.rounded_rectangle(s((x0, y0, x1, y1)), radius=r * SCALE, fill=BACKGROUND)
    # Nut: light ellipse, its right half shaded, a soft highlight.
    draw.ellipse(s(NUT_BODY), fill=NUT)
    draw.chord(s(NUT_BODY), -90, 90, fill=NUT_SHADE)
    highlight = Image.new("RGBA", big.size, (0, 0, 0, 0))
    ImageDraw.Draw(highlight).ellipse(s(NUT_SHINE), fill=(255, 255, 255, 90))
    big.alpha_composite(highlight)
    draw = ImageDraw.Draw(big)
    draw.rounded_rectangle(s(STEM_BOX), radius=6 * SCALE, fill=STEM)
    draw.polygon([(x * SCALE, y * SCALE) for x, y in LEAF_PTS], fill=LEAF)
    draw.ellipse(s(CAP_BODY), fill=CAP)
    for x, y in DOTS:
        draw.ellipse(s((x - DOT_R, y - DOT_R, x + DOT_R, y + DOT_R)), fill=CAP_DOTS)
    return big.resize((SIZE, SIZE), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "acorn.svg").write_text(svg(), encoding="utf-8")
    image = png()
    image.save(OUT / "acorn.png", optimize=True)
    image.save(OUT / "acorn.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    print(f"wrote {OUT / 'acorn.svg'}, acorn.png, acorn.ico")


if __name__ == "__main__":
    main()
