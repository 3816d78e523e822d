"""Budget tables (realisasi and alokasi anggaran) to raw rows with their hierarchy.

The level of a row comes from its printed code: Permendagri 90 codes by
their number of segments (``7.01.01`` program, ``7.01.01.2.01`` kegiatan,
``7.01.01.2.01.0001`` sub kegiatan), otherwise from the numbering style in
order of first appearance (``I`` → ``A`` → ``1``), otherwise from a word
prefix (``Program``, ``Kegiatan :``, ``Sub Kegiatan :``). Total rows are
level ``jumlah``; a page's running total or carried-over amount (``Jumlah
halaman ini``, ``Pindahan halaman sebelumnya``) is not a row at all.
"""

from __future__ import annotations

import re

from lkjip.extractors.families.code_sequence import repair_codes
from lkjip.extractors.locate.tables import LocatedTable
from lkjip.extractors.model.raw import RawRow, cell_text
from lkjip.normalizers.text import clean_code

LEVELS = ("program", "kegiatan", "sub_kegiatan")
# totals: "Jumlah", "Total", and the spending classes a 2016-style budget sums its programs into
# ("BELANJA", "Belanja Tidak Langsung", "Belanja Langsung")
_TOTAL = re.compile(
    r"^\s*(j\s*u\s*m\s*l\s*a\s*h|total\b|belanja(\s+(tidak\s+)?langsung)?\s*$)", re.IGNORECASE
)
# a list number printed in the label's cell ("1. Program Perencanaan", "II. Program ...")
_LEADING_NUMBER = re.compile(r"^\s*(\d{1,3}|[IVXL]{1,5}|[A-Za-z])[.)]\s+(?=[A-Za-z])")
# A page's running total ("Jumlah halaman ini", "Jumlah s.d. halaman ini") or the amount carried over
# to or from another page ("Pindahan dari halaman sebelumnya", "Jumlah dipindahkan"): bookkeeping of
# a table printed over several pages, neither a budget line nor the table's total.
PAGE_TOTAL = re.compile(
    r"^\s*(?:(?:jumlah|total|sub[\s-]*total)\b.*?\b(?:halaman|hal|hlm)\b"
    r"|(?:jumlah\s+)?(?:pindahan|dipindahkan|dibawa|carried|carry)\b)",
    re.IGNORECASE,
)
_PREFIX = re.compile(r"^\s*(sub[\s-]*kegiatan|kegiatan|program)\b\s*[:.]?", re.IGNORECASE)
_LABEL_PREFIX = re.compile(r"^\s*(sub[\s-]*kegiatan|kegiatan|program)\s*:\s*", re.IGNORECASE)
_LEADING_CODE = re.compile(r"^\s*(\d+(?:\.\d+){2,})\.?\s+(?=\S)")
_ROMAN = re.compile(r"^[IVXL]+$")
_LETTER = re.compile(r"^[A-Za-z]$")
_ARABIC = re.compile(r"^\d{1,3}$")
_DOTTED = re.compile(r"^\d+(?:\.\d+)+$")
VALUE_ROLES = ("pagu", "realisasi", "persen")


def code_style(code: str, prev_letter: str | None) -> str | None:
    """Numbering style of a printed code: "roman", "letter", "arabic", "dotted", or None."""
    if _DOTTED.match(code):
        return "dotted"
    if _ARABIC.match(code):
        return "arabic"
    if _ROMAN.match(code):
        # I, V, X are letters when they continue a letter sequence (H→I, U→V, W→X)
        if len(code) == 1 and prev_letter and ord(code.upper()) == ord(prev_letter.upper()) + 1:
            return "letter"
        return "roman"
    if _LETTER.match(code):
        return "letter"
    return None


def dotted_level(code: str) -> str:
    """The level of a dotted code: an outline number ("1.2", "1.2.3": short parts, no leading zero) by its
    depth, a Permendagri code ("7.01.01", "7.01.01.2.01") by its number of segments."""
    parts = code.split(".")
    n = len(parts)
    if n <= 3 and all(len(p) <= 2 and not p.startswith("0") for p in parts):
        return LEVELS[n - 1]
    return "program" if n <= 3 else "kegiatan" if n <= 5 else "sub_kegiatan"


def extract_anggaran(lt: LocatedTable) -> list[RawRow]:
    """Given a located budget table, return its rows with level and path."""
    rows = _collect_rows(lt)
    if lt.block.ocr:
        coded = [r for r in rows if r.level != "jumlah"]
        fixes = repair_codes([r.fields["kode"] for r in coded], [r.fields["uraian"] or "" for r in coded])
        for r, fix in zip(coded, fixes, strict=True):
            if fix is not None:
                r.fields["kode"], r.kode_ocr, r.kode_bukti = fix.text, fix.read, fix.why
    if _row_numbers(rows):
        for r in rows:
            r.fields["kode"] = None
    _assign_levels(rows)
    return rows


def _row_numbers(rows: list[RawRow]) -> bool:
    """Whether the code column only counts the rows (1, 2, 3, ... down the table, whatever the level: a
    "No" column), not codes: a program's kegiatan numbered on from it, a level numbering never restarts."""
    coded = [r for r in rows if r.level != "jumlah"]
    codes = [clean_code(r.fields["kode"]) for r in coded]
    if len(coded) < 3 or codes != [str(k) for k in range(1, len(coded) + 1)]:
        return False
    programs = [_is_program(r.fields["uraian"] or "") for r in coded]
    return any(programs) and not all(programs)


def _is_program(label: str) -> bool:
    m = _PREFIX.match(label)
    return m is not None and m.group(1).lower() == "program"


def _collect_rows(lt: LocatedTable) -> list[RawRow]:
    """The table's rows as printed: totals marked ``jumlah``, wrapped names joined, leading codes split off."""
    ch = lt.chosen
    value_cols = {j for r in VALUE_ROLES for j in ch.get(r, [])}
    rows: list[RawRow] = []
    for row, page in zip(lt.body, lt.body_pages, strict=True):
        kode_raw = cell_text(row, ch.get("kode"), origin_only=True)
        uraian = cell_text(row, ch.get("uraian"))
        values = {r: cell_text(row, ch.get(r), origin_only=True) for r in VALUE_ROLES}
        if not any(values.values()) and not uraian and not kode_raw:
            continue
        fields: dict[str, str | None] = {
            "kode": kode_raw,
            "uraian": uraian,
            "target_kinerja": cell_text(row, ch.get("target_kinerja")),
            "realisasi_kinerja": cell_text(row, ch.get("realisasi_kinerja")),
            **values,
        }
        label = uraian or kode_raw or ""
        if PAGE_TOTAL.match(label):
            continue
        # a row without a name counts as a total only by a figure of its own: an indicator printed on its own
        # line under its program ("Predikat SAKIP", dashes for figures) is no total row
        figures = any(any(ch.isdigit() for ch in v) for v in values.values() if v)
        if not uraian and not kode_raw and not figures:
            continue
        if (_TOTAL.match(label) or (not uraian and not kode_raw)) and any(values.values()):
            fields["kode"] = None
            fields["uraian"] = uraian or kode_raw or "Jumlah"
            rows.append(RawRow(fields=fields, page=page, level="jumlah"))
            continue
        wrapped = rows and uraian and _continues(rows[-1], uraian, page)
        if value_cols and not any(values.values()) and not kode_raw and wrapped:
            prev = rows[-1].fields  # a wrapped name continued on its own row
            prev["uraian"] = f"{prev['uraian'] or ''} {uraian}".strip()
            continue
        if not clean_code(kode_raw) and uraian:
            # a code printed in the name's cell is the row's code; so is a list number ("1. Program Perencanaan")
            # where the table prints no code column to number its rows
            m = _LEADING_CODE.match(uraian) or (None if ch.get("kode") else _LEADING_NUMBER.match(uraian))
            if m:
                fields["kode"] = m.group(1)
                fields["uraian"] = uraian[m.end() :]
        rows.append(RawRow(fields=fields, page=page))
    return rows


def _continues(prev: RawRow, uraian: str, page: int | None) -> bool:
    """Whether a row of a name alone goes on with the name above: it starts in lower case, or it stands
    first on a new page under a row with figures and is a few words that open no budget line ("Aparatur"
    at the top of the page after "7. Program Peningkatan Sarana dan Prasarana")."""
    if uraian[:1].islower():
        return True
    if page is None or prev.page is None or page == prev.page or prev.level == "jumlah":
        return False
    had_figures = any(prev.fields.get(r) for r in VALUE_ROLES)
    return had_figures and len(uraian.split()) <= 3 and not _PREFIX.match(uraian) and not _TOTAL.match(uraian)


def _assign_levels(rows: list[RawRow]) -> None:
    """Set each non-total row's level and path from its code, its label prefix or its case."""
    styles: dict[str, int] = {}  # numbering style -> depth, learnt in order of first appearance
    stack: list[str] = []  # path of the current row
    siblings: list[dict[str, int]] = [{}, {}, {}]  # per level: code -> times seen under the current parent
    uncoded = [0, 0, 0]
    codes: list[str] = ["", "", ""]  # per level: the code of the current row of that level
    prev_letter: str | None = None
    for raw in rows:
        if raw.level == "jumlah":
            continue
        fields = raw.fields
        uraian = fields["uraian"]
        code = clean_code(fields["kode"]) if fields["kode"] else ""
        level = _level_of(code, uraian or "", styles, prev_letter)
        level = _below_extended_code(code, level, codes[: len(stack)])
        labelled = _LABEL_PREFIX.match(fields["uraian"] or "")
        if labelled:  # "Kegiatan : Penyediaan …" names the level; the name is what follows
            fields["uraian"] = fields["uraian"][labelled.end() :]  # type: ignore[index]
        if level is None:
            level = "program" if (uraian or "").isupper() else LEVELS[min(len(stack), 2)]
        depth = LEVELS.index(level)
        if code and code_style(code, prev_letter) == "letter":
            prev_letter = code
        elif depth == 0:
            prev_letter = None
        del stack[depth:]
        codes[depth] = code
        for k in range(depth + 1, 3):
            siblings[k] = {}
            uncoded[k] = 0
            codes[k] = ""
        if code:
            seen = siblings[depth].get(code, 0) + 1
            siblings[depth][code] = seen
            element = code if seen == 1 else f"{code}#{seen}"
        else:
            uncoded[depth] += 1
            element = f"#{uncoded[depth]}"
        while len(stack) < depth:
            stack.append("#0")  # a level the table skips (sub kegiatan directly under program)
        stack.append(element)
        raw.level, raw.path = level, list(stack)


def _below_extended_code(code: str, level: str | None, above: list[str]) -> str | None:
    """A dotted code that extends the code of a row above it ("29" then "29.01", "39" then "39.10") is one level
    below that row, whatever its number of segments says: a 2016-style budget codes its kegiatan so."""
    if not code or not _DOTTED.match(code):
        return level
    parents = [d for d, c in enumerate(above) if c and code.startswith(c + ".")]
    if not parents:
        return level
    below = LEVELS[min(parents[-1] + 1, 2)]
    return below if level is None or LEVELS.index(below) > LEVELS.index(level) else level


def _level_of(code: str, uraian: str, styles: dict[str, int], prev_letter: str | None) -> str | None:
    style = code_style(code, prev_letter) if code else None
    # "1. Program Perencanaan": the list number before the level word does not hide it
    m = _PREFIX.match(_LEADING_NUMBER.sub("", uraian, count=1))
    if m:
        word = re.sub(r"[\s-]+", " ", m.group(1).lower())
        level = {"program": "program", "kegiatan": "kegiatan", "sub kegiatan": "sub_kegiatan"}[word]
        if style and style != "dotted":
            styles.setdefault(style, LEVELS.index(level))
        return level
    if style is None:
        return None
    if style == "dotted":
        return dotted_level(code)
    if style not in styles:
        styles[style] = min(max(styles.values(), default=-1) + 1, 2)
    return LEVELS[styles[style]]
