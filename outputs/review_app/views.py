"""What the templates show: the report list with its filters, and one report's warnings, tables and decisions."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

import pandas as pd

from lkjip.outputs._review_crops import Crop
from lkjip.outputs.review_app.apply import NUMERIC_FIELDS, Resolved
from lkjip.outputs.review_app.data import Snapshot, clean
from lkjip.outputs.review_app.forms import JENIS_CHOICES
from lkjip.outputs.review_app.keys import family_of_jenis

#: the list's filters: query parameter -> reports column (matched exactly)
FILTERS: Final[dict[str, str]] = {
    "kabupaten": "kabupaten",
    "instansi": "instansi",
    "tahun": "tahun",
    "status": "status",
    "grade": "quality_grade",
}
SEARCHED: Final[tuple[str, ...]] = ("source_file", "instansi", "kabupaten", "judul", "report_id")
#: the columns of a table, per family: (field, header, numeric); numeric cells show printed text and value
COLUMNS: Final[dict[str, list[tuple[str, str, bool]]]] = {
    "iku": [
        ("no", "No", False), ("indikator", "Indikator", False), ("satuan", "Satuan", False),
        ("target", "Target", True), ("realisasi", "Realisasi", True), ("capaian", "Capaian", True),
        ("page", "Hal.", False),
    ],
    "anggaran": [
        ("kode", "Kode", False), ("uraian", "Uraian", False), ("pagu", "Pagu", True),
        ("realisasi", "Realisasi", True), ("persen", "%", True), ("page", "Hal.", False),
    ],
    "idm": [
        ("kode_desa", "Kode desa", False), ("nama_desa", "Nama desa", False), ("tahun", "Tahun", False),
        ("iks", "IKS", True), ("ike", "IKE", True), ("ikl", "IKL", True), ("nilai_idm", "Nilai IDM", True),
        ("status_idm", "Status", False), ("page", "Hal.", False),
    ],
}  # fmt: skip
STATUS_WORD: Final[dict[str, str]] = {
    "applied": "diterapkan",
    "orphaned": "yatim (tidak cocok dengan baris mana pun)",
    "superseded": "digantikan keputusan lebih baru",
    "open": "belum ditemukan pipeline",
    "found": "kini ditemukan pipeline",
}
ACTION_WORD: Final[dict[str, str]] = {
    "correct": "koreksi sel", "confirm": "konfirmasi", "dismiss": "tolak", "reopen": "buka lagi",
    "no_data": "bukan data", "has_data": "data", "missed": "tabel terlewat",
}  # fmt: skip


def _options(reports: pd.DataFrame, column: str) -> list[str]:
    values = {str(clean(v)) for v in reports[column] if clean(v) is not None}
    return sorted(values)


def report_list(snap: Snapshot, args: Mapping[str, str]) -> dict[str, Any]:
    """The reports the filters and the search keep, with the filters' choices."""
    reports = snap.reports
    chosen = {k: (args.get(k) or "") for k in FILTERS}
    keep = pd.Series(True, index=reports.index)
    for key, column in FILTERS.items():
        if chosen[key]:
            keep &= reports[column].map(lambda v: str(clean(v))) == chosen[key]
    open_only = args.get("terbuka") == "1"
    if open_only:
        keep &= reports["n_open_warnings"] > 0
    query = (args.get("q") or "").strip()
    if query:
        hay = reports[list(SEARCHED)].fillna("").astype(str).agg(" ".join, axis=1).str.casefold()
        for word in query.casefold().split():
            keep &= hay.str.contains(word, regex=False)
    shown = reports[keep].sort_values(["kabupaten", "instansi", "tahun", "source_file"], na_position="last")
    return {
        "reports": [{str(k): clean(v) for k, v in r.items()} for r in shown.to_dict("records")],
        "n_all": len(reports),
        "chosen": chosen,
        "open_only": open_only,
        "query": query,
        "options": {k: _options(reports, c) for k, c in FILTERS.items()},
        "n_orphaned": sum(r.status == "orphaned" for r in snap.state.resolved),
    }


def _decisions_by_target(resolved: list[Resolved]) -> dict[tuple[str, Any], list[Resolved]]:
    """In-force decisions of a report, by what they apply to now: ("cell", (family, row_index, field)), ..."""
    out: dict[tuple[str, Any], list[Resolved]] = {}
    for r in resolved:
        d = r.decision
        out.setdefault((d.kind, (d.table, r.index, d.field)), []).append(r)
    return out


def _json(text: Any) -> Any:
    """A JSON column's value (warnings' expected and found are stored as JSON text)."""
    if not isinstance(text, str):
        return text
    try:
        return json.loads(text)
    except ValueError:
        return text


def report_context(snap: Snapshot, report_id: str, crops: dict[int, Crop]) -> dict[str, Any]:
    """Everything the report page shows."""
    meta = snap.report(report_id) or {}
    state = snap.state
    resolved = state.in_force(report_id)
    corrected = {
        (r.decision.table, r.index, r.decision.field): r for r in resolved
        if r.decision.kind == "cell" and r.status == "applied"
    }  # fmt: skip
    rows = snap.report_rows(report_id)
    pos_of = {f: {r.get("row_index"): i for i, r in enumerate(rows.rows.get(f, []))} for f in NUMERIC_FIELDS}
    tables = []
    for t in snap.rows("tables", report_id):
        family = family_of_jenis(t.get("jenis"))
        body = [r for r in snap.rows(family, report_id) if r.get("table_id") == t.get("table_id")]
        raw = {r.get("row_index"): r for r in snap.rows(family, report_id, reviewed=False)}
        cells = []
        for r in body:
            pos = pos_of[family].get(r.get("row_index"))
            fixes = {f: corrected.get((family, pos, f)) for f in NUMERIC_FIELDS[family]}
            cells.append({"row": r, "raw": raw.get(r.get("row_index"), r), "fixes": fixes})
        tables.append({"t": t, "family": family, "columns": COLUMNS[family], "rows": cells})
    warnings = []
    by_index = {r.index: r for r in resolved if r.decision.kind == "warning" and r.status == "applied"}
    jenis = {t.get("table_id"): t.get("jenis") for t in rows.tables}
    for pos, w in enumerate(snap.rows("warnings", report_id)):
        warnings.append({
            "w": w, "crop": crops.get(int(w["row_index"])), "decision": by_index.get(pos),
            "jenis": jenis.get(w.get("table_id")), "expected": _json(w.get("expected")), "found": _json(w.get("found")),
        })  # fmt: skip
    order = {"error": 0, "warning": 1, "info": 2}
    warnings.sort(key=lambda x: (x["w"]["review_status"] != "open", order.get(x["w"]["severity"], 3)))
    missed = [r for r in resolved if r.decision.kind == "missed_table"]
    history = [r for r in reversed(state.resolved) if r.decision.report_id == report_id]
    return {
        "meta": meta,
        "tables": tables,
        "warnings": warnings,
        "n_open": sum(w["w"]["review_status"] == "open" for w in warnings),
        "missed": missed,
        "history": history,
        "jenis_choices": JENIS_CHOICES,
        "is_pdf": meta.get("format") == "pdf",
        "STATUS_WORD": STATUS_WORD,
        "ACTION_WORD": ACTION_WORD,
    }
