"""Stable keys of rows, tables and warnings: what a reviewer's decision is attached to.

A decision must find its row again after a re-extraction, also by a newer
pipeline that numbers tables differently (``t07`` becomes ``t08`` when a table
more is found earlier), orders records differently or drops a row. Row
position alone (``row_index``) survives none of that, so a row is keyed by
what is printed:

    <table jenis>|p<page>|<label folded>#<occurrence>

where the label is the indicator (``iku``), the uraian (``anggaran``) or the
desa name with its IDM year (``idm``), folded like every comparison key of
the project (``normalizers.text.fold``: case, punctuation, spacing and
homoglyphs do not matter), and the occurrence counts rows with the same
jenis, page and label in the order printed (a label printed twice on one
page): by the row's place within its own table, so a pipeline that lists the
tables in another order numbers them alike. Each row has three such keys,
from strict to loose:

    exact      jenis, page and label   ``capaian_iku|p12|nilai akip#1``
    no_page    jenis and label         ``capaian_iku|nilai akip#1``   (the row's page was read differently)
    no_jenis   page and label          ``p12|nilai akip#1``           (the table was classified differently)

A decision stores all three; it is matched at the strictest level that finds
a row (each key is unique within a report at its level, so a level finds one
row or none). Tables are keyed by jenis and first page
(``capaian_iku|p12#1``), warnings by code, the key of their row (or their
table and page) and field. A decision no level matches is *orphaned*.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from lkjip.normalizers.text import fold
from lkjip.records import ANGGARAN_JENIS

FAMILIES: Final[tuple[str, ...]] = ("iku", "anggaran", "idm")
LEVELS: Final[tuple[str, ...]] = ("exact", "no_page", "no_jenis")


@dataclass(frozen=True, slots=True)
class Keys:
    """The three keys of one row, table or warning, strict to loose."""

    exact: str
    no_page: str
    no_jenis: str

    def levels(self) -> tuple[str, str, str]:
        return (self.exact, self.no_page, self.no_jenis)


def _int(value: Any) -> int | None:
    try:
        return None if value is None or value != value else int(value)  # NaN != NaN
    except (TypeError, ValueError):
        return None


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def family_of_jenis(jenis: str | None) -> str:
    """The record family of a table jenis: ``idm``, ``anggaran`` or ``iku``."""
    if jenis == "idm":
        return "idm"
    return "anggaran" if jenis in ANGGARAN_JENIS else "iku"


def row_label(family: str, row: Mapping[str, Any]) -> str:
    """Given a family and one of its rows, return the folded printed label the row is known by."""
    if family == "iku":
        return fold(_text(row.get("indikator")))
    if family == "anggaran":
        return fold(_text(row.get("uraian")))
    year = _int(row.get("tahun"))
    return fold(_text(row.get("nama_desa"))) + (f" {year}" if year is not None else "")


def _numbered(bases: Sequence[tuple[str, str, str]], order: Sequence[Any] | None = None) -> list[Keys]:
    """Given (exact, no_page, no_jenis) bases, return keys with occurrence numbers, counted in ``order``
    (a sort key per item; the list order when None)."""
    seen: list[Counter[str]] = [Counter(), Counter(), Counter()]
    out: list[Keys | None] = [None] * len(bases)
    ranks = order if order is not None else range(len(bases))
    for i in sorted(range(len(bases)), key=lambda i: (ranks[i], i)):
        numbered = []
        for level, text in enumerate(bases[i]):
            seen[level][text] += 1
            numbered.append(f"{text}#{seen[level][text]}")
        out[i] = Keys(*numbered)
    return [k for k in out if k is not None]


def rows_to_keys(family: str, rows: Sequence[Mapping[str, Any]]) -> list[Keys]:
    """Given one report's rows of a family in printed order, return each row's keys."""
    bases = []
    within: Counter[str] = Counter()
    order = []
    for row in rows:
        jenis = _text(row.get("jenis")) or "idm"
        page = _int(row.get("page"))
        label = row_label(family, row)
        bases.append((f"{jenis}|p{page}|{label}", f"{jenis}|{label}", f"p{page}|{label}"))
        table = _text(row.get("table_id"))
        order.append((page or 0, within[table]))  # the page, then the row's place in its own table
        within[table] += 1
    return _numbered(bases, order)


def _first_page(pages: Any) -> int | None:
    try:
        return _int(next(iter(pages))) if pages is not None and len(pages) else None
    except TypeError:
        return None


def tables_to_keys(tables: Sequence[Mapping[str, Any]]) -> list[Keys]:
    """Given one report's tables in order, return each table's keys (jenis and first page)."""
    bases = []
    for t in tables:
        jenis, page = _text(t.get("jenis")), _first_page(t.get("pages"))
        bases.append((f"{jenis}|p{page}", jenis, f"p{page}"))
    return _numbered(bases)


def warnings_to_keys(
    warnings: Sequence[Mapping[str, Any]],
    tables: Sequence[Mapping[str, Any]],
    rows: Mapping[str, Sequence[Keys]],
) -> list[Keys]:
    """Given one report's warnings, tables and each family's row keys, return each warning's keys.

    A warning on a row is keyed by its code, its row's key at each level and its field; one without a
    row by its code, its table's key, its page and field."""
    table_keys = dict(zip((_text(t.get("table_id")) for t in tables), tables_to_keys(tables), strict=True))
    jenis = {_text(t.get("table_id")): _text(t.get("jenis")) for t in tables}
    bases = []
    for w in warnings:
        code, field = _text(w.get("code")), _text(w.get("field"))
        table_id = _text(w.get("table_id"))
        row = _int(w.get("row"))
        family_rows = rows.get(family_of_jenis(jenis.get(table_id)), []) if table_id in jenis else []
        if row is not None and 0 <= row < len(family_rows):
            k = family_rows[row].levels()
            bases.append((f"{code}|{k[0]}|{field}", f"{code}|{k[1]}|{field}", f"{code}|{k[2]}|{field}"))
            continue
        t = table_keys.get(table_id)
        where = f"p{_int(w.get('page'))}|{field}"
        if t is None:
            bases.append((f"{code}|-|{where}",) * 3)
        else:
            bases.append(tuple(f"{code}|{level}|{where}" for level in t.levels()))  # type: ignore[arg-type]
    return _numbered(bases)


def match(stored: Sequence[str], candidates: Sequence[Keys]) -> int | None:
    """Given a decision's stored keys (strict to loose) and the current keys, return the index of the row
    the strictest matching level finds, or None (orphaned)."""
    for level, key in enumerate(stored[: len(LEVELS)]):
        for i, cand in enumerate(candidates):
            if cand.levels()[level] == key:
                return i
    return None
