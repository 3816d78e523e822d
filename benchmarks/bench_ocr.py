"""OCR benchmark: ``.venv/bin/python -m benchmarks.bench_ocr [FILES...]``.

Runs ``process_file`` on the scanned fixtures (``fixtures/scanned/*.pdf`` by
default), one file after the other in this process, and prints per file and
in total: pages read by OCR, pages read at full resolution, wall time, CPU
time (this process, Tesseract included: it runs in process through tesserocr), seconds
per scanned page per core, scanned pages per second, and peak memory (max RSS
of this process and of its largest child process, if any). Also prints the numeric
cell score against each golden and how many wrong figures carry no flag.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from collections import Counter
from pathlib import Path
from typing import Any

from lkjip.normalizers.arith_repair import LOW_CONFIDENCE
from lkjip.pipeline.report import process_file
from lkjip.records import Report
from lkjip.scoring import LABEL, NUMERIC, Score, _norm, _table_keys, score_numeric

SCANS = Path(__file__).resolve().parents[1] / "fixtures" / "scanned"


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _keyed(report: Report, family: str) -> dict[tuple[Any, ...], tuple[int, Any]]:
    """Rows keyed as the scoring keys them (table jenis and ordinal, label, occurrence)."""
    tables = _table_keys(report)
    seen: Counter[tuple[Any, ...]] = Counter()
    out: dict[tuple[Any, ...], tuple[int, Any]] = {}
    for i, row in enumerate(getattr(report, family)):
        d = row.model_dump()
        base = (tables.get(d["table_id"]), *(_norm(d.get(k)) for k in LABEL[family]))
        seen[base] += 1
        out[(*base, seen[base])] = (i, row)
    return out


def unflagged(got: Report, want: Report) -> list[str]:
    """Figures that differ from the golden in rows both have, with no warning on their row and no low confidence."""
    out: list[str] = []
    for family, fields in NUMERIC.items():
        mine = _keyed(got, family)
        for key, (_, wrow) in _keyed(want, family).items():
            if key not in mine:
                continue
            i, row = mine[key]
            for f in fields:
                gv, wv = getattr(row, f), getattr(wrow, f)
                if gv == wv or (gv is not None and wv is not None and abs(gv - wv) <= 1e-9 * max(1.0, abs(wv))):
                    continue
                flagged = any(w.row == i and w.table_id == row.table_id for w in got.warnings)
                conf = (row.ocr_konfidensi or {}).get(f)
                if not flagged and not (conf is not None and conf < LOW_CONFIDENCE):
                    out.append(f"{family} {key[1]!r} {f}: {gv} (golden {wv})")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="OCR speed and accuracy on scanned fixtures")
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args(argv)
    files = args.files or sorted(SCANS.glob("*.pdf"))
    total_pages = total_cpu = total_wall = 0.0
    numeric = Score()
    left_unflagged = 0
    print(f"{'file':40} {'ocr pp':>6} {'wall s':>7} {'cpu s':>7} {'s/pp/core':>9} {'angka':>7}")
    for path in files:
        wall0, cpu0 = time.perf_counter(), _cpu()
        got = process_file(path)
        wall, cpu = time.perf_counter() - wall0, _cpu() - cpu0
        scanned = _scanned_pages(got)
        golden = path.with_name(path.name + ".expected.json")
        score = ""
        if golden.exists():
            want = Report.from_json(golden.read_text())
            s = score_numeric(got, want)
            numeric.add(s)
            bad = unflagged(got, want)
            left_unflagged += len(bad)
            score = f"{s.recall:.4f}"
            for b in bad:
                print(f"    unflagged: {b}")
        total_pages += scanned
        total_cpu += cpu
        total_wall += wall
        per = cpu / scanned if scanned else 0.0
        print(f"{path.name:40} {scanned:>6} {wall:>7.1f} {cpu:>7.1f} {per:>9.2f} {score:>7}")
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"total: {total_pages:.0f} scanned pages, {total_wall:.1f} s wall, {total_cpu:.1f} s CPU; "
        f"{total_cpu / max(total_pages, 1):.2f} s per scanned page per core, "
        f"{total_pages / max(total_cpu, 1e-9):.2f} pages/s per core"
    )
    print(f"peak memory: {self_rss:.0f} MiB (this process), {child_rss:.0f} MiB (largest child process)")
    print(
        f"numeric cells exact: {numeric.tp}/{numeric.tp + numeric.fn} = {numeric.recall:.4f}; "
        f"wrong figures left unflagged: {left_unflagged}"
    )


def _scanned_pages(report: Report) -> int:
    """Pages read by OCR: every page of an OCR report, the scanned ones of a mixed one."""
    from lkjip.extractors.read.ocr.scan import scanned_pages
    from lkjip.extractors.read.pdf import pdf_page_texts

    path = SCANS / report.report.source_file
    if not path.exists():
        return report.report.pages or 0
    return len(scanned_pages(path, pdf_page_texts(path)))


if __name__ == "__main__":
    main()
