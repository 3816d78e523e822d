"""Generalisation benchmark: ``.venv/bin/python -m benchmarks.generalize [--n 100] [--quick] [--seed S]``.

Draws N reports from fresh random seeds (``--seed`` reproduces one; repeat
it for several) with ``fixtures.generator``, writes them into a temporary
folder, extracts each with ``pipeline.report.process_file`` (what ``lkjip
eval`` calls) in a process pool of 2, scores them against the generator's
truth with ``lkjip.scoring``, and prints cell F1 per family, per kind
(digital, DOCX, scanned) and per variation class, warning precision and
recall per code, and the 10 worst documents with their seeds. ``--json``
prints the same as one JSON object. The seeds are never the ones the code
was tuned on unless you pass them.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from lkjip.records import Report, Warning
from lkjip.scoring import Score, score_report, score_warnings, warning_cells

FAMILIES = ("iku", "anggaran", "idm")
EXTRA = ("tables", "report", "angka", "warnings")


@dataclass
class DocResult:
    seed: int
    kind: str
    classes: list[str]
    cells: dict[str, tuple[int, int, int]]  # family -> (tp, fp, fn)
    warnings: dict[str, tuple[int, int, int]]  # code -> (tp, fp, fn)
    seconds_generate: float
    seconds_extract: float
    diagnosis: str
    pages: int | None
    error: str | None = None
    misses: list[str] = field(default_factory=list)
    # code -> (error-severity warnings raised, of them at a planted contradiction's place)
    errors: dict[str, tuple[int, int]] = field(default_factory=dict)
    # code -> (contradictions planted, of them raised as an error at their place)
    planted: dict[str, tuple[int, int]] = field(default_factory=dict)
    false_errors: list[str] = field(default_factory=list)  # the errors raised where nothing was planted
    missed_errors: list[str] = field(default_factory=list)  # the planted contradictions no error names

    def score(self, families: Iterable[str] = FAMILIES) -> Score:
        s = Score()
        for fam in families:
            tp, fp, fn = self.cells.get(fam, (0, 0, 0))
            s.add(Score(tp, fp, fn))
        return s


def _counts(s: Score) -> tuple[int, int, int]:
    return (s.tp, s.fp, s.fn)


def per_code(got: Report, want: Report) -> dict[str, tuple[int, int, int]]:
    """Given an extraction and its truth, return the warning score of each code."""
    codes = {w.code for w in got.warnings} | {w.code for w in want.warnings}
    out: dict[str, tuple[int, int, int]] = {}
    for code in sorted(codes):
        g = got.model_copy(update={"warnings": [w for w in got.warnings if w.code == code]})
        w = want.model_copy(update={"warnings": [x for x in want.warnings if x.code == code]})
        out[code] = _counts(score_warnings(g, w))
    return out


@dataclass
class ErrorCounts:
    raised: dict[str, tuple[int, int]]  # code -> (errors raised, of them where a contradiction is planted)
    planted: dict[str, tuple[int, int]]  # code -> (contradictions planted, of them raised as an error)
    false: list[str]  # "CODE p3: message" of each error raised where nothing is planted
    missed: list[str] = field(default_factory=list)  # "CODE p3: message" of each planted one no error names


def error_counts(got: Report, want: Report) -> ErrorCounts:
    """Per code: the error-severity warnings raised, and how many of them stand where the truth plants a
    contradiction (same code, table, row and field): the accusations and the true ones among them; and
    the contradictions planted, and how many of them an error names."""
    planted: dict[tuple[object, ...], int] = {}
    truth: dict[tuple[object, ...], Warning] = {}
    for key, w in warning_cells(want):
        if w.severity == "error":
            planted[key] = planted.get(key, 0) + 1
            truth[key] = w
    total = dict(planted)
    out = ErrorCounts({}, {}, [])
    for key, w in warning_cells(got):
        if w.severity != "error":
            continue
        raised, true = out.raised.get(w.code, (0, 0))
        hit = planted.get(key, 0) > 0
        if hit:
            planted[key] -= 1
        else:
            out.false.append(f"{w.code} p{w.page}: {w.message[:220]}")
        out.raised[w.code] = (raised + 1, true + hit)
    for key, n in total.items():
        code = str(key[0])
        p, c = out.planted.get(code, (0, 0))
        out.planted[code] = (p + n, c + n - planted[key])
        if planted[key]:
            out.missed.append(f"{code} p{truth[key].page}: {truth[key].message[:220]}")
    return out


def diagnose(got: Report, want: Report) -> str:
    """A one-line account of what went wrong: tables and rows found against the truth."""
    parts: list[str] = []
    for fam in FAMILIES:
        w, g = len(getattr(want, fam)), len(getattr(got, fam))
        if w or g:
            parts.append(f"{fam} rows {g}/{w}")
    want_t = Counter(t.jenis for t in want.tables)
    got_t = Counter(t.jenis for t in got.tables)
    missing = want_t - got_t
    extra = got_t - want_t
    if missing:
        parts.append("tables missed: " + ", ".join(f"{k}×{v}" for k, v in missing.items()))
    if extra:
        parts.append("tables extra: " + ", ".join(f"{k}×{v}" for k, v in extra.items()))
    if got.errors:
        parts.append("errors: " + ",".join(sorted({e.code for e in got.errors})))
    return "; ".join(parts)


def run_one(seed: int, folder: str, kind: str | None, keep: bool = False) -> DocResult:
    """Generate, extract and score one seed (in a worker process); ``keep`` leaves its files in ``folder``."""
    from fixtures.generator import generate
    from lkjip.pipeline.report import process_file
    from lkjip.pipeline.worker_io import captured_stderr

    started = time.perf_counter()
    try:
        gen = generate(seed, Path(folder), kind)  # type: ignore[arg-type]
    except Exception as exc:  # a generator bug must not stop the run: it is reported with its seed
        return DocResult(seed, kind or "?", [], {}, {}, 0.0, 0.0, "", None, f"generate: {exc!r}")
    generated = time.perf_counter()
    with captured_stderr():  # Leptonica's "Error in boxClipToRectangle" lines: noise, as lkjip ingest keeps it
        got = process_file(gen.path)
    extracted = time.perf_counter()
    scores = score_report(got, gen.truth)
    result = DocResult(
        seed=seed, kind=gen.kind, classes=list(gen.classes),
        cells={fam: _counts(s) for fam, s in scores.items()}, warnings=per_code(got, gen.truth),
        seconds_generate=generated - started, seconds_extract=extracted - generated,
        diagnosis=diagnose(got, gen.truth), pages=gen.truth.report.pages,
        misses=[m for fam in FAMILIES for m in scores[fam].misses[:5]],
    )
    counts = error_counts(got, gen.truth)
    result.errors, result.planted, result.false_errors = counts.raised, counts.planted, counts.false
    result.missed_errors = counts.missed
    if not keep:  # a drawn document is a few MB: a run of hundreds does not fill the temporary folder
        for p in (gen.path, gen.golden_path, gen.path.with_name(gen.path.name + ".generator.json")):
            p.unlink(missing_ok=True)
    return result


def _f1(tp: int, fp: int, fn: int) -> Score:
    return Score(tp, fp, fn)


def aggregate(results: list[DocResult]) -> dict[str, Any]:
    """Given per-document results, return the benchmark's figures as plain data."""
    ok = [r for r in results if r.error is None]

    def fam_scores(rs: list[DocResult], fams: Iterable[str]) -> dict[str, dict[str, float | int]]:
        out: dict[str, dict[str, float | int]] = {}
        for fam in fams:
            s = Score()
            for r in rs:
                s.add(_f1(*r.cells.get(fam, (0, 0, 0))))
            out[fam] = {"cells": s.tp + s.fn, "precision": round(s.precision, 4), "recall": round(s.recall, 4),
                        "f1": round(s.f1, 4)}
        total = Score()
        for r in rs:
            total.add(r.score())
        out["all"] = {"cells": total.tp + total.fn, "precision": round(total.precision, 4),
                      "recall": round(total.recall, 4), "f1": round(total.f1, 4)}
        return out

    kinds = sorted({r.kind for r in ok})
    classes = sorted({c for r in ok for c in r.classes})
    codes = sorted({c for r in ok for c in r.warnings})
    warn: dict[str, dict[str, float | int]] = {}
    for code in codes:
        s = Score()
        for r in ok:
            s.add(_f1(*r.warnings.get(code, (0, 0, 0))))
        raised_err = sum(r.errors.get(code, (0, 0))[0] for r in ok)
        true_err = sum(r.errors.get(code, (0, 0))[1] for r in ok)
        planted = sum(r.planted.get(code, (0, 0))[0] for r in ok)
        caught = sum(r.planted.get(code, (0, 0))[1] for r in ok)
        warn[code] = {"expected": s.tp + s.fn, "raised": s.tp + s.fp, "precision": round(s.precision, 4),
                      "recall": round(s.recall, 4), "errors_raised": raised_err,
                      "error_precision": round(true_err / raised_err, 4) if raised_err else 1.0,
                      "errors_planted": planted, "error_recall": round(caught / planted, 4) if planted else 1.0}
    worst = sorted(ok, key=lambda r: (r.score().f1, r.seed))[:10]
    return {
        "n": len(results),
        "failed_to_generate": [{"seed": r.seed, "error": r.error} for r in results if r.error],
        "families": fam_scores(ok, (*FAMILIES, *EXTRA)),
        "kinds": {k: {"docs": sum(r.kind == k for r in ok), **fam_scores([r for r in ok if r.kind == k], FAMILIES)}
                  for k in kinds},
        "classes": {c: {"docs": sum(c in r.classes for r in ok),
                        **fam_scores([r for r in ok if c in r.classes], FAMILIES)} for c in classes},
        "warnings": warn,
        "worst": [{"seed": r.seed, "kind": r.kind, "f1": round(r.score().f1, 4),
                   "families": {f: round(r.score([f]).f1, 4) for f in FAMILIES if sum(r.cells.get(f, (0, 0, 0)))},
                   "diagnosis": r.diagnosis, "classes": r.classes, "misses": r.misses[:8]} for r in worst],
        "false_errors": [f"seed {r.seed} {r.kind}: {m}" for r in ok for m in r.false_errors],
        "missed_errors": [f"seed {r.seed} {r.kind}: {m}" for r in ok for m in r.missed_errors],
        "seconds_generate": round(sum(r.seconds_generate for r in ok), 1),
        "seconds_extract": round(sum(r.seconds_extract for r in ok), 1),
        "pages": sum(r.pages or 0 for r in ok),
    }


def run(seeds: list[int], kind: str | None, workers: int, keep: Path | None) -> list[DocResult]:
    with tempfile.TemporaryDirectory(prefix="lkjip-gen-") as tmp:
        folder = str(keep or tmp)
        if workers <= 1:
            return [run_one(s, folder, kind, keep is not None) for s in seeds]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            n = len(seeds)
            return list(pool.map(run_one, seeds, [folder] * n, [kind] * n, [keep is not None] * n))


def _fmt(d: dict[str, float | int]) -> str:
    return f"{d['f1']:.3f}" if d["cells"] else "  -  "


def print_report(res: dict[str, Any], seconds: float, out: TextIO = sys.stdout, show_errors: bool = False) -> None:
    def p(*parts: object) -> None:
        print(*parts, file=out)

    p(f"{res['n']} documents, {res['pages']} pages, {seconds:.1f} s wall "
      f"(generate {res['seconds_generate']} s + extract/score {res['seconds_extract']} s CPU in the workers)")
    for f in res["failed_to_generate"]:
        p(f"  generator failed on seed {f['seed']}: {f['error']}")
    p("\ncell F1 per family")
    p(f"  {'family':<10} {'cells':>7} {'P':>6} {'R':>6} {'F1':>6}")
    for fam, d in res["families"].items():
        p(f"  {fam:<10} {d['cells']:>7} {d['precision']:>6.3f} {d['recall']:>6.3f} {d['f1']:>6.3f}")
    head = f"  {'':<34} {'docs':>4} {'iku':>6} {'angg.':>6} {'idm':>6} {'all':>6}"
    p("\nper kind")
    p(head)
    for k, d in res["kinds"].items():
        p(f"  {k:<34} {d['docs']:>4} {_fmt(d['iku']):>6} {_fmt(d['anggaran']):>6} {_fmt(d['idm']):>6} {_fmt(d['all']):>6}")
    p("\nper variation class (documents that drew it)")
    p(head)
    for c, d in res["classes"].items():
        p(f"  {c:<34} {d['docs']:>4} {_fmt(d['iku']):>6} {_fmt(d['anggaran']):>6} {_fmt(d['idm']):>6} {_fmt(d['all']):>6}")
    p("\nwarnings per code")
    p(f"  {'code':<22} {'expected':>8} {'raised':>7} {'P':>6} {'R':>6} {'errors':>7} {'err P':>6} "
      f"{'planted':>7} {'err R':>6}")
    for code, d in res["warnings"].items():
        p(f"  {code:<22} {d['expected']:>8} {d['raised']:>7} {d['precision']:>6.3f} {d['recall']:>6.3f} "
          f"{d['errors_raised']:>7} {d['error_precision']:>6.3f} {d['errors_planted']:>7} {d['error_recall']:>6.3f}")
    if show_errors:
        p("\nerrors raised where nothing is planted")
        for m in res["false_errors"]:
            p(f"  {m}")
        p("\nplanted contradictions no error names")
        for m in res["missed_errors"]:
            p(f"  {m}")
    p("\nworst 10 documents")
    for w in res["worst"]:
        fams = " ".join(f"{k} {v:.2f}" for k, v in w["families"].items())
        p(f"  seed {w['seed']:<11} {w['kind']:<8} F1 {w['f1']:.3f}  ({fams})  {w['diagnosis']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100, help="documents to draw (default 100)")
    parser.add_argument("--quick", action="store_true", help="10 documents")
    parser.add_argument("--seed", type=int, action="append", help="reproduce this seed (repeatable); no fresh seeds")
    parser.add_argument("--kind", choices=["digital", "docx", "scanned"], help="make every document of this kind")
    parser.add_argument("--workers", type=int, default=2, help="process pool size (default 2)")
    parser.add_argument("--keep", type=Path, help="write the documents here and keep them")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--show-errors", action="store_true", help="list each error raised where nothing is planted")
    args = parser.parse_args(argv)
    n = 10 if args.quick else args.n
    seeds = args.seed or [random.SystemRandom().randrange(1, 2**31) for _ in range(n)]
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results = run(seeds, args.kind, args.workers, args.keep)
    seconds = time.perf_counter() - started
    res = aggregate(results)
    res["seconds_wall"] = round(seconds, 1)
    res["seeds"] = seeds
    if args.json:
        print(json.dumps(res, indent=1))
    else:
        print_report(res, seconds, show_errors=args.show_errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
