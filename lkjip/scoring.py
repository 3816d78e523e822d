"""Cell-level precision, recall and F1 of an extraction against a golden report.

A cell is (table family, table, row key, field) -> value. Rows are keyed by
their label (indikator / uraian / nama_desa with kode and year) and its
occurrence count, not by position, so one missed row costs that row's cells
rather than every row after it. Numbers compare exactly (to 1e-9 relative);
text compares after whitespace collapsing. A golden value of null for a field
marked optional means "not asserted".
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from lkjip.records import Report

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


def _cells(rows: list[dict[str, Any]], family: str, table_map: dict[str, str]) -> dict[tuple[Any, ...], Any]:
    seen: Counter[tuple[Any, ...]] = Counter()
    out: dict[tuple[Any, ...], Any] = {}
    for row in rows:
        table = table_map.get(row.get("table_id", ""), row.get("table_id"))
        label = tuple(_norm(row.get(k)) for k in LABEL[family])
        base = (table, *label)
        seen[base] += 1
        for f in FIELDS[family]:
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


def score_family(got: Report, want: Report, family: str) -> Score:
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
        got_cells = _cells([r.model_dump() for r in getattr(got, family)], family, _table_keys(got))
        want_cells = _cells([r.model_dump() for r in getattr(want, family)], family, _table_keys(want))
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


def score_report(got: Report, want: Report) -> dict[str, Score]:
    return {fam: score_family(got, want, fam) for fam in ("iku", "anggaran", "idm", "tables", "report")}
