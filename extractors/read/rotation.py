"""Pages whose text runs sideways: a landscape table set on a portrait page and turned 90 degrees.

Word exports a landscape section of a portrait document this way, and some
PDF tools do the same without a ``/Rotate``: every glyph is drawn turned, so
pdfplumber reads the page's lines as columns and its tables as nothing (a real
2016 LKIP's capaian tables came out empty). When most characters are turned
the same quarter turn, the page is read in the frame of its text: characters
and ruling edges are mapped by that turn onto an upright page, and the usual
reading runs on it. Characters drawn at other angles (a diagonal watermark)
are left out.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from lkjip.extractors.read.fast_page import FastPage
from lkjip.extractors.read.rules import pdfplumber_page_edges

# share of a page's characters that must be turned the same way before the page is read turned
MIN_TURNED_SHARE = 0.6


def _angle(char: dict[str, Any]) -> int:
    a, b = char["matrix"][0], char["matrix"][1]
    return round(math.degrees(math.atan2(b, a)) / 90) * 90 % 360


def text_turn(page: Any) -> int:
    """Given a pdfplumber page, return the quarter turn (90 or 270) its text is drawn at, or 0."""
    chars = page.chars
    if not chars:
        return 0
    turns = Counter(_angle(c) for c in chars if not c.get("upright", True))
    if not turns:
        return 0
    turn, n = turns.most_common(1)[0]
    return turn if turn in (90, 270) and n >= MIN_TURNED_SHARE * len(chars) else 0


def _box(x0: float, x1: float, top: float, bottom: float, turn: int, w: float, h: float) -> tuple[float, ...]:
    """A box of the page mapped onto the upright page: (x0, x1, top, bottom)."""
    if turn == 90:  # text reads bottom to top: turn the page clockwise
        return (h - bottom, h - top, x0, x1)
    return (top, bottom, w - x1, w - x0)  # text reads top to bottom: turn it counter-clockwise


def upright_page(page: Any) -> FastPage | None:
    """Given a pdfplumber page whose text is turned a quarter, return it read upright, else None."""
    turn = text_turn(page)
    if not turn:
        return None
    w, h = float(page.width), float(page.height)
    chars: list[dict[str, Any]] = []
    for c in page.chars:
        if _angle(c) != turn:
            continue
        x0, x1, top, bottom = _box(float(c["x0"]), float(c["x1"]), float(c["top"]), float(c["bottom"]), turn, w, h)
        chars.append(
            {
                "text": c["text"], "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
                "width": x1 - x0, "height": bottom - top, "size": c.get("size", bottom - top),
                "upright": True, "fontname": c.get("fontname", ""), "object_type": "char",
            }
        )  # fmt: skip
    edges: list[dict[str, Any]] = []
    for e in pdfplumber_page_edges(page):
        x0, x1, top, bottom = _box(float(e["x0"]), float(e["x1"]), float(e["top"]), float(e["bottom"]), turn, w, h)
        orientation = "h" if e["orientation"] == "v" else "v"
        edges.append(
            {
                "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top, "width": x1 - x0,
                "height": bottom - top, "orientation": orientation, "object_type": "line",
            }
        )  # fmt: skip
    chars.sort(key=lambda c: (round(c["top"]), c["x0"]))
    return FastPage(h, w, chars, edges)
