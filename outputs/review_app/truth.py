"""Reviewed reports as truth: how the current pipeline does on every cell, warning and table a reviewer decided.

``lkjip eval --reviewed DATASET`` re-extracts each reviewed report from its
source file and matches every decision in force to the new extraction by its
stable keys (``keys.py``), so each correction also measures the next version:

- a corrected cell is right when the new extraction reads the corrected value
  (tp), wrong when it reads another (fn and fp), missed when its row is not found (fn);
- a confirmed warning found again is a tp, gone a fn; a dismissed warning
  emitted again is a fp (gone, it is a true negative and not counted);
- a table marked no data and found again is a fp; a table pointed to as
  missed is a tp once a table is found on that page, a fn until then.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lkjip.outputs.review_app.apply import ReportRows, Resolved
from lkjip.outputs.review_app.keys import match
from lkjip.outputs.review_app.store import Decision, Log
from lkjip.records import Report
from lkjip.scoring import Score, _equal

FAMILY_WORD = {"iku": "sel iku", "anggaran": "sel anggaran", "idm": "sel idm"}


def in_force(log: Log) -> list[Decision]:
    """The latest decision on each slot, in log order."""
    latest = {d.slot: i for i, d in enumerate(log.decisions)}
    return [d for i, d in enumerate(log.decisions) if latest[d.slot] == i]


def _cell(d: Decision, rows: ReportRows, s: Score) -> None:
    i = match(d.row_keys, rows.row_keys.get(d.table, []))
    where = f"{d.source_file}: {d.table} «{d.label}» {d.field}"
    if i is None:
        s.fn += 1
        s.misses.append(f"{where}: want {d.value!r}, baris tidak ditemukan")
        return
    got: Any = rows.rows[d.table][i].get(d.field or "")
    if (got is None and d.value is None) or (got is not None and d.value is not None and _equal(got, d.value)):
        s.tp += 1
        return
    s.fn += 1
    s.fp += got is not None
    s.misses.append(f"{where}: want {d.value!r}, got {got!r}")


def _warning(d: Decision, rows: ReportRows, s: Score) -> None:
    found = match(d.row_keys, rows.warning_keys) is not None
    where = f"{d.source_file}: {d.label}"
    if d.action == "confirm":
        s.tp += found
        s.fn += not found
        if not found:
            s.misses.append(f"{where}: dikonfirmasi peninjau, tidak muncul lagi")
    elif d.action == "dismiss" and found:
        s.fp += 1
        s.misses.append(f"{where}: ditolak peninjau, masih muncul")


def _table(d: Decision, rows: ReportRows, s: Score) -> None:
    if d.kind == "missed_table":
        hit = any(d.page in list(t.get("pages") or []) and (not d.value or t.get("jenis") == d.value)
                  for t in rows.tables)  # fmt: skip
        s.tp += hit
        s.fn += not hit
        if not hit:
            s.misses.append(f"{d.source_file}: tabel terlewat di halaman {d.page} masih belum ditemukan")
        return
    found = match(d.row_keys, rows.table_keys) is not None
    if d.action == "no_data" and found:
        s.fp += 1
        s.misses.append(f"{d.source_file}: tabel «{d.label}» (bukan data) masih diekstrak")
    elif d.action == "has_data":
        s.tp += found
        s.fn += not found


def kind_of(d: Decision) -> str:
    """The row of the score table a decision counts in: "sel iku", ..., "peringatan", "tabel"."""
    if d.kind == "cell":
        return FAMILY_WORD.get(d.table, d.table)
    return "peringatan" if d.kind == "warning" else "tabel"


def score_reviewed(decisions: Iterable[Decision], report: Report) -> dict[str, Score]:
    """Given the decisions in force on one report and its new extraction, return a score per kind."""
    rows = ReportRows.of_report(report)
    scores: dict[str, Score] = {}
    for d in decisions:
        if d.report_id != report.report.report_id:
            continue
        s = scores.setdefault(kind_of(d), Score())
        if d.kind == "cell":
            _cell(d, rows, s)
        elif d.kind == "warning":
            _warning(d, rows, s)
        else:
            _table(d, rows, s)
    return scores


def orphaned(resolved: Iterable[Resolved]) -> list[Decision]:
    return [r.decision for r in resolved if r.status == "orphaned"]
