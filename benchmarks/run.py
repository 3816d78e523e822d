"""The benchmark: ``.venv/bin/python -m benchmarks.run`` (``--help`` for options; ``--quick`` for a small run).

Builds the corpora (``benchmarks/corpus.py``: 200 digital reports of 20–60
pages, each a fixture report plus narrative pages, and 20 scanned reports,
copies of the scanned fixtures) and measures:

1. digital PDFs, pages per second per core end to end (``read_document`` +
   ``document_to_report`` in one worker process), with the time split between
   reading (pypdfium2 pass, triage, table finder) and the rest (locate,
   extract, normalize, check);
2. scaling from 1 to N worker processes (plain ``ProcessPoolExecutor``);
3. ``lkjip ingest --workers N`` (the Prefect flow) over the digital corpus,
   with its time per stage (``lkjip ingest --json`` reports them, see
   ``pipeline.flows.flow_stages``) and Prefect's share, measured two ways:
   the stage accounting (the wall time Prefect's own stages add: import,
   flow run start with its API server, each worker lane's idle time between
   tasks, the wait after the last task, flow run end) and an A/B run of the
   same ingest without Prefect (``benchmarks/plain.py``: same workers, same
   writer, a plain thread pool): (Prefect run − plain run) / Prefect run;
4. re-ingest of the unchanged corpus, as a share of the first run;
5. peak memory (max RSS) of one worker process extracting a 300-page report
   (joined fixtures, table-dense: a pessimistic case);
6. scanned PDFs: seconds per scanned page per core end to end (CPU time of
   the worker processes, Tesseract included, over the pages read by OCR),
   in N worker processes.
Results are printed and written to ``benchmarks/results/<date>.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from benchmarks.corpus import ROOT, build_corpus, build_report, build_scanned, page_count

HERE = Path(__file__).resolve().parent

# (key in the ingest's stages, label, summed over documents: shown divided by the lanes)
STAGES: list[tuple[str, str, bool]] = [
    ("plan", "find files, hash, cache", False),
    ("doc_start", "document worker start / hand-over", True),
    ("doc_extract", "read + extract + normalize + check", True),
    ("doc_review", "review page (crops, HTML)", True),
    ("doc_result", "report to JSON and back", True),
    ("task_other", "task body, other", True),
    ("writer", "writer: parse + DuckDB (overlaps the tasks)", False),
    ("parquet", "Parquet export", False),
    ("panels", "panels", False),
    ("prefect_import", "Prefect: import", False),
    ("prefect_flow_start", "Prefect: flow run start (API server)", False),
    ("prefect_tasks", "Prefect: task runs (lane idle between tasks)", False),
    ("prefect_tail", "Prefect: after the last task", False),
    ("prefect_flow_end", "Prefect: flow run end", False),
]
PREFECT_KEYS = [k for k, _, _ in STAGES if k.startswith("prefect_")]


def stage_table(stages: dict[str, float], wall: float, lanes: int) -> list[dict[str, Any]]:
    """Rows of the stage table: seconds as measured (summed over documents for document stages) and
    their wall-time equivalent (document stages divided by the lanes that ran them in parallel)."""
    rows: list[dict[str, Any]] = []
    for key, label, per_doc in STAGES:
        seconds = stages.get(key, 0.0)
        wall_eq = seconds / lanes if per_doc else seconds
        if key == "writer":  # it runs while the workers read: no wall time of its own
            rows.append(
                {"stage": key, "label": label, "seconds": round(seconds, 2), "wall": None, "share": None}
            )
            continue
        rows.append({"stage": key, "label": label, "seconds": round(seconds, 2), "wall": round(wall_eq, 2),
                     "share": round(wall_eq / wall, 4) if wall else 0.0})  # fmt: skip
    return rows


def prefect_share(stages: dict[str, float], wall: float) -> float:
    """The share of the ingest's wall time that Prefect's own stages add."""
    return sum(stages.get(k, 0.0) for k in PREFECT_KEYS) / wall if wall else 0.0


def print_stage_table(rows: list[dict[str, Any]], wall: float) -> None:
    print(f"  {'stage':48} {'seconds':>9} {'wall s':>8} {'share':>7}")
    for r in rows:
        if r["stage"] == "writer":
            print(f"  {r['label']:48} {r['seconds']:9.2f} {'':>8} {'':>7}")
        else:
            print(f"  {r['label']:48} {r['seconds']:9.2f} {r['wall']:8.2f} {r['share']:7.1%}")
    counted = sum(r["wall"] for r in rows if r["wall"] is not None)
    print(
        f"  {'rest (Python start, CLI, uneven lanes)':48} {'':>9} {wall - counted:8.2f} {(wall - counted) / wall:7.1%}"
    )
    print(f"  {'total (wall)':48} {'':>9} {wall:8.2f}")


def _one(path: str) -> tuple[int, float, float]:
    """Extract one file; return (pages, seconds reading, seconds for the rest)."""
    from lkjip.pipeline.report import document_to_report, file_sha256, read_document
    from lkjip.pipeline.settings import Settings
    from lkjip.records import ReportMeta

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


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


class Background:
    """CPU seconds that processes other than this benchmark's (and their descendants') used meanwhile:
    another job on the machine makes a run slower, and the results say how much there was. Samples
    /proc four times a second in a thread; a process that starts and ends between samples is missed."""

    def __init__(self) -> None:
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.ours: set[int] = {os.getpid()}
        self.stop = threading.Event()
        self._sample(initial=True)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.wait(0.25):
            self._sample()

    def _sample(self, initial: bool = False) -> None:
        parents: dict[int, int] = {}
        cpu: dict[int, float] = {}
        tick = os.sysconf("SC_CLK_TCK")
        for entry in Path("/proc").glob("[0-9]*"):
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            pid = int(entry.name)
            parents[pid] = int(fields[1])
            cpu[pid] = (int(fields[11]) + int(fields[12])) / tick
        for pid in cpu:
            chain, p = [], pid
            while p > 1 and p not in self.ours and len(chain) < 64:
                chain.append(p)
                p = parents.get(p, 0)
            if p in self.ours:
                self.ours.update(chain)
            self.first.setdefault(pid, cpu[pid] if initial else 0.0)
            self.last[pid] = cpu[pid]

    def seconds(self) -> float:
        self.stop.set()
        self.thread.join()
        self._sample()
        return sum(self.last[p] - self.first[p] for p in self.last if p not in self.ours)


def _one_scanned(path: str) -> tuple[str, float, float, str]:
    """Process one scanned file end to end; return (name, wall s, CPU s incl. Tesseract, text_source)."""
    from lkjip.pipeline.report import process_file

    w0, c0 = time.perf_counter(), _cpu()
    report = process_file(Path(path))
    return Path(path).name, time.perf_counter() - w0, _cpu() - c0, str(report.report.text_source)


def _scanned_pages(path: Path) -> int:
    """Pages of ``path`` read by OCR (every page of an image-only PDF, the scanned ones of a mixed one)."""
    try:
        from lkjip.extractors.read.ocr.scan import scanned_pages
        from lkjip.extractors.read.pdf import pdf_page_texts

        return len(scanned_pages(path, pdf_page_texts(path)))
    except Exception:  # the OCR module is changing: fall back on the page count
        return page_count(path)


def _scanned(folder: Path, n: int, workers: int) -> dict[str, Any]:
    files = build_scanned(folder, n)
    per_source: dict[str, int] = {}
    pages = 0
    for f in files:
        source = f.name.split("-", 2)[2]
        if source not in per_source:
            per_source[source] = _scanned_pages(f)
        pages += per_source[source]
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as ex:
        results = list(ex.map(_one_scanned, [str(f) for f in files], chunksize=1))
    wall = time.perf_counter() - t0
    cpu = sum(r[2] for r in results)
    return {
        "reports": len(files),
        "scanned_pages": pages,
        "pages": sum(page_count(f) for f in files),
        "workers": workers,
        "seconds": round(wall, 1),
        "cpu_seconds": round(cpu, 1),
        "s_per_scanned_page_per_core": round(cpu / max(pages, 1), 2),
        "scanned_pages_per_s": round(pages / wall, 2),
        "text_sources": sorted({r[3] for r in results}),
        "sources": sorted(per_source),
    }


def _ingest(command: list[str], corpus: Path, out: Path, workers: int) -> tuple[float, dict[str, Any]]:
    """Run an ingest command as a fresh process; return its wall time and its JSON summary."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", *command, str(corpus), "--out", str(out), "--workers", str(workers)],
        check=True, env=env, stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    wall = time.perf_counter() - t0
    return wall, json.loads(done.stdout.strip().splitlines()[-1])


def _peak_memory(pdf: Path) -> float:
    """Max RSS in MB of a fresh process that imports lkjip and extracts ``pdf``."""
    code = (
        "import resource, sys; from pathlib import Path; from lkjip.pipeline.report import process_file; "
        "process_file(Path(sys.argv[1])); print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(pdf)], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return int(done.stdout.strip()) / 1024


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=200, help="digital reports in the corpus (default 200)")
    ap.add_argument("--scanned", type=int, default=20, help="scanned reports (default 20; 0 to skip)")
    ap.add_argument(
        "--workers", type=int, default=os.cpu_count() or 2, help="worker processes (default: cores)"
    )
    ap.add_argument("--corpus", choices=["narrative", "joined"], default="narrative",
                    help="digital reports: a fixture plus narrative pages (default), or joined fixtures")  # fmt: skip
    ap.add_argument("--quick", action="store_true", help="a small run: 6 digital reports, 1 scanned")
    ap.add_argument("--skip-ingest", action="store_true", help="skip the ingest runs")
    ap.add_argument(
        "--skip-pool", action="store_true", help="skip the plain process-pool runs (1 and N workers)"
    )
    ap.add_argument("--results", type=Path, default=HERE / "results", help="folder for the JSON results")
    args = ap.parse_args(argv)
    if args.quick:
        args.reports, args.scanned = min(args.reports, 6), min(args.scanned, 1)

    corpus = HERE / "corpus" / f"{args.corpus}-{args.reports}"
    pages = build_corpus(corpus, args.reports, kind=args.corpus)
    files = sorted(corpus.glob("*.pdf"))
    print(f"corpus: {len(files)} digital reports, {pages} pages ({corpus})")
    res: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB, Python {platform.python_version()}",
        "corpus": args.corpus,
        "reports": len(files),
        "pages": pages,
    }
    wall1 = 0.0
    if not args.skip_pool:
        bg = Background()
        wall1, p1, read1, rest1 = _pool(files, 1)
        res["one_worker"] = {"seconds": round(wall1, 1), "pages_per_s": round(p1 / wall1, 1),
                             "read_share": round(read1 / (read1 + rest1), 3),
                             "background_cpu_s": round(bg.seconds(), 1)}  # fmt: skip
        print(
            f"1 worker : {wall1:7.1f} s  {p1 / wall1:6.1f} pages/s per core  "
            f"(reading {read1 / (read1 + rest1):.0%}, locate+extract+normalize+check {rest1 / (read1 + rest1):.0%})"
        )
        if args.workers > 1:
            bg = Background()
            walln, pn, _, _ = _pool(files, args.workers)
            res["n_workers"] = {"workers": args.workers, "seconds": round(walln, 1), "pages_per_s": round(pn / walln, 1),
                                "speedup": round(wall1 / walln, 2), "background_cpu_s": round(bg.seconds(), 1)}  # fmt: skip
            print(
                f"{args.workers} workers: {walln:7.1f} s  {pn / walln:6.1f} pages/s  speedup {wall1 / walln:.2f}x"
            )

    if not args.skip_ingest:
        out = HERE / "results" / "dataset"
        plain_out = HERE / "results" / "dataset-plain"
        for d in (out, plain_out):
            shutil.rmtree(d, ignore_errors=True)
        w = args.workers
        bg = Background()
        first, summary = _ingest(["lkjip.pipeline.cli", "ingest", "--json"], corpus, out, w)
        bg_first, bg = bg.seconds(), Background()
        again, _ = _ingest(["lkjip.pipeline.cli", "ingest", "--json"], corpus, out, w)
        bg = Background()
        plain, plain_summary = _ingest(["benchmarks.plain"], corpus, plain_out, w)
        bg_plain = bg.seconds()
        stages = summary["stages"]
        rows = stage_table(stages, first, w)
        share = prefect_share(stages, first)
        ab = (first - plain) / first
        res["ingest"] = {
            "workers": w, "seconds": round(first, 1), "pages_per_s": round(pages / first, 1),
            "status": summary["status"], "stages": stages, "stage_table": rows,
            "prefect_seconds": round(sum(stages.get(k, 0.0) for k in PREFECT_KEYS), 2),
            "prefect_share": round(share, 4),
            "plain_seconds": round(plain, 1), "plain_stages": plain_summary["stages"],
            "prefect_share_ab": round(ab, 4),
            "reingest_seconds": round(again, 1), "reingest_share": round(again / first, 4),
            "background_cpu_s": round(bg_first, 1), "plain_background_cpu_s": round(bg_plain, 1),
        }  # fmt: skip
        print(
            f"ingest ({w} workers, Prefect): {first:.1f} s, {pages / first:.1f} pages/s, {summary['status']}"
        )
        print_stage_table(rows, first)
        print(
            f"Prefect's share: {share:.1%} by its stages ({res['ingest']['prefect_seconds']:.1f} s); "
            f"A/B against the same ingest without Prefect ({plain:.1f} s): {ab:.1%}"
        )
        print(f"re-ingest unchanged: {again:.1f} s = {again / first:.1%} of the first run")
        print(f"(other processes on the machine used {bg_first:.1f} CPU s during the Prefect run, "
              f"{bg_plain:.1f} during the plain one)")  # fmt: skip

    big = HERE / "corpus" / "report-300-pages.pdf"
    if not big.exists():
        build_report(big, 300, random.Random(300))
    mem = _peak_memory(big)
    res["peak_rss_mb_300_pages"] = round(mem, 1)
    print(f"peak memory, one worker, 300-page report: {mem:.0f} MB")

    if args.scanned:
        bg = Background()
        sc = _scanned(HERE / "corpus" / f"scanned-{args.scanned}", args.scanned, args.workers)
        sc["background_cpu_s"] = round(bg.seconds(), 1)
        res["scanned"] = sc
        print(
            f"scanned: {sc['reports']} reports, {sc['scanned_pages']} scanned pages ({sc['pages']} pages), "
            f"{sc['workers']} workers: {sc['seconds']} s wall, {sc['cpu_seconds']} s CPU; "
            f"{sc['s_per_scanned_page_per_core']} s per scanned page per core"
        )
    print(f"(this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")

    args.results.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y-%m-%dT%H%M")
    (args.results / f"{stamp}.json").write_text(json.dumps(res, indent=2))
    return res


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
