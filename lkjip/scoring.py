"""Cell-level precision, recall and F1 of an extraction against a golden report.

A cell is (table family, table, row key, field) -> value. Rows are keyed by
their label (indikator / uraian / nama_desa with kode and year) and its
occurrence count, not by position, so one missed row costs that row's cells
rather than every row after it. Numbers compare exactly (to 1e-9 relative);
text compares after whitespace collapsing. A golden value of null for a field
marked optional means "not asserted".

Warnings are scored as a multiset of cells (code, table key, row key, field):
the table by its jenis and ordinal, the row by the same label key as its
family's cells. Within one cell key a got warning matches a golden one only
when its severity agrees and, where the golden states a numeric expected or
found figure, that figure agrees too; the rest count as misses.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from lkjip.records import ANGGARAN_JENIS, Report, Warning

FIELDS: dict[str, tuple[str, ...]] = {
    "iku": (
        "jenis", "no", "sasaran", "indikator", "indikator_kode", "satuan", "target", "realisasi", "capaian",
        "target_teks", "realisasi_teks", "capaian_teks", "kategori", "page", "jenis_baris",
    ),
    "anggaran": (
        "jenis", "level", "kode", "path", "uraian", "target_kinerja", "realisasi_kinerja", "pagu", "realisasi",
        "persen", "pagu_teks", "realisasi_teks", "persen_teks", "page",
    ),
    "idm": (
        "no", "kode_desa", "nama_desa", "iks", "ike", "ikl", "nilai_idm", "status_idm", "tahun", "page",
        "jenis_baris",
    ),
    "report": ("instansi", "jenis_instansi", "kabupaten", "provinsi", "kode_wilayah", "tahun"),
    "tables": ("jenis", "judul", "pages", "n_rows"),
}
# golden null = not asserted for these fields (the golden author leaves them open)
OPTIONAL = {"indikator_kode"}
LABEL = {"iku": ("indikator",), "anggaran": ("uraian", "kode"), "idm": ("nama_desa", "tahun")}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.misses.extend(other.misses)


def _norm(v: Any) -> Any:
    if isinstance(v, str):
        return " ".join(v.split())
    if isinstance(v, float) and v.is_integer():
        return v
    return v


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
    return bool(_norm(a) == _norm(b))


def _cells(
    rows: list[dict[str, Any]], family: str, table_map: dict[str, str], fields: tuple[str, ...] | None = None
) -> dict[tuple[Any, ...], Any]:
    seen: Counter[tuple[Any, ...]] = Counter()
    out: dict[tuple[Any, ...], Any] = {}
    for row in rows:
        table = table_map.get(row.get("table_id", ""), row.get("table_id"))
        label = tuple(_norm(row.get(k)) for k in LABEL[family])
        base = (table, *label)
        seen[base] += 1
        for f in fields or FIELDS[family]:
            v = row.get(f)
            out[(family, *base, seen[base], f)] = tuple(v) if isinstance(v, list) else v
    return out


def _table_keys(report: Report) -> dict[str, str]:
    """table_id -> a key stable across extractions: jenis plus its ordinal among tables of that jenis."""
    n: Counter[str] = Counter()
    out: dict[str, str] = {}
    for t in report.tables:
        n[t.jenis] += 1
        out[t.table_id] = f"{t.jenis}#{n[t.jenis]}"
    return out


def score_family(got: Report, want: Report, family: str, fields: tuple[str, ...] | None = None) -> Score:
    """Cell-level score of one family; ``fields`` narrows the record families to those fields."""
    s = Score()
    if family == "report":
        g, w = got.report.model_dump(), want.report.model_dump()
        got_cells = {("report", f): g.get(f) for f in FIELDS["report"]}
        want_cells = {("report", f): w.get(f) for f in FIELDS["report"]}
    elif family == "tables":
        gk, wk = _table_keys(got), _table_keys(want)
        got_cells = {(gk[t.table_id], f): _tuple(getattr(t, f)) for t in got.tables for f in FIELDS["tables"]}
        want_cells = {(wk[t.table_id], f): _tuple(getattr(t, f)) for t in want.tables for f in FIELDS["tables"]}
    else:
        got_cells = _cells([r.model_dump() for r in getattr(got, family)], family, _table_keys(got), fields)
        want_cells = _cells([r.model_dump() for r in getattr(want, family)], family, _table_keys(want), fields)
    for key, wv in want_cells.items():
        if key[-1] in OPTIONAL and wv is None:
            got_cells.pop(key, None)
            continue
        if key in got_cells and _equal(got_cells[key], wv):
            s.tp += 1
        else:
            s.fn += 1
            s.misses.append(f"{key}: want {wv!r}, got {got_cells.get(key, '<missing>')!r}")
            if key in got_cells:
                s.fp += 1
    for key, gv in got_cells.items():
        if key not in want_cells and gv is not None:
            s.fp += 1
            s.misses.append(f"{key}: unexpected {gv!r}")
    return s


def _tuple(v: Any) -> Any:
    return tuple(v) if isinstance(v, list) else v


WarningKey = tuple[Any, ...]


def _row_keys(report: Report, family: str, table_map: dict[str, str]) -> list[tuple[Any, ...]]:
    """Given a report and a family, return each row's key (table key, label, occurrence), as ``_cells`` keys it."""
    seen: Counter[tuple[Any, ...]] = Counter()
    out: list[tuple[Any, ...]] = []
    for row in getattr(report, family):
        d = row.model_dump()
        base = (table_map.get(d["table_id"], d["table_id"]), *(_norm(d.get(k)) for k in LABEL[family]))
        seen[base] += 1
        out.append((*base, seen[base]))
    return out


def _family_of_table(report: Report, table_id: str | None) -> str | None:
    for t in report.tables:
        if t.table_id == table_id:
            if t.jenis == "idm":
                return "idm"
            return "anggaran" if t.jenis in ANGGARAN_JENIS else "iku"
    return None


# Notes on what the reader set aside (a grid of figures not taken as a table of interest): about the
# extraction, not findings about the report, so a golden written from the report's content states none
EXTRACTION_NOTES = frozenset({"TABEL_TIDAK_DIBACA"})


def warning_cells(report: Report) -> list[tuple[WarningKey, Warning]]:
    """Given a report, return each warning keyed by (code, table key, row key, field), notes on the
    extraction (``EXTRACTION_NOTES``) left out."""
    tmap = _table_keys(report)
    rows = {fam: _row_keys(report, fam, tmap) for fam in ("iku", "anggaran", "idm")}
    out: list[tuple[WarningKey, Warning]] = []
    for w in report.warnings:
        if w.code in EXTRACTION_NOTES:
            continue
        fam = _family_of_table(report, w.table_id)
        row_key: Any = None
        if w.row is not None:
            keys = rows.get(fam or "", [])
            row_key = keys[w.row] if fam and 0 <= w.row < len(keys) else ("?", w.row)
        table = tmap.get(w.table_id or "", w.table_id)
        out.append(((w.code, table, row_key, w.field), w))
    return out


def _figures_agree(got: Warning, want: Warning) -> bool:
    if got.severity != want.severity:
        return False
    for name in ("expected", "found"):
        wv = getattr(want, name)
        if isinstance(wv, int | float) and not isinstance(wv, bool) and not _equal(getattr(got, name), wv):
            return False
    return True


def _describe(w: Warning) -> str:
    return f"{w.severity} expected={w.expected!r} found={w.found!r}"


def score_warnings(got: Report, want: Report) -> Score:
    """Multiset match of warning cells; a match needs the severity and the golden's numeric figures."""
    s = Score()
    pool: dict[WarningKey, list[Warning]] = {}
    for key, w in warning_cells(got):
        pool.setdefault(key, []).append(w)
    unmatched: list[tuple[WarningKey, Warning]] = []
    for key, ww in warning_cells(want):
        cands = pool.get(key, [])
        hit = next((g for g in cands if _figures_agree(g, ww)), None)
        if hit is None:
            unmatched.append((key, ww))
            continue
        cands.remove(hit)
        s.tp += 1
    for key, ww in unmatched:
        s.fn += 1
        left = pool.get(key, [])
        got_s = _describe(left[0]) if left else "<missing>"
        s.misses.append(f"('warnings', {key!r}): want {_describe(ww)}, got {got_s}")
    for key, gg in pool.items():
        for g in gg:
            s.fp += 1
            s.misses.append(f"('warnings', {key!r}): unexpected {_describe(g)}")
    return s


def score_report(got: Report, want: Report) -> dict[str, Score]:
    scores = {fam: score_family(got, want, fam) for fam in ("iku", "anggaran", "idm", "tables", "report")}
    scores["warnings"] = score_warnings(got, want)
    scores["angka"] = score_numeric(got, want)
    return scores


# the parsed figures of the record families: what a misread digit changes
NUMERIC: dict[str, tuple[str, ...]] = {
    "iku": ("target", "realisasi", "capaian"),
    "anggaran": ("pagu", "realisasi", "persen"),
    "idm": ("iks", "ike", "ikl", "nilai_idm"),
}


def score_numeric(got: Report, want: Report) -> Score:
    """The numeric value cells of iku, anggaran and idm alone (their misses are already listed per family)."""
    s = Score()
    for family, fields in NUMERIC.items():
        part = score_family(got, want, family, fields)
        part.misses = []
        s.add(part)
    return s
