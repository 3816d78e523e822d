"""Score an extraction against a hand-written golden of a real report (``fixtures/real/``).

A real golden does not list every table of the document; it lists, per family,
the pages its author read in full (``checked_pages``) and every table row of
that family printed on them. So extracted rows are scored only where the
author looked: golden rows and extracted rows on the checked pages are paired
by their label (the indikator or uraian, compared without case, spacing and
punctuation, fuzzily only to pair them), and the pair's cells are compared
exactly. An extracted row that pairs with nothing is a false positive for each
figure it carries; a golden row that pairs with nothing misses each of its
figures. A wrapped cell split into two rows therefore costs its row.

The report's metadata (instansi, provinsi, kabupaten, tahun) is scored apart,
and each golden table the extraction did not read at all is checked for a
warning or error on its pages: a located table that yields nothing must say
so (issue 13, "never silently empty").

A golden may also carry ``findings``: its author's verdict, from the printed
page, on each error-severity warning the checks raised on the document
("contradiction": the two printed figures cannot both be right; "false": they
can) and on true contradictions no warning raised. ``score_findings`` pairs the
report's error warnings with them and gives, per check code, the precision of
the errors and the recall of the verified contradictions (issue 15).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from lkjip.records import Report, Warning
from lkjip.scoring import Score

FAMILY_FIELDS: dict[str, tuple[str, ...]] = {
    "iku": ("indikator", "satuan", "target", "realisasi", "capaian"),
    "anggaran": ("uraian", "kode", "level", "pagu", "realisasi", "persen"),
}
LABEL = {"iku": "indikator", "anggaran": "uraian"}
NUMERIC = {"target", "realisasi", "capaian", "pagu", "persen"}
# a unit printed inside the target cell ("10 Jenis") is a unit or not by the reader's choice: a golden
# that leaves satuan null does not assert it
NOT_ASSERTED_WHEN_NULL = {"satuan"}
REPORT_FIELDS = ("instansi", "provinsi", "kabupaten", "tahun")
# two labels this similar (0-100, on the folded text) are taken as the same row when pairing
PAIR_MIN_SIMILARITY = 85.0


@dataclass
class RealGolden:
    source_file: str
    report: dict[str, Any]
    checked_pages: dict[str, list[int | None]]
    tables: list[dict[str, Any]]
    findings: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path) -> RealGolden:
        d = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            d["source_file"], d.get("report", {}), d.get("checked_pages", {}), d.get("tables", []),
            d.get("findings", []),
        )  # fmt: skip

    def rows(self, family: str) -> list[dict[str, Any]]:
        return [r for t in self.tables if t.get("family") == family for r in t.get("rows", [])]


def is_real_golden(path: Path) -> bool:
    """Given a golden file, return whether it is in the real-report format (it states ``checked_pages``)."""
    try:
        return "checked_pages" in json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False


@dataclass
class RealScore:
    families: dict[str, Score] = field(default_factory=dict)
    report: Score = field(default_factory=Score)
    tables_unread: int = 0  # golden tables of which no row was paired
    tables_unread_warned: int = 0  # ... and of them, those with a warning or error on their pages
    unread: list[str] = field(default_factory=list)


def fold(text: Any) -> str:
    """Given a label, return it without case, punctuation and spacing (for pairing and comparing)."""
    return re.sub(r"[^0-9a-z]+", "", str(text or "").casefold())


def _same(field_name: str, got: Any, want: Any) -> bool:
    if field_name in NUMERIC:
        if got is None or want is None:
            return got is None and want is None
        return math.isclose(float(got), float(want), rel_tol=1e-9, abs_tol=1e-9)
    if field_name == "kode":
        return str(got or "").strip(" .") == str(want or "").strip(" .")
    if field_name in ("indikator", "uraian", "satuan"):
        return fold(got) == fold(want)
    return bool(got == want)


def _on_pages(rows: list[dict[str, Any]], pages: list[int | None]) -> list[dict[str, Any]]:
    if None in pages:  # a DOCX (no pages): the whole document was checked
        return list(rows)
    return [r for r in rows if r.get("page") in pages]


def pair_rows(got: list[dict[str, Any]], want: list[dict[str, Any]], label: str) -> list[tuple[int, int]]:
    """Given extracted and golden rows, return (got index, want index) pairs, most similar labels first.

    Pairs on the same page are preferred; among equals, the one nearest in printed order wins, so a
    label printed twice pairs first with first and second with second.
    """
    cands: list[tuple[float, int, int, int, int]] = []
    for i, g in enumerate(got):
        gl = fold(g.get(label))
        for j, w in enumerate(want):
            sim = 100.0 if gl == fold(w.get(label)) else fuzz.ratio(gl, fold(w.get(label)))
            if sim < PAIR_MIN_SIMILARITY:
                continue
            same_page = g.get("page") == w.get("page")
            # one label printed in two tables of a page: the row whose figures agree is the same row
            agree = sum(1 for f in NUMERIC if w.get(f) is not None and _same(f, g.get(f), w.get(f)))
            cands.append((-(sim + (1.0 if same_page else 0.0)), -agree, abs(i - j), i, j))
    cands.sort()
    used_g: set[int] = set()
    used_w: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, _, i, j in cands:
        if i in used_g or j in used_w:
            continue
        used_g.add(i)
        used_w.add(j)
        pairs.append((i, j))
    return pairs


def score_rows(got: list[dict[str, Any]], want: list[dict[str, Any]], family: str, name: str) -> Score:
    """Given the extracted and golden rows of one family on the checked pages, return their cell score."""
    s = Score()
    fields = FAMILY_FIELDS[family]
    pairs = pair_rows(got, want, LABEL[family])
    paired_g = {i for i, _ in pairs}
    paired_w = {j for _, j in pairs}
    for i, j in pairs:
        g, w = got[i], want[j]
        for f in fields:
            gv, wv = g.get(f), w.get(f)
            if wv is None:
                if f in NOT_ASSERTED_WHEN_NULL:
                    continue
                if gv not in (None, ""):
                    s.fp += 1
                    s.misses.append(f"{name} p{w.get('page')} {w.get(LABEL[family])!r:.60} {f}: want None, got {gv!r}")
                continue
            if _same(f, gv, wv):
                s.tp += 1
            else:
                s.fn += 1
                if gv not in (None, ""):
                    s.fp += 1
                s.misses.append(f"{name} p{w.get('page')} {w.get(LABEL[family])!r:.60} {f}: want {wv!r}, got {gv!r}")
    for j, w in enumerate(want):
        if j not in paired_w:
            n = sum(1 for f in fields if w.get(f) is not None)
            s.fn += n
            s.misses.append(f"{name} p{w.get('page')} missing row {w.get(LABEL[family])!r:.70} ({n} cells)")
    for i, g in enumerate(got):
        if i not in paired_g:
            n = sum(1 for f in fields if g.get(f) not in (None, ""))
            s.fp += n
            s.misses.append(f"{name} p{g.get('page')} unexpected row {g.get(LABEL[family])!r:.70} ({n} cells)")
    return s


def score_real(got: Report, golden: RealGolden) -> RealScore:
    """Given an extraction and a real golden, return the scores of the checked pages and the metadata."""
    out = RealScore()
    name = golden.source_file
    for family in FAMILY_FIELDS:
        pages = golden.checked_pages.get(family)
        if not pages:
            continue
        got_rows = _on_pages([r.model_dump() for r in getattr(got, family)], pages)
        want_rows = _on_pages(golden.rows(family), pages)
        out.families[family] = score_rows(got_rows, want_rows, family, name)
    g_meta = got.report.model_dump()
    for f in REPORT_FIELDS:
        if f not in golden.report:
            continue
        if g_meta.get(f) == golden.report[f]:
            out.report.tp += 1
        else:
            out.report.fn += 1
            out.report.misses.append(f"{name} report.{f}: want {golden.report[f]!r}, got {g_meta.get(f)!r}")
    _unread_tables(got, golden, out)
    return out


def _unread_tables(got: Report, golden: RealGolden, out: RealScore) -> None:
    """Count golden tables with no extracted row on their pages, and those of them the report warns about."""
    flagged_pages = {w.page for w in got.warnings} | {e.page for e in got.errors}
    for t in golden.tables:
        fam = t.get("family", "")
        if fam not in FAMILY_FIELDS or not t.get("rows"):
            continue
        pages = t.get("pages") or [None]
        got_rows = _on_pages([r.model_dump() for r in getattr(got, fam)], pages)
        want_labels = {fold(r.get(LABEL[fam])) for r in t["rows"]}
        if any(fold(r.get(LABEL[fam])) in want_labels for r in got_rows):
            continue
        out.tables_unread += 1
        warned = None in pages or bool(flagged_pages & set(pages))
        out.tables_unread_warned += int(warned)
        out.unread.append(f"{golden.source_file} {t.get('jenis')} p{pages}: no row read{'' if warned else ', no warning'}")


# --- error-severity warnings against the golden's verdicts (issue 15) ---------------------------------------

VERDICTS = ("contradiction", "false")
# a finding's label and the warned row's label this similar (0-100, partial ratio on the folded text) agree
FINDING_LABEL_MIN_SIMILARITY = 80.0


@dataclass
class CheckScore:
    """One check code's error warnings on the golden documents, against the verdicts written in the goldens."""

    raised: int = 0  # error warnings raised
    true: int = 0  # ... paired with a verified contradiction
    false: int = 0  # ... paired with a finding judged false
    unjudged: int = 0  # ... paired with no finding (counted against precision until someone judges them)
    verified: int = 0  # verified contradictions of this code (scored ones)
    caught: int = 0  # ... paired with a raised error
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true / self.raised if self.raised else 1.0

    @property
    def recall(self) -> float:
        return self.caught / self.verified if self.verified else 1.0

    def add(self, other: CheckScore) -> None:
        self.raised += other.raised
        self.true += other.true
        self.false += other.false
        self.unjudged += other.unjudged
        self.verified += other.verified
        self.caught += other.caught
        self.misses.extend(other.misses)


def _as_number(v: Any) -> float | None:
    if isinstance(v, bool) or not isinstance(v, int | float):
        return None
    return float(v)


def warned_label(got: Report, w: Warning) -> str | None:
    """Given a report and one of its warnings, return the label (uraian / indikator) of the row it names."""
    family = "iku" if w.code.startswith("IKU") else "anggaran" if w.code.startswith("ANGGARAN") else None
    rows: list[Any] = getattr(got, family) if family else []
    if w.row is None or not 0 <= w.row < len(rows):
        return None
    row = rows[w.row]
    return getattr(row, "indikator", None) or getattr(row, "uraian", None)


def finding_matches(w: Warning, label: str | None, f: dict[str, Any]) -> bool:
    """Given a warning (and its row's label) and a finding, return whether the finding is the verdict on it.

    Same code; same page where both state one (a narrative warning has none); same field where both
    state one; the same printed figure (``found``, the figure the warning says is wrong) where both give
    a number; and, where the finding names a row and the warning's row has a label, labels that agree.
    """
    if w.code != f.get("code"):
        return False
    if w.page is not None and f.get("page") is not None and w.page != f["page"]:
        return False
    if w.field is not None and f.get("field") is not None and w.field != f["field"]:
        return False
    got, want = _as_number(w.found), _as_number(f.get("found"))
    if got is not None and want is not None and not math.isclose(got, want, rel_tol=1e-6, abs_tol=0.005):
        return False
    if label and f.get("label"):
        a, b = fold(label), fold(f["label"])
        if a != b and fuzz.partial_ratio(a, b) < FINDING_LABEL_MIN_SIMILARITY:
            return False
    return True


def score_findings(got: Report, golden: RealGolden) -> dict[str, CheckScore]:
    """Given an extraction and a real golden with findings, return per check code its errors' score.

    Each error-severity warning is paired with at most one finding (and each finding with at most one
    warning), the first in the golden's order that matches. A finding with ``"scored": false`` (a
    contradiction outside the data contract, which no check can see) is matched but not counted as
    verified, so it never costs recall.
    """
    out: dict[str, CheckScore] = {}
    name = golden.source_file
    used: set[int] = set()
    for w in got.warnings:
        if w.severity != "error":
            continue
        s = out.setdefault(w.code, CheckScore())
        s.raised += 1
        label = warned_label(got, w)
        j = next(
            (j for j, f in enumerate(golden.findings) if j not in used and finding_matches(w, label, f)), None
        )
        if j is None:
            s.unjudged += 1
            s.misses.append(f"{name} p{w.page} {w.code} unjudged: {w.message:.140}")
            continue
        used.add(j)
        if golden.findings[j].get("verdict") == "contradiction":
            s.true += 1
        else:
            s.false += 1
            why = golden.findings[j].get("why", "")
            s.misses.append(f"{name} p{w.page} {w.code} false error: {why!s:.140}")
    for j, f in enumerate(golden.findings):
        if f.get("verdict") != "contradiction" or f.get("scored") is False:
            continue
        s = out.setdefault(str(f.get("code")), CheckScore())
        s.verified += 1
        if j in used:
            s.caught += 1
        else:
            s.misses.append(f"{name} p{f.get('page')} {f.get('code')} not raised: {f.get('label')!s:.60}")
    return out
