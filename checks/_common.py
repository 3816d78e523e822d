"""Shared helpers of the checks: labels for tables and rows, numbers printed the Indonesian way."""

from __future__ import annotations

import math
import re
from typing import Final

from lkjip.normalizers.numbers import read_number
from lkjip.records import AnggaranRow, Report, Severity, Warning

#: Longest uraian or indicator text quoted in a message before it is cut with "…".
LABEL_MAX: Final[int] = 40

_TABEL_RE = re.compile(r"^\s*(tabel\s*[0-9IVX]+(?:\s*[.\-]\s*[0-9]+)*)", re.IGNORECASE)
_JENIS_WORD: Final[dict[str, str]] = {
    "capaian_iku": "capaian IKU",
    "target_iku": "IKU",
    "perjanjian_kinerja": "perjanjian kinerja",
    "capaian_sasaran": "capaian sasaran",
    "realisasi_anggaran": "realisasi anggaran",
    "alokasi_anggaran": "alokasi anggaran",
    "idm": "IDM",
}
_LEVEL_WORD: Final[dict[str, str]] = {
    "program": "Program",
    "kegiatan": "Kegiatan",
    "sub_kegiatan": "Sub kegiatan",
    "jumlah": "Baris jumlah",
}


def table_label(report: Report, table_id: str) -> str:
    """Given a table id, return how a reviewer finds the table: "Tabel 3.4", else "tabel IDM (t08)"."""
    for t in report.tables:
        if t.table_id == table_id:
            m = _TABEL_RE.match(t.judul or "")
            if m:
                label = re.sub(r"\s+", " ", m.group(1)).strip().rstrip(".-").strip()
                return "Tabel" + label[5:]
            return f"tabel {_JENIS_WORD.get(t.jenis, t.jenis)} ({table_id})"
    return f"tabel {table_id}"


def shorten(text: str | None, limit: int = LABEL_MAX) -> str:
    """Given a long name, return it cut to ``limit`` characters with "…"."""
    s = " ".join((text or "").split())
    if len(s) <= limit:
        return s
    return s[: limit - 1].rstrip(" ,.;:-(") + " …"


def anggaran_label(row: AnggaranRow) -> str:
    """Given a budget row, return "Program I (PROGRAM PENUNJANG …)"."""
    word = _LEVEL_WORD.get(row.level, row.level)
    if row.level == "jumlah":
        return f"{word} ({shorten(row.uraian)})" if row.uraian else word
    kode = f" {row.kode}" if row.kode else ""
    return f"{word}{kode} ({shorten(row.uraian)})"


def fmt_num(value: float, decimals: int = 2) -> str:
    """Given a number, return it printed the Indonesian way: 2.259.208.970 or 95,38."""
    if not math.isfinite(value):
        return str(value)
    text = f"{value:,.{max(decimals, 0)}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def fmt_rp(value: float) -> str:
    """Given a rupiah amount, return it with dot thousands and sen only when present."""
    decimals = 0 if round(value * 100) % 100 == 0 else 2
    return fmt_num(value, decimals)


def printed(teks: str | None, value: float, decimals: int = 2) -> str:
    """Given a cell's printed text and value, return the text as printed (or the value formatted)."""
    s = " ".join((teks or "").split())
    return s if s else fmt_num(value, decimals)


def warning(
    code: str,
    severity: Severity,
    message: str,
    *,
    table_id: str | None = None,
    page: int | None = None,
    row: int | None = None,
    field: str | None = None,
    expected: object = None,
    found: object = None,
) -> Warning:
    """Build one Warning record (numbers rounded so JSON stays readable)."""
    return Warning(
        code=code,
        severity=severity,
        message=message,
        table_id=table_id,
        page=page,
        row=row,
        field=field,
        expected=_clean(expected),
        found=_clean(found),
    )


def _clean(value: object) -> object:
    if isinstance(value, float) and math.isfinite(value):
        rounded = round(value, 6)
        return int(rounded) if rounded.is_integer() and abs(rounded) >= 1000 else rounded
    return value


def num(value: object) -> float | None:
    """Given a record field, return it as a finite float or None (checks never trust types blindly)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    f = float(value)
    return f if math.isfinite(f) else None


def fmt_short(value: float, max_decimals: int = 4) -> str:
    """Given a computed figure, return it with at most ``max_decimals`` decimals, trailing zeros dropped."""
    text = fmt_num(value, max_decimals)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def readings(value: float, teks: str | None) -> tuple[float, ...]:
    """Given a figure as read and its printed text, return every value the print allows: the reading taken
    first, then the other one of an ambiguous print ("3.871": 3871 or 3,871). A contradiction that one of
    the other readings removes rests on the reading chosen, not on the page."""
    alternatives = list(read_number(teks).alternatives) if teks else []
    scale = _SCALE_WORD.search(teks or "")
    if scale:  # "6 Juta Ekor": the word multiplies the figure, as the author meant it
        alternatives.append(value * _SCALES[scale.group(1).casefold()])
    return (value, *(a for a in alternatives if a != value))


_SCALES: Final[dict[str, float]] = {"ribu": 1e3, "juta": 1e6, "miliar": 1e9, "milyar": 1e9, "triliun": 1e12}
_SCALE_WORD = re.compile(r"\d\s*(ribu|juta|miliar|milyar|triliun)\b", re.IGNORECASE)


#: Grids taken from the file itself (a DOCX table, ruling lines of a text layer): their rows are the printed
#: rows. A grid built from word alignment or OCR may split, join or shift rows.
FIRM_GRIDS: frozenset[str] = frozenset({"docx", "ruled"})


def firm_grid(report: Report, table_id: str) -> bool:
    """Whether a table's grid came from the file itself rather than from alignment or OCR."""
    struktur = next((t.struktur for t in report.tables if t.table_id == table_id), None) or ""
    parts = [p for p in struktur.split("+") if p]
    return bool(parts) and all(p in FIRM_GRIDS for p in parts)
