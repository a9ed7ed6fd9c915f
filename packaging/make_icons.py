"""Draw the application icon from resources/icons/khien.svg with Pillow.

    python packaging/make_icons.py

Writes khien-<size>.png for each size, khien.png (256 px) and khien.ico (Windows, every
size in one file) beside the SVG. The SVG is the source: this script understands only what
it uses — filled <path>s with absolute M, L, C, Q and Z commands — and refuses anything
else, so a change to the SVG that it cannot draw fails loudly instead of drawing wrong.
Each size is drawn at 16× and scaled down, which keeps the edges smooth at 16 px.
"""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SOURCE = ICONS / "khien.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256)
OVERSAMPLE = 16
CURVE_STEPS = 32
_TOKEN = re.compile(r"[MLCQZ]|-?\d+(?:\.\d+)?")

Point = tuple[float, float]


def _bezier(points: list[Point], steps: int = CURVE_STEPS) -> list[Point]:
    """Points along a quadratic or cubic Bézier curve (the first point excluded)."""
    out = []
    for n in range(1, steps + 1):
        t = n / steps
        pts = points
        while len(pts) > 1:  # de Casteljau
            pts = [
                (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
                for a, b in zip(pts, pts[1:], strict=False)
            ]
        out.append(pts[0])
    return out


def parse_path(d: str) -> list[list[Point]]:
    """The closed polygons of an SVG path's ``d`` (absolute M, L, C, Q, Z only)."""
    tokens = _TOKEN.findall(d)
    if "".join(tokens).replace(" ", "") != re.sub(r"[\s,]+", "", d):
        raise ValueError(f"unsupported path data: {d!r}")
    shapes: list[list[Point]] = []
    current: list[Point] = []
    i = 0

    def numbers(count: int) -> list[float]:
        nonlocal i
        values = [float(v) for v in tokens[i : i + count]]
        if len(values) != count or any(t.isalpha() for t in tokens[i : i + count]):
            raise ValueError(f"path command needs {count} numbers: {d!r}")
        i += count
        return values

    while i < len(tokens):
        cmd = tokens[i]
        i += 1
        if cmd == "M":
            x, y = numbers(2)
            current = [(x, y)]
            shapes.append(current)
        elif cmd == "L":
            x, y = numbers(2)
            current.append((x, y))
        elif cmd == "C":
            c = numbers(6)
            current += _bezier([current[-1], (c[0], c[1]), (c[2], c[3]), (c[4], c[5])])
        elif cmd == "Q":
            c = numbers(4)
            current += _bezier([current[-1], (c[0], c[1]), (c[2], c[3])])
        elif cmd == "Z":
            pass
        else:
            raise ValueError(f"unsupported path command {cmd!r}")
    return shapes


def load_svg(path: Path) -> tuple[float, list[tuple[str, list[list[Point]]]]]:
    """The view box size and the (fill, polygons) of each path, in drawing order."""
    root = ET.parse(path).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    box = [float(v) for v in root.attrib["viewBox"].split()]
    if box[0] or box[1] or box[2] != box[3]:
        raise ValueError("the icon's viewBox must be square and start at 0 0")
    layers = []
    for el in root.iter():
        tag = el.tag.removeprefix(ns)
        if tag in ("svg", "title", "desc"):
            continue
        if tag != "path":
            raise ValueError(f"unsupported SVG element <{tag}>")
        layers.append((el.attrib["fill"], parse_path(el.attrib["d"])))
    return box[2], layers


def render(size: int, view: float, layers: list[tuple[str, list[list[Point]]]]) -> Image.Image:
    big = size * OVERSAMPLE
    scale = big / view
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    for fill, shapes in layers:
        for shape in shapes:
            draw.polygon([(x * scale, y * scale) for x, y in shape], fill=fill)
    return img.resize((size, size), Image.Resampling.LANCZOS)


def main() -> int:
    view, layers = load_svg(SOURCE)
    images = {size: render(size, view, layers) for size in SIZES}
    for size, img in images.items():
        img.save(ICONS / f"khien-{size}.png", optimize=True)
    images[256].save(ICONS / "khien.png", optimize=True)
    images[256].save(
        ICONS / "khien.ico", sizes=[(s, s) for s in SIZES], append_images=list(images.values())
    )
    print(f"Wrote {len(SIZES)} PNG sizes, khien.png and khien.ico to {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
