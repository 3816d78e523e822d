"""The benchmark: ``.venv/bin/python -m benchmarks.run`` (``--help`` for options).

Measures on a corpus of digital reports (``benchmarks/corpus.py``):
1. pages per second per core end to end (``process_file``, one process), with
   the time split between reading (pypdfium2 pass, triage, pdfplumber) and
   the rest (locate, extract, normalize, check);
2. scaling from 1 to N worker processes (plain ``ProcessPoolExecutor``);
3. ``lkjip ingest`` (the Prefect flow) over the same corpus, and Prefect's
   share: the ingest's wall time against the plain process pool's;
4. re-ingest of the unchanged corpus, as a share of the first run;
5. peak memory (max RSS) of one worker process extracting a 300-page report.
Results are printed and written to ``benchmarks/results/<date>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from benchmarks.corpus import ROOT, build_corpus, build_report

HERE = Path(__file__).resolve().parent


def _one(path: str) -> tuple[int, float, float]:
    """Extract one file; return (pages, seconds reading, seconds for the rest)."""
    from lkjip.records import ReportMeta
    from pipeline.report import document_to_report, file_sha256, read_document
    from pipeline.settings import Settings

    p = Path(path)
    t0 = time.perf_counter()
    doc = read_document(p, Settings(), p.name)
    t1 = time.perf_counter()
    document_to_report(doc, ReportMeta(report_id=file_sha256(p), source_file=p.name))
    t2 = time.perf_counter()
    return doc.pages or 0, t1 - t0, t2 - t1


def _pool(files: list[Path], workers: int) -> tuple[float, int, float, float]:
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as ex:
        results = list(ex.map(_one, [str(f) for f in files], chunksize=1))
    wall = time.perf_counter() - t0
    return wall, sum(r[0] for r in results), sum(r[1] for r in results), sum(r[2] for r in results)


def _ingest(corpus: Path, out: Path, workers: int) -> float:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "ingest", str(corpus), "--out", str(out), "--workers", str(workers), "--json"],
        check=True, env=env, stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - t0


def _peak_memory(pdf: Path) -> float:
    """Max RSS in MB of a fresh process that imports lkjip and extracts ``pdf``."""
    code = (
        "import resource, sys; from pathlib import Path; from pipeline.report import process_file; "
        "process_file(Path(sys.argv[1])); print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    done = subprocess.run([sys.executable, "-c", code, str(pdf)], capture_output=True, text=True, check=True)
    return int(done.stdout.strip()) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=200, help="digital reports in the corpus (default 200)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="workers for the scaling run")
    ap.add_argument("--skip-ingest", action="store_true", help="skip the Prefect ingest runs")
    args = ap.parse_args()

    import random

    corpus = HERE / "corpus" / f"digital-{args.reports}"
    pages = build_corpus(corpus, args.reports)
    files = sorted(corpus.glob("*.pdf"))
    print(f"corpus: {len(files)} reports, {pages} pages ({corpus})")
    res: dict[str, Any] = {
        "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "reports": len(files),
        "pages": pages,
    }

    wall1, p1, read1, rest1 = _pool(files, 1)
    res["one_worker"] = {"seconds": round(wall1, 1), "pages_per_s": round(p1 / wall1, 1),
                         "read_share": round(read1 / (read1 + rest1), 3)}
    print(f"1 worker : {wall1:7.1f} s  {p1 / wall1:6.1f} pages/s per core  "
          f"(reading {read1 / (read1 + rest1):.0%}, locate+extract+normalize+check {rest1 / (read1 + rest1):.0%})")
    if args.workers > 1:
        walln, pn, _, _ = _pool(files, args.workers)
        res["n_workers"] = {"workers": args.workers, "seconds": round(walln, 1), "pages_per_s": round(pn / walln, 1),
                            "speedup": round(wall1 / walln, 2)}
        print(f"{args.workers} workers: {walln:7.1f} s  {pn / walln:6.1f} pages/s  speedup {wall1 / walln:.2f}x")

    if not args.skip_ingest:
        out = HERE / "results" / "dataset"
        shutil.rmtree(out, ignore_errors=True)
        workers = args.workers
        first = _ingest(corpus, out, workers)
        again = _ingest(corpus, out, workers)
        base = res.get("n_workers", {}).get("seconds", wall1) if workers > 1 else wall1
        res["ingest"] = {"workers": workers, "seconds": round(first, 1), "pages_per_s": round(pages / first, 1),
                         "prefect_share": round(max(0.0, first - base) / first, 3),
                         "reingest_seconds": round(again, 1), "reingest_share": round(again / first, 3)}
        print(f"ingest ({workers} workers): {first:7.1f} s; Prefect and writing {max(0.0, first - base) / first:.1%} "
              f"of it; re-ingest unchanged {again:.1f} s = {again / first:.1%} of the first run")

    big = HERE / "corpus" / "report-300-pages.pdf"
    if not big.exists():
        build_report(big, 300, random.Random(300))
    mem = _peak_memory(big)
    res["peak_rss_mb_300_pages"] = round(mem, 1)
    print(f"peak memory, one worker, 300-page report: {mem:.0f} MB")
    print(f"(this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")

    (HERE / "results").mkdir(exist_ok=True)
    stamp = time.strftime("%Y-%m-%dT%H%M")
    (HERE / "results" / f"{stamp}.json").write_text(json.dumps(res, indent=2))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
