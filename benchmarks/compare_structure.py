"""Table structure against well-kept libraries: ``python -m benchmarks.compare_structure [--per-class N]``.

A structure-only measure, the same for every engine. For each table row of a
truth (the real goldens ``fixtures/real/*.expected.json`` over the documents
in ``../shared/real/docs``, and generated digital reports drawn from fresh
seeds, ``--per-class`` of each ruling class), the printed figures of the row
(target / realisasi / capaian, or pagu / realisasi / persen, as ``*_teks``)
and its label (indikator or uraian) are known, with the page. A row is

- **intact** when some row of a grid the engine found on that page holds all
  those figures, each in a cell of its own (the cell's only number), in the
  printed left-to-right order;
- **label intact** when that same row also holds the whole label in one cell
  (a label split over two grid rows fails).

Engines: camelot ``lattice``, ``stream`` and ``network`` (pdfium backend, no
Ghostscript), img2table on the PDF (text layer, no OCR) with
``borderless_tables`` True and False, pdfplumber's default (lines) and text
strategies, and ours. Ours has no public grid: its extracted records are
scored by the same rule (one record holding all the row's figures in their
fields, and the label), through ``lkjip.extract``, which is stricter (the
table must also be taken as a table of interest and its columns named).

A library that is not installed is skipped with a message, so the libraries
live in a separate venv (docs/structure-comparison.md):

    python3.11 -m venv /tmp/cmpvenv
    /tmp/cmpvenv/bin/pip install -e . camelot-py img2table
    /tmp/cmpvenv/bin/python -m benchmarks.compare_structure

Pages without a text layer (scans) and tables pasted as pictures are left
out: every engine here but ours reads the text layer only.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import logging
import re
import sys
import tempfile
import time
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

REPO = Path(__file__).resolve().parent.parent
GOLDENS = REPO / "fixtures" / "real"
DOCS = REPO.parent / "shared" / "real" / "docs"
RULINGS = ("grid", "horizontal", "outer_box", "none", "shading", "excel")
FIGURES = {"iku": ("target", "realisasi", "capaian"), "anggaran": ("pagu", "realisasi", "persen")}
LABEL = {"iku": "indikator", "anggaran": "uraian"}

Grid = list[list[str]]  # rows of cell texts, left to right


@dataclass(frozen=True)
class GoldRow:
    family: str
    label: str
    figures: tuple[str, ...]  # printed texts, in printed order
    fields: tuple[str, ...]  # the figure fields they came from


@dataclass
class Case:
    """One page of one PDF with the truth rows printed on it."""

    path: str
    page: int  # 1-based
    cls: str
    rows: list[GoldRow] = field(default_factory=list)


# --- matching ---------------------------------------------------------------------------------

def _squash(text: Any) -> str:
    return re.sub(r"\s+", "", str(text or "")).casefold()


def fold(text: Any) -> str:
    return re.sub(r"[^0-9a-z]+", "", str(text or "").casefold())


def holds_figure(cell: str, figure: str) -> bool:
    """Whether a cell prints this figure as its only number (a unit, '%' or 'Rp' around it is allowed)."""
    c, f = _squash(cell), _squash(figure)
    if not f:
        return False
    if not re.search(r"\d", f):
        return c == f
    m = re.fullmatch(r"([^\d]*)" + re.escape(f) + r"([^\d]*)", c)
    if not m:
        return False
    # the figure is not the tail or head of a longer number ("1.5" in "1.50", "-5" in "5-5")
    return not m.group(1).endswith((".", ",")) and not m.group(2).startswith((".", ","))


def holds_label(cell: str, label: str) -> bool:
    """Whether a cell prints the whole label (numbering or a code before it allowed)."""
    c, lab = fold(cell), fold(label)
    if not lab or not c:
        return False
    if c == lab or fuzz.ratio(c, lab) >= 90:
        return True
    return lab in c and len(lab) >= 0.75 * len(c)


def row_holds(cells: list[str], figures: tuple[str, ...]) -> list[int] | None:
    """Given a grid row, return the cell indexes holding the figures in printed order (each its own cell)."""

    def place(k: int, start: int) -> list[int] | None:
        if k == len(figures):
            return []
        for i in range(start, len(cells)):
            if holds_figure(cells[i], figures[k]):
                rest = place(k + 1, i + 1)
                if rest is not None:
                    return [i, *rest]
        return None

    return place(0, 0)


def score_grids(grids: list[Grid], row: GoldRow) -> tuple[bool, bool]:
    """Given an engine's grids of a page and a truth row, return (row intact, label intact)."""
    intact = False
    for grid in grids:
        for cells in grid:
            at = row_holds(cells, row.figures)
            if at is None:
                continue
            intact = True
            if any(holds_label(c, row.label) for i, c in enumerate(cells) if i not in at):
                return True, True
    return intact, False


def score_records(records: list[dict[str, Any]], row: GoldRow) -> tuple[bool, bool]:
    """Ours: a record of the page holding each figure in its field, and the label."""
    intact = False
    for r in records:
        if r.get("family") != row.family:
            continue
        if all(_squash(r.get(f + "_teks")) == _squash(t) for f, t in zip(row.fields, row.figures, strict=True)):
            intact = True
            if holds_label(r.get(LABEL[row.family]) or "", row.label):
                return True, True
    return intact, False


# --- the truths -------------------------------------------------------------------------------

def gold_row(family: str, r: dict[str, Any]) -> GoldRow | None:
    fields = tuple(f for f in FIGURES[family] if r.get(f + "_teks") not in (None, ""))
    label = r.get(LABEL[family])
    if not fields or not label:
        return None
    return GoldRow(family, str(label), tuple(str(r[f + "_teks"]) for f in fields), fields)


def has_text_layer(path: Path, page: int) -> bool:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        if page > len(pdf):
            return False
        tp = pdf[page - 1].get_textpage()
        return len(re.sub(r"\s+", "", tp.get_text_range())) >= 40
    finally:
        pdf.close()


def has_rules(path: Path, page: int) -> bool:
    """Whether the page draws ruling lines or boxes (the real pages' class)."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        p = pdf.pages[page - 1]
        long = [e for e in p.edges if max(abs(e["x1"] - e["x0"]), abs(e["bottom"] - e["top"])) >= 20]
        return len(long) >= 8


def real_cases(docs: Path, say: Callable[[str], None]) -> list[Case]:
    cases: dict[tuple[str, int], Case] = {}
    scans = 0
    for g in sorted(GOLDENS.glob("*.expected.json")):
        d = json.loads(g.read_text(encoding="utf-8"))
        src = docs / d["source_file"]
        if not src.name.lower().endswith(".pdf"):
            continue
        if not src.is_file():
            say(f"skip {src.name}: not in {docs}")
            continue
        checked = d.get("checked_pages", {})
        for t in d.get("tables", []):
            fam = t.get("family")
            if fam not in FIGURES:
                continue
            for r in t.get("rows", []):
                page = r.get("page")
                gr = gold_row(fam, r)
                if gr is None or page is None or page not in (checked.get(fam) or []):
                    continue
                key = (str(src), int(page))
                if key not in cases:
                    if not has_text_layer(src, page):
                        scans += 1
                        cases[key] = Case(str(src), page, "scan")
                    else:
                        cls = "real ruled" if has_rules(src, page) else "real unruled"
                        cases[key] = Case(str(src), page, cls)
                cases[key].rows.append(gr)
    if scans:
        say(f"left out {scans} real pages without a text layer (scans)")
    return [c for c in cases.values() if c.cls != "scan"]


def pick_seeds(first: int, per_class: int, limit: int = 400) -> dict[int, str]:
    """From ``first`` on, the first ``per_class`` digital seeds of each ruling class (without pictures)."""
    from fixtures.generator.document import draw_document

    got: dict[int, str] = {}
    count: dict[str, int] = defaultdict(int)
    for seed in range(first, first + limit):
        doc = draw_document(seed, "digital")
        if "picture_table" in doc.classes or count[doc.ruling] >= per_class:
            continue
        got[seed] = doc.ruling
        count[doc.ruling] += 1
        if all(count[r] >= per_class for r in RULINGS):
            break
    return got


def generated_cases(folder: Path, seeds: dict[int, str]) -> list[Case]:
    from fixtures.generator import generate

    cases: dict[tuple[str, int], Case] = {}
    for seed, ruling in seeds.items():
        gen = generate(seed, folder, "digital")
        truth = gen.truth
        for fam in FIGURES:
            for rec in getattr(truth, fam):
                r = rec.model_dump()
                gr = gold_row(fam, r)
                if gr is None or r.get("page") is None or r.get("table_id") in gen.picture_tables:
                    continue
                key = (str(gen.path), int(r["page"]))
                cases.setdefault(key, Case(str(gen.path), int(r["page"]), f"gen {ruling}")).rows.append(gr)
    return list(cases.values())


# --- the engines ------------------------------------------------------------------------------

@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Libraries' warnings and prints off the terminal."""
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), \
            contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        logging.disable(logging.CRITICAL)
        try:
            yield
        finally:
            logging.disable(logging.NOTSET)


def _cells(values: Any) -> list[str]:
    return ["" if v is None or v != v else str(v) for v in values]  # v != v: NaN


def camelot_engine(flavor: str) -> Callable[[str, int], list[Grid]]:
    def run(path: str, page: int) -> list[Grid]:
        import camelot  # type: ignore[import-not-found,unused-ignore]

        kw: dict[str, Any] = {"backend": "pdfium"} if flavor == "lattice" else {}
        tables = camelot.read_pdf(path, pages=str(page), flavor=flavor, **kw)
        return [[_cells(row) for row in t.df.values.tolist()] for t in tables]

    return run


def img2table_engine(borderless: bool) -> Callable[[str, int], list[Grid]]:
    def run(path: str, page: int) -> list[Grid]:
        from img2table.document import PDF  # type: ignore[import-not-found,unused-ignore]

        doc = PDF(src=path, pages=[page - 1], pdf_text_extraction=True)
        out: list[Grid] = []
        for tables in doc.extract_tables(borderless_tables=borderless, implicit_rows=True).values():
            for t in tables:
                out.append([_cells(c.value for c in row) for row in t.content.values()])
        return out

    return run


def pdfplumber_engine(strategy: str) -> Callable[[str, int], list[Grid]]:
    settings = {"vertical_strategy": "text", "horizontal_strategy": "text"} if strategy == "text" else {}

    def run(path: str, page: int) -> list[Grid]:
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            tables = pdf.pages[page - 1].extract_tables(settings)
        return [[_cells(row) for row in t] for t in tables]

    return run


ENGINES: dict[str, tuple[str, Callable[[str, int], list[Grid]]]] = {
    "camelot lattice": ("camelot", camelot_engine("lattice")),
    "camelot stream": ("camelot", camelot_engine("stream")),
    "camelot network": ("camelot", camelot_engine("network")),
    "img2table borderless": ("img2table", img2table_engine(True)),
    "img2table bordered": ("img2table", img2table_engine(False)),
    "pdfplumber lines": ("pdfplumber", pdfplumber_engine("lines")),
    "pdfplumber text": ("pdfplumber", pdfplumber_engine("text")),
}
OURS = "ours (lkjip)"


def installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


@dataclass
class Result:
    engine: str
    cls: str
    rows: int = 0
    intact: int = 0
    label: int = 0
    pages: int = 0
    seconds: float = 0.0
    failures: int = 0
    where: str = ""  # file and page, in the --json details


def run_engine_case(engine: str, case: Case) -> Result:
    """One library engine on one page (in a worker process)."""
    res = Result(engine, case.cls, pages=1, where=f"{Path(case.path).name} p{case.page}")
    started = time.perf_counter()
    try:
        with quiet():
            grids = ENGINES[engine][1](case.path, case.page)
    except Exception:  # a library failing on a page reads nothing there
        grids = []
        res.failures = 1
    res.seconds = time.perf_counter() - started
    for row in case.rows:
        ok, lab = score_grids(grids, row)
        res.rows += 1
        res.intact += ok
        res.label += lab
    return res


def run_ours_doc(path: str, cases: list[Case]) -> list[Result]:
    """Ours on one document (all its pages read, as lkjip extract does), scored on its truth pages."""
    import lkjip

    started = time.perf_counter()
    with quiet():
        report = lkjip.extract(path)
    seconds = time.perf_counter() - started
    records = [{**r.model_dump(), "family": fam} for fam in FIGURES for r in getattr(report, fam)]
    pages = report.report.pages or 1
    out: list[Result] = []
    for k, case in enumerate(cases):
        res = Result(OURS, case.cls, where=f"{Path(case.path).name} p{case.page}")
        if k == 0:  # the document's time and pages go with its first case
            res.seconds, res.pages = seconds, pages
        on_page = [r for r in records if r.get("page") == case.page]
        for row in case.rows:
            ok, lab = score_records(on_page, row)
            res.rows += 1
            res.intact += ok
            res.label += lab
        out.append(res)
    return out


def _ours_job(args: tuple[str, list[Case]]) -> list[Result]:
    return run_ours_doc(*args)


def _lib_job(args: tuple[str, Case]) -> Result:
    return run_engine_case(*args)


# --- the report -------------------------------------------------------------------------------

def aggregate(results: list[Result]) -> dict[str, dict[str, dict[str, float | int]]]:
    """engine -> class (and 'all') -> rows, intact %, label %, pages, seconds per page."""
    acc: dict[str, dict[str, Result]] = defaultdict(dict)
    for r in results:
        for cls in (r.cls, "all"):
            a = acc[r.engine].setdefault(cls, Result(r.engine, cls))
            a.rows += r.rows
            a.intact += r.intact
            a.label += r.label
            a.pages += r.pages
            a.seconds += r.seconds
            a.failures += r.failures
    out: dict[str, dict[str, dict[str, float | int]]] = {}
    for eng, by in acc.items():
        out[eng] = {cls: {"rows": a.rows, "intact": round(100 * a.intact / a.rows, 1) if a.rows else 0.0,
                          "label": round(100 * a.label / a.rows, 1) if a.rows else 0.0, "pages": a.pages,
                          "s_per_page": round(a.seconds / a.pages, 3) if a.pages else 0.0,
                          "failed_pages": a.failures} for cls, a in by.items()}
    return out


def class_order(classes: set[str]) -> list[str]:
    order = ["real ruled", "real unruled", *(f"gen {r}" for r in RULINGS)]
    return [c for c in order if c in classes] + sorted(classes - set(order)) + ["all"]


def print_table(agg: dict[str, dict[str, dict[str, float | int]]], out: Any = sys.stdout) -> None:
    classes = class_order({c for by in agg.values() for c in by if c != "all"})
    rows_per = {c: next((int(by[c]["rows"]) for by in agg.values() if c in by), 0) for c in classes}
    print("rows intact % / label intact % per class (truth rows in brackets); s/page", file=out)
    head = ["engine", *(f"{c} ({rows_per[c]})" for c in classes), "s/page"]
    print("| " + " | ".join(head) + " |", file=out)
    print("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|", file=out)
    for eng, by in agg.items():
        cells = [f"{by[c]['intact']:.1f} / {by[c]['label']:.1f}" if c in by else "-" for c in classes]
        print("| " + " | ".join([eng, *cells, f"{by['all']['s_per_page']:.2f}"]) + " |", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-class", type=int, default=5,
                        help="generated digital reports per ruling class (default 5; 0: none)")
    parser.add_argument("--first-seed", type=int, default=8901,
                        help="seeds are taken from here on, the first of each ruling class (default 8901)")
    parser.add_argument("--no-real", action="store_true", help="leave out the real goldens")
    parser.add_argument("--docs", type=Path, default=DOCS, help=f"the real documents (default {DOCS})")
    parser.add_argument("--engine", action="append",
                        help=f"only this engine (repeatable): {', '.join([*ENGINES, OURS])}")
    parser.add_argument("--workers", type=int, default=2, help="process pool size (default 2)")
    parser.add_argument("--json", type=Path, help="also write the figures and the per-page results here")
    args = parser.parse_args(argv)

    def say(msg: str) -> None:
        print(msg, file=sys.stderr)

    engines = args.engine or [*ENGINES, OURS]
    unknown = [e for e in engines if e not in ENGINES and e != OURS]
    if unknown:
        parser.error(f"unknown engine: {', '.join(unknown)}")
    libs: list[str] = []
    for e in engines:
        if e == OURS:
            continue
        if installed(ENGINES[e][0]):
            libs.append(e)
        else:
            say(f"skip {e}: {ENGINES[e][0]} is not installed here ({sys.executable})")

    with tempfile.TemporaryDirectory(prefix="lkjip-cmp-") as tmp:
        cases: list[Case] = []
        if not args.no_real:
            if args.docs.is_dir():
                cases += real_cases(args.docs, say)
            else:
                say(f"skip the real goldens: no folder {args.docs}")
        seeds: dict[int, str] = {}
        if args.per_class > 0:
            seeds = pick_seeds(args.first_seed, args.per_class)
            with quiet():
                cases += generated_cases(Path(tmp), seeds)
        say(f"{len(cases)} pages, {sum(len(c.rows) for c in cases)} truth rows; seeds {sorted(seeds)}")
        results: list[Result] = []
        started = time.perf_counter()
        with ProcessPoolExecutor(max_workers=args.workers) as pool:
            lib_jobs = [(e, c) for e in libs for c in cases]
            results += list(pool.map(_lib_job, lib_jobs))
            if OURS in engines:
                by_doc: dict[str, list[Case]] = defaultdict(list)
                for c in cases:
                    by_doc[c.path].append(c)
                for rs in pool.map(_ours_job, list(by_doc.items())):
                    results += rs
        agg = aggregate(results)
    print_table(agg)
    say(f"{time.perf_counter() - started:.0f} s wall, {args.workers} workers")
    if args.json:
        args.json.write_text(json.dumps({"seeds": seeds, "figures": agg, "pages": [
            {"engine": r.engine, "class": r.cls, "where": r.where, "rows": r.rows, "intact": r.intact, "label": r.label,
             "seconds": round(r.seconds, 3)} for r in results]}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
