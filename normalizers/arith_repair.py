"""Figures read by OCR: their confidence, and misread digits caught by the table's own arithmetic.

Every figure of a row on a scanned page gets the confidence OCR gave its cell
(``ocr_konfidensi``; the row's lowest in ``ocr_confidence``). Then the tables
check themselves: budget children sum to their parent and programs to the
total, persen = realisasi / pagu × 100, capaian = realisasi / target × 100
(or the inverse), nilai IDM = (IKS + IKE + IKL) / 3, and IKS, IKE and IKL lie
on their grids of 1/175, 1/60 and 1/15 (35, 12 and 3 indicators scored 1..5).
When a relation fails, every single-digit substitution of every OCR figure in
it is tried; when exactly one makes every relation that figure takes part in
hold, it is proposed: the record takes the corrected value, keeps the OCR text
in ``*_teks`` and the evidence in ``koreksi``, and an ``OCR_KOREKSI`` warning
says so. Anything else stays as read, for the checks to report. Figures read
with low confidence and not corrected get an ``OCR_RAGU`` note.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lkjip.normalizers.numbers import ColumnKind, read_number
from lkjip.normalizers.tolerance import printed_agrees, rupiah_equal
from lkjip.records import AnggaranRow, IdmRow, IkuRow, Koreksi, Report, Warning

CODES = ("OCR_KOREKSI", "OCR_RAGU")
LOW_CONFIDENCE = 0.6  # below this an uncorrected OCR figure is noted as doubtful
MAX_ROUNDS = 5
IDM_GRIDS = {"iks": 175, "ike": 60, "ikl": 15}

Row = IkuRow | AnggaranRow | IdmRow
FIGURES: dict[str, tuple[tuple[str, ColumnKind], ...]] = {
    "iku": (("target", "value"), ("realisasi", "value"), ("capaian", "percent")),
    "anggaran": (("pagu", "rupiah"), ("realisasi", "rupiah"), ("persen", "percent")),
    "idm": (("iks", "index"), ("ike", "index"), ("ikl", "index"), ("nilai_idm", "index")),
}
_TEKS = {"nilai_idm": "nilai_idm_teks"}

Cell = tuple[str, int, str]  # (family, row index, field)


@dataclass
class Relation:
    """One arithmetic fact a table states: ``holds`` reads current values through ``value``."""

    cells: tuple[Cell, ...]
    holds: Callable[[Callable[[Cell], float | None]], bool]
    what: str


def _teks(row: Row, field: str) -> str | None:
    if isinstance(row, IdmRow):
        return _idm_teks(row, field)
    return getattr(row, _TEKS.get(field, f"{field}_teks"), None)


def _key(text: str) -> str:
    return " ".join(text.split())


def attach_confidence(report: Report, confidence: dict[tuple[int, str], float]) -> set[Cell]:
    """Given OCR cell confidences, fill the rows' OCR fields; return the figures read by OCR."""
    ocr_pages = {page for page, _ in confidence}
    cells: set[Cell] = set()
    for family, figures in FIGURES.items():
        for i, row in enumerate(getattr(report, family)):
            if row.page not in ocr_pages:
                continue
            per: dict[str, float] = {}
            for field, _ in figures:
                teks = _teks(row, field)
                if teks is None or getattr(row, field) is None:
                    continue
                cells.add((family, i, field))
                conf = _lookup(confidence, row.page, teks)
                if conf is not None:
                    per[field] = round(conf, 3)
            row.ocr_konfidensi = per
            row.ocr_confidence = min(per.values()) if per else None
    return cells


def _lookup(confidence: dict[tuple[int, str], float], page: int, teks: str) -> float | None:
    for key in dict.fromkeys((_key(teks), _key(teks).replace(".", ","))):
        if (page, key) in confidence:
            return confidence[(page, key)]
    return None


def _idm_teks(row: Row, field: str) -> str | None:
    if field == "nilai_idm":
        return getattr(row, "nilai_idm_teks", None)
    value = getattr(row, field, None)
    return None if value is None else f"{value:.4f}"  # IKS/IKE/IKL keep no printed text: 4 decimals


# --- relations --------------------------------------------------------------------------------


def _anggaran_relations(report: Report) -> Iterator[Relation]:
    by_table: dict[str, list[tuple[int, AnggaranRow]]] = {}
    for i, r in enumerate(report.anggaran):
        by_table.setdefault(r.table_id, []).append((i, r))
    child_level = {"program": "kegiatan", "kegiatan": "sub_kegiatan"}
    for rows in by_table.values():
        for i, row in rows:
            level = child_level.get(row.level)
            depth = len(row.path)
            kids = [k for k, r in rows if level and r.level == level and len(r.path) == depth + 1 and r.path[:depth] == row.path]
            if kids and row.path:
                for f in ("pagu", "realisasi"):
                    yield _sum_relation(("anggaran", i, f), [("anggaran", k, f) for k in kids], f"{f} = jumlah rincian")
            yield _ratio_relation(report, ("anggaran", i, "persen"), ("anggaran", i, "realisasi"), ("anggaran", i, "pagu"))
        totals = [i for i, r in rows if r.level == "jumlah"]
        programs = [i for i, r in rows if r.level == "program"]
        if totals and programs:
            for f in ("pagu", "realisasi"):
                yield _sum_relation(("anggaran", totals[-1], f), [("anggaran", k, f) for k in programs], f"total {f}")


def _sum_relation(parent: Cell, kids: list[Cell], what: str) -> Relation:
    def holds(v: Callable[[Cell], float | None]) -> bool:
        p, ks = v(parent), [v(k) for k in kids]
        if p is None or any(k is None for k in ks):
            return True  # nothing to say
        return rupiah_equal(p, sum(k for k in ks if k is not None))

    return Relation((parent, *kids), holds, what)


def _ratio_relation(report: Report, pct: Cell, num: Cell, den: Cell, inverse_ok: bool = False) -> Relation:
    family, i, field = pct
    teks = _teks(getattr(report, family)[i], field)

    def holds(v: Callable[[Cell], float | None]) -> bool:
        p, n, d = v(pct), v(num), v(den)
        if p is None or n is None or d is None or d <= 0:
            return True
        if printed_agrees(p, teks, n / d * 100):
            return True
        return inverse_ok and n > 0 and printed_agrees(p, teks, d / n * 100)

    return Relation((pct, num, den), holds, f"{field} = {num[2]} / {den[2]} × 100")


def _iku_relations(report: Report) -> Iterator[Relation]:
    for i, row in enumerate(report.iku):
        if row.jenis_baris != "data":
            continue
        yield _ratio_relation(report, ("iku", i, "capaian"), ("iku", i, "realisasi"), ("iku", i, "target"), True)


def _idm_relations(report: Report) -> Iterator[Relation]:
    for i, row in enumerate(report.idm):
        parts = [("idm", i, f) for f in ("iks", "ike", "ikl")]
        nilai = ("idm", i, "nilai_idm")
        teks = row.nilai_idm_teks

        def mean_holds(v: Callable[[Cell], float | None], parts: list[Cell] = parts, nilai: Cell = nilai,
                       teks: str | None = teks) -> bool:
            n, ps = v(nilai), [v(p) for p in parts]
            if n is None or any(p is None for p in ps):
                return True
            return printed_agrees(n, teks, sum(p for p in ps if p is not None) / 3)

        yield Relation((nilai, *parts), mean_holds, "nilai IDM = (IKS + IKE + IKL) / 3")
        if row.jenis_baris != "data":
            continue
        for cell in parts:
            grid = IDM_GRIDS[cell[2]]

            def on_grid(v: Callable[[Cell], float | None], cell: Cell = cell, grid: int = grid) -> bool:
                x = v(cell)
                if x is None:
                    return True
                # printed to 4 decimals: within half a unit of the 4th decimal of a multiple of 1/grid
                return abs(x * grid - round(x * grid)) <= grid * 0.00005 + 1e-9

            yield Relation((cell,), on_grid, f"{cell[2].upper()} kelipatan 1/{grid}")


# --- repair -------------------------------------------------------------------------------------


def _substitutions(teks: str, kind: ColumnKind, value: float) -> Iterator[tuple[str, float]]:
    """Every reading of ``teks`` with one digit replaced, when the text reads as ``value`` today."""
    base = read_number(teks, kind)
    if base.value is None or not math.isclose(base.value, value, rel_tol=1e-12, abs_tol=1e-12):
        return
    for k, ch in enumerate(teks):
        if not ch.isdigit():
            continue
        for d in "0123456789":
            if d == ch:
                continue
            alt = teks[:k] + d + teks[k + 1 :]
            reading = read_number(alt, kind)
            if reading.value is not None:
                yield alt, reading.value


def repair(report: Report, ocr_cells: set[Cell]) -> list[Warning]:
    """Given a report and its OCR figures, correct single misread digits the arithmetic pins down."""
    relations = [*_anggaran_relations(report), *_iku_relations(report), *_idm_relations(report)]
    involved: dict[Cell, list[Relation]] = {}
    for rel in relations:
        for c in rel.cells:
            involved.setdefault(c, []).append(rel)
    kinds = {(fam, f): k for fam, figs in FIGURES.items() for f, k in figs}
    override: dict[Cell, float] = {}

    def value(c: Cell) -> float | None:
        if c in override:
            return override[c]
        v = getattr(getattr(report, c[0])[c[1]], c[2])
        return None if v is None else float(v)

    warnings: list[Warning] = []
    fixed: set[Cell] = set()
    for _ in range(MAX_ROUNDS):
        broken = [r for r in relations if not r.holds(value)]
        proposals: dict[Cell, tuple[str, float, list[Relation]]] = {}
        ambiguous: set[int] = set()
        for rel in broken:
            options: list[tuple[Cell, str, float]] = []
            for c in rel.cells:
                if c not in ocr_cells or c in fixed:
                    continue
                teks = _teks(getattr(report, c[0])[c[1]], c[2])
                current = value(c)
                if not teks or current is None:
                    continue
                for alt, v in _substitutions(teks, kinds[(c[0], c[2])], current):
                    override[c] = v
                    ok = all(r.holds(value) for r in involved[c])
                    del override[c]
                    if ok:
                        options.append((c, alt, v))
            if len(options) == 1:
                c, alt, v = options[0]
                proposals.setdefault(c, (alt, v, involved[c]))
            elif options:
                ambiguous.add(id(rel))
        if not proposals:
            break
        for c, (alt, v, rels) in proposals.items():
            warnings.append(_apply(report, c, alt, v, rels))
            fixed.add(c)
    return warnings


def _apply(report: Report, c: Cell, alt: str, v: float, rels: list[Relation]) -> Warning:
    family, i, field = c
    row = getattr(report, family)[i]
    old = getattr(row, field)
    teks = _teks(row, field) or ""
    evidence = "; ".join(dict.fromkeys(r.what for r in rels))
    setattr(row, field, v)
    row.koreksi = {**(row.koreksi or {}), field: Koreksi(teks_ocr=teks, nilai_ocr=old, nilai=v, bukti=evidence)}
    return Warning(
        code="OCR_KOREKSI",
        severity="warning",
        message=(
            f"Angka hasil OCR '{teks}' pada kolom {field} dibaca ulang sebagai '{alt}' ({_fmt(v)}): "
            f"hanya satu pembacaan satu digit yang memenuhi {evidence}. Periksa dengan dokumen asli."
        ),
        table_id=row.table_id,
        page=row.page,
        row=i,
        field=field,
        expected=v,
        found=old,
    )


def doubtful(report: Report, ocr_cells: set[Cell]) -> list[Warning]:
    """An OCR_RAGU note for each uncorrected OCR figure read with low confidence."""
    out: list[Warning] = []
    for family, i, field in sorted(ocr_cells):
        row = getattr(report, family)[i]
        conf = (row.ocr_konfidensi or {}).get(field)
        if conf is None or conf >= LOW_CONFIDENCE or field in (row.koreksi or {}):
            continue
        out.append(
            Warning(
                code="OCR_RAGU",
                severity="info",
                message=(
                    f"Angka '{_teks(row, field)}' pada kolom {field} dibaca OCR dengan keyakinan rendah "
                    f"({conf:.0%}); periksa dengan dokumen asli."
                ),
                table_id=row.table_id,
                page=row.page,
                row=i,
                field=field,
                expected=None,
                found=getattr(row, field),
            )
        )
    return out


def review_ocr_figures(report: Report, confidence: dict[tuple[int, str], float]) -> list[Warning]:
    """Given a report and its documents' OCR cell confidences: attach them, repair, note doubts."""
    if not confidence:
        return []
    cells = attach_confidence(report, confidence)
    return [*repair(report, cells), *doubtful(report, cells), *unreadable(report, confidence)]


def _has_sibling_figure(report: Report, row: Row, field: str) -> bool:
    """A budget row's pagu or realisasi read empty (or as no figure) while the row's other one was
    read and most rows of its table have this one: a cell OCR lost, not a blank in the report."""
    if not isinstance(row, AnggaranRow) or field not in ("pagu", "realisasi") or row.level == "jumlah":
        return False
    other = "realisasi" if field == "pagu" else "pagu"
    if getattr(row, other) is None:
        return False
    table = [r for r in report.anggaran if r.table_id == row.table_id]
    return sum(1 for r in table if getattr(r, field) is not None) * 2 >= len(table)


def unreadable(report: Report, confidence: dict[tuple[int, str], float]) -> list[Warning]:
    """An OCR_RAGU note for each figure cell on a scanned page whose text holds digits but reads as
    no number ("133.445:000,00"): the value is missing, and nothing else would say why."""
    ocr_pages = {page for page, _ in confidence}
    out: list[Warning] = []
    for family, figures in FIGURES.items():
        for i, row in enumerate(getattr(report, family)):
            if row.page not in ocr_pages:
                continue
            for field, _ in figures:
                teks = _teks(row, field)
                if getattr(row, field) is not None:
                    continue
                if isinstance(row, IdmRow) and field != "nilai_idm":
                    # IKS, IKE, IKL keep no printed text: one missing beside its siblings is unread print
                    if all(getattr(row, f) is None for f in ("iks", "ike", "ikl", "nilai_idm")):
                        continue
                    teks = teks or "?"
                elif _has_sibling_figure(report, row, field):
                    teks = teks or "(kosong)"  # nothing, or no figure, read where the row's other one was
                elif not teks or not any(c.isdigit() for c in teks):
                    continue
                out.append(
                    Warning(
                        code="OCR_RAGU",
                        severity="warning",
                        message=(
                            f"Sel '{teks}' pada kolom {field} dibaca OCR tetapi tidak terbaca sebagai angka; "
                            "nilainya kosong. Periksa dengan dokumen asli."
                        ),
                        table_id=row.table_id,
                        page=row.page,
                        row=i,
                        field=field,
                        expected=None,
                        found=teks,
                    )
                )
    return out


def _fmt(v: float) -> str:
    return f"{v:,.10g}".replace(",", "_").replace(".", ",").replace("_", ".")
