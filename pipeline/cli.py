"""The ``lkjip`` command line."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from lkjip import __version__
from lkjip.pipeline.report import process_file
from lkjip.pipeline.settings import Settings
from lkjip.records import Report

if TYPE_CHECKING:
    from lkjip.pipeline.ingest import Interrupted
    from lkjip.real_scoring import CheckScore

_LIMIT = Settings.model_fields
TimeoutOpt = Annotated[
    float,
    typer.Option(
        "--timeout", min=0.1, metavar="DETIK",
        help="Batas tertinggi waktu baca satu berkas, berapa pun halamannya; di bawahnya batasnya --file-seconds "
        "ditambah --page-seconds per halaman.",
    ),
]
PageSecondsOpt = Annotated[
    float,
    typer.Option(
        "--page-seconds", min=0, metavar="DETIK",
        help="Tambahan batas waktu satu berkas untuk tiap halaman PDF (pindaian dibaca OCR, sekitar 1,5 detik per halaman).",
    ),
]
FileSecondsOpt = Annotated[
    float,
    typer.Option(
        "--file-seconds", min=0.1, metavar="DETIK",
        help="Batas waktu satu berkas sebelum halamannya dihitung (membuka berkas, DOCX, tahap sesudah membaca).",
    ),
]
MaxUnzippedOpt = Annotated[
    int,
    typer.Option(
        "--max-unzipped-mb", min=1, metavar="MIB",
        help="Tolak DOCX yang isinya mengembang melebihi sekian MiB (bom zip).",
    ),
]
MaxMemoryOpt = Annotated[
    int,
    typer.Option(
        "--max-memory-mb", min=64, metavar="MIB", help="Hentikan pembacaan satu berkas yang memakai memori melebihi ini."
    ),
]
MaxPagesOpt = Annotated[
    int, typer.Option("--max-pages", min=1, metavar="N", help="Tolak PDF yang halamannya lebih dari ini.")
]

app = typer.Typer(
    name="lkjip",
    help="Mengubah laporan kinerja instansi pemerintah (LKjIP) menjadi data: tabel IKU, anggaran dan IDM.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    options_metavar="[OPSI]",
    subcommand_metavar="PERINTAH [ARGUMEN]...",
)
err = Console(stderr=True)


def _version(value: bool) -> None:
    if value:
        print(f"lkjip {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Tampilkan versi lalu keluar.")
    ] = False,
) -> None:
    """lkjip: laporan LKjIP (PDF, DOCX) menjadi dataset baris IKU, anggaran dan IDM, dengan pemeriksaan angka."""


@app.command(options_metavar="[OPSI]")
def extract(
    file: Annotated[
        Path, typer.Argument(metavar="BERKAS", help="Satu laporan: PDF atau DOCX.", exists=True, dir_okay=False)
    ],
    json_out: Annotated[bool, typer.Option("--json", help="Cetak JSON per laporan sesuai kontrak data.")] = False,
    max_pages: MaxPagesOpt = _LIMIT["max_pages"].default,
    timeout: TimeoutOpt = _LIMIT["timeout_seconds"].default,
    file_seconds: FileSecondsOpt = _LIMIT["file_seconds"].default,
    page_seconds: PageSecondsOpt = _LIMIT["page_seconds"].default,
    max_unzipped_mb: MaxUnzippedOpt = _LIMIT["max_decompressed_mb"].default,
    max_memory_mb: MaxMemoryOpt = _LIMIT["max_memory_mb"].default,
) -> None:
    """Ekstrak satu laporan lalu cetak ringkasannya (atau JSON kontrak data dengan --json).

    Kode keluar 0 bila berkas dapat dibaca (walau tidak ada tabel yang ditemukan), 1 bila tidak.
    """
    from lkjip.pipeline.limits import process_file_limited

    limits = Settings(
        max_pages=max_pages, timeout_seconds=timeout, file_seconds=file_seconds, page_seconds=page_seconds,
        max_decompressed_mb=max_unzipped_mb, max_memory_mb=max_memory_mb,
    )  # fmt: skip
    report = process_file_limited(file, limits)
    if json_out:
        sys.stdout.write(report.to_json() + "\n")
    else:
        _print_summary(report)
    read_failed = any(e.stage == "read" for e in report.errors) and report.report.status == "failed"
    raise typer.Exit(1 if read_failed else 0)


def _print_summary(report: Report) -> None:
    out = Console()
    m = report.report
    out.print(f"[bold]{m.source_file}[/bold]  {m.format or '?'}  {m.pages or '-'} halaman  status: {m.status}")
    out.print(f"{m.instansi or '?'} · {m.kabupaten or '?'} · {m.provinsi or '?'} · {m.kode_wilayah or '-'} · tahun {m.tahun or '?'}")
    t = Table("tabel", "jenis", "halaman", "baris", "judul")
    for tab in report.tables:
        t.add_row(tab.table_id, tab.jenis, ",".join(map(str, tab.pages)) or "-", str(tab.n_rows), tab.judul or "")
    out.print(t)
    by_sev: dict[str, int] = {}
    for w in report.warnings:
        by_sev[w.severity] = by_sev.get(w.severity, 0) + 1
    out.print(f"peringatan: {by_sev or 0}")
    for w in report.warnings:
        if w.severity == "error":
            out.print(f"  [red]{w.code}[/red] hal. {w.page or '-'} {w.table_id or ''}: {w.message}")
    for e in report.errors:
        out.print(f"  [red]galat {e.code}[/red] ({e.stage}): {e.message}")


@app.command(options_metavar="[OPSI]")
def ingest(
    folder: Annotated[
        Path,
        typer.Argument(
            metavar="FOLDER", help="Folder laporan (ditelusuri sampai ke subfolder).", exists=True, file_okay=False
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", "-o", metavar="DATASET", help="Folder dataset (dibuat bila belum ada).")
    ],
    workers: Annotated[
        int, typer.Option(min=1, metavar="N", help="Jumlah proses pembaca (1 = di proses ini).")
    ] = 1,
    dask: Annotated[
        str | None, typer.Option(metavar="ALAMAT", help="Alamat penjadwal Dask tempat tugas dijalankan.")
    ] = None,
    max_pages: MaxPagesOpt = _LIMIT["max_pages"].default,
    timeout: TimeoutOpt = _LIMIT["timeout_seconds"].default,
    file_seconds: FileSecondsOpt = _LIMIT["file_seconds"].default,
    page_seconds: PageSecondsOpt = _LIMIT["page_seconds"].default,
    max_unzipped_mb: MaxUnzippedOpt = _LIMIT["max_decompressed_mb"].default,
    max_memory_mb: MaxMemoryOpt = _LIMIT["max_memory_mb"].default,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            metavar="POLA",
            help="Lewati berkas yang namanya cocok dengan pola ini (boleh diulang), mis. '*.json'.",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Ekstrak ulang setiap berkas, juga yang sudah ada di dataset dan tidak berubah."),
    ] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Cetak ringkasan proses sebagai JSON di stdout.")] = False,
) -> None:
    """Masukkan setiap laporan di FOLDER ke dataset (berkas DuckDB plus Parquet per tabel).

    Berkas yang sudah pernah dimasukkan (isi sama, versi pipeline sama) dilewati, juga setelah foldernya dipindah (--force mengekstrak ulang); berkas yang berubah menggantikan baris-barisnya.

    Berjalan sebagai flow Prefect dalam mode ephemeral: tidak perlu server.
    """
    if dask:
        from lkjip.pipeline.dask_cluster import address_towards, scheduler_problem

        problem = scheduler_problem(dask)
        if problem:
            err.print(f"[red]galat:[/red] {problem}", soft_wrap=True, highlight=False)
            raise typer.Exit(1)
        api_host = address_towards(dask)
    else:
        api_host = "127.0.0.1"
    from lkjip.pipeline import prefect_env

    prefect_env.configure(out / ".prefect")
    from lkjip.pipeline.flows import finish_flows, flush_run_logs, run_flow, start_api_server

    api = start_api_server(api_host)  # starts while the ingest finds and hashes its files
    from lkjip.pipeline.ingest import Interrupted
    from lkjip.pipeline.ingest import ingest as do_ingest
    from lkjip.pipeline.progress import IngestProgress

    settings = Settings(
        workers=workers, max_pages=max_pages, timeout_seconds=timeout, file_seconds=file_seconds,
        page_seconds=page_seconds, max_decompressed_mb=max_unzipped_mb, max_memory_mb=max_memory_mb,
    )  # fmt: skip
    started = time.perf_counter()
    progress = IngestProgress(err, quiet=json_out)

    def run(paths: list[Path], s: Settings, write: object) -> dict[str, float]:
        def write_and_tick(path: Path, report: Report) -> None:
            write(path, report)  # type: ignore[operator]
            progress.tick(report.report.status)

        return run_flow(paths, s, write_and_tick, dask, api)

    stopped: Interrupted | None = None
    try:
        try:
            summary = do_ingest(folder, out, settings, run, on_start=progress.start, exclude=exclude or [], force=force)
        except Interrupted as exc:
            stopped = exc
            raise
        for stage, seconds in finish_flows().items():  # the flow run ends while Parquet and panels are made
            summary.stages[stage] = summary.stages.get(stage, 0.0) + seconds
            if stage == "prefect_flow_end":
                summary.stages["prefect"] = summary.stages.get("prefect", 0.0) + seconds
    finally:
        progress.stop()
        if api is not None:
            if stopped is None:
                flush_run_logs()
            api.stop()
        if stopped is not None:
            _end_interrupted(stopped, out)
    elapsed = time.perf_counter() - started
    if json_out:
        import json

        payload = {
            "found": summary.found,
            "skipped_unchanged": summary.skipped_unchanged,
            "moved": summary.moved,
            "status": dict(summary.status),
            "seconds": round(elapsed, 2),
            "dataset": str(out),
            "stages": {k: round(v, 3) for k, v in summary.stages.items()},
        }
        sys.stdout.write(json.dumps(payload) + "\n")
    else:
        err.print(f"{summary.line()} — {elapsed:.1f} s → {out}")


def _end_interrupted(stopped: Interrupted, out: Path) -> None:
    """Say what an ingest stopped by Ctrl-C left, then end the process at once: the dataset is closed
    and the workers and the API server are stopped, and the abandoned flow run's threads (Prefect's
    retries and log lines against a server that is gone) have nothing left to do."""
    import logging
    import os

    logging.disable(logging.CRITICAL)
    line = stopped.line()
    err.print(
        f"Dihentikan (Ctrl-C): {line}. Jalankan perintah yang sama lagi untuk melanjutkan → {out}",
        soft_wrap=True, highlight=False,
    )  # fmt: skip
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(130)


@app.command(name="eval", options_metavar="[OPSI]")
def evaluate(
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="FOLDER", help="Folder berisi laporan dan berkas emasnya BERKAS.expected.json.", exists=True
        ),
    ] = None,
    reviewed: Annotated[
        Path | None,
        typer.Option(
            metavar="DATASET", file_okay=False,
            help="Nilai terhadap setiap sel, peringatan dan tabel yang diputuskan peninjau di DATASET (lkjip serve).",
        ),
    ] = None,
    docs: Annotated[
        Path | None,
        typer.Option(
            metavar="FOLDER",
            help="Folder dokumen untuk berkas emas laporan nyata (fixtures/real) bila tidak di sampingnya.",
        ),
    ] = None,
    show_misses: Annotated[
        int, typer.Option(metavar="N", help="Cetak paling banyak N sel yang berbeda per laporan.")
    ] = 0,
    min_f1: Annotated[
        float, typer.Option(metavar="F1", help="Keluar dengan kode 1 bila F1 salah satu keluarga tabel di bawah ini.")
    ] = 0.0,
) -> None:
    """Nilai hasil ekstraksi terhadap berkas emas (atau keputusan peninjau, --reviewed): presisi, recall dan F1 per sel untuk tiap keluarga tabel."""
    from lkjip.real_scoring import is_real_golden

    if reviewed is not None:
        from lkjip.pipeline.commands._eval_reviewed import eval_reviewed

        if eval_reviewed(reviewed, show_misses) < min_f1:
            raise typer.Exit(1)
        if folder is None:
            return
    if folder is None:
        err.print("sebutkan FOLDER berkas emas, atau --reviewed DATASET")
        raise typer.Exit(2)
    goldens = sorted(folder.rglob("*.expected.json"))
    if not goldens:
        err.print(f"tidak ada berkas *.expected.json di {folder}")
        raise typer.Exit(2)
    real = [g for g in goldens if is_real_golden(g)]
    synthetic = [g for g in goldens if g not in real]
    worst = 1.0
    if synthetic:
        worst = min(worst, _eval_synthetic(synthetic, show_misses))
    if real:
        worst = min(worst, _eval_real(real, docs, show_misses))
    if worst < min_f1:
        raise typer.Exit(1)


def _eval_synthetic(goldens: list[Path], show_misses: int) -> float:
    from lkjip.scoring import Score, score_report

    totals: dict[str, Score] = {}
    for g in goldens:
        src = g.with_name(g.name.removesuffix(".expected.json"))
        if not src.exists():
            continue
        want = Report.from_json(g.read_text())
        got = process_file(src)
        scores = score_report(got, want)
        for fam, s in scores.items():
            totals.setdefault(fam, Score()).add(s)
        if show_misses:
            bad = [m for s in scores.values() for m in s.misses]
            if bad:
                err.print(f"[bold]{src.name}[/bold]: {len(bad)} selisih")
                for m in bad[:show_misses]:
                    err.print(f"  {m}")
    table = Table("keluarga", "sel", "presisi", "recall", "F1")
    for fam, s in totals.items():
        table.add_row(fam, str(s.tp + s.fn), f"{s.precision:.4f}", f"{s.recall:.4f}", f"{s.f1:.4f}")
    Console().print(table)
    return min((s.f1 for s in totals.values()), default=1.0)


def _eval_real(goldens: list[Path], docs: Path | None, show_misses: int) -> float:
    """Real-report goldens: only the pages their author checked are scored (lkjip/real_scoring.py)."""
    from lkjip.real_scoring import CheckScore, RealGolden, RealScore, score_findings, score_real
    from lkjip.scoring import Score

    totals: dict[str, Score] = {"iku": Score(), "anggaran": Score(), "report": Score()}
    checks: dict[str, CheckScore] = {}
    unread = warned = 0
    missing: list[str] = []
    for g in goldens:
        golden = RealGolden.load(g)
        src = (docs or g.parent) / golden.source_file
        if not src.exists():
            missing.append(golden.source_file)
            continue
        got = process_file(src)
        result: RealScore = score_real(got, golden)
        by_code = score_findings(got, golden)
        for code, cs in by_code.items():
            checks.setdefault(code, CheckScore()).add(cs)
        for fam, s in result.families.items():
            totals[fam].add(s)
        totals["report"].add(result.report)
        unread += result.tables_unread
        warned += result.tables_unread_warned
        bad = [m for s in (*result.families.values(), result.report) for m in s.misses] + result.unread
        bad += [m for cs in by_code.values() for m in cs.misses]
        if show_misses and bad:
            err.print(f"[bold]{src.name}[/bold]: {len(bad)} selisih")
            for m in bad[:show_misses]:
                err.print(f"  {m}")
    if missing:
        err.print(f"{len(missing)} dokumen tidak ditemukan (beri --docs FOLDER): {', '.join(missing[:5])}")
    table = Table("keluarga", "sel", "presisi", "recall", "F1")
    for fam, s in totals.items():
        if s.tp + s.fn + s.fp:
            table.add_row(fam, str(s.tp + s.fn), f"{s.precision:.4f}", f"{s.recall:.4f}", f"{s.f1:.4f}")
    Console().print(table)
    Console().print(f"tabel emas yang tidak terbaca sama sekali: {unread}, di antaranya diberi peringatan: {warned}")
    _print_checks(checks)
    return min((s.f1 for s in totals.values() if s.tp + s.fn + s.fp), default=1.0)


def _print_checks(checks: dict[str, CheckScore]) -> None:
    """Per check code: the error-severity warnings on the golden documents against the goldens' findings."""
    from lkjip.real_scoring import CheckScore

    if not checks:
        return
    table = Table(
        "kode", "error", "benar", "salah", "belum dinilai", "presisi", "terverifikasi", "tertangkap", "recall",
        title="Peringatan error terhadap temuan berkas emas (findings)",
        caption="error: peringatan severity error di dokumen berkas emas; benar / salah: dipasangkan dengan temuan "
        "yang diputuskan kontradiksi / salah; presisi = benar / error; terverifikasi: kontradiksi yang diperiksa "
        "di halaman; recall = tertangkap / terverifikasi",
    )  # fmt: skip
    table.columns[0].no_wrap = True
    total = CheckScore()
    for code in sorted(checks):
        cs = checks[code]
        total.add(cs)
        table.add_row(
            code, str(cs.raised), str(cs.true), str(cs.false), str(cs.unjudged), f"{cs.precision:.4f}",
            str(cs.verified), str(cs.caught), f"{cs.recall:.4f}",
        )  # fmt: skip
    table.add_row(
        "semua", str(total.raised), str(total.true), str(total.false), str(total.unjudged), f"{total.precision:.4f}",
        str(total.verified), str(total.caught), f"{total.recall:.4f}", style="bold",
    )  # fmt: skip
    console = Console()
    Console(width=max(console.width, 120)).print(table)  # the codes are long: never squeeze them to "ANGGA…"


def main() -> None:
    from lkjip.pipeline.commands import register_all
    from lkjip.pipeline.commands._help import indonesian_help

    register_all(app)
    indonesian_help(typer.main.get_command(app))(prog_name="lkjip")


if __name__ == "__main__":
    main()
