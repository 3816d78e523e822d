"""``lkjip eval --reviewed DATASET``: the current pipeline scored against every decision of the dataset's reviewers."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from lkjip.pipeline.report import file_sha256, process_file
from lkjip.scoring import Score

err = Console(stderr=True)


def eval_reviewed(dataset: Path, show_misses: int = 0) -> float:
    """Re-extract every reviewed report of ``dataset`` from its source file, print the score per kind of
    decision, and return the lowest F1 (1.0 when nothing was reviewed)."""
    import typer

    from lkjip.outputs.dataset import Dataset
    from lkjip.outputs.review_app.store import CorrectionLog
    from lkjip.outputs.review_app.truth import in_force, kind_of, score_reviewed

    decisions = in_force(CorrectionLog(dataset).read())
    try:
        with Dataset.open(dataset) as ds:
            sources = {r[0]: r[1] for r in ds.con.execute("SELECT report_id, source_path FROM reports").fetchall()}
    except FileNotFoundError as exc:
        err.print(f"[red]galat:[/red] {exc}")
        raise typer.Exit(2) from None
    totals: dict[str, Score] = {}
    counted: dict[str, int] = {}
    unread: list[str] = []
    for report_id in sorted({d.report_id for d in decisions}):
        path = Path(sources.get(report_id) or "")
        if not sources.get(report_id) or not path.is_file() or file_sha256(path) != report_id:
            unread.append(next(d.source_file or report_id[:12] for d in decisions if d.report_id == report_id))
            continue
        scores = score_reviewed(decisions, process_file(path))
        for d in decisions:
            if d.report_id == report_id:
                counted[kind_of(d)] = counted.get(kind_of(d), 0) + 1
        for kind, s in scores.items():
            totals.setdefault(kind, Score()).add(s)
        bad = [m for s in scores.values() for m in s.misses]
        if show_misses and bad:
            err.print(f"[bold]{path.name}[/bold]: {len(bad)} selisih")
            for m in bad[:show_misses]:
                err.print(f"  {m}")
    if unread:
        err.print(f"{len(unread)} laporan yang ditinjau tidak dapat dibaca ulang (berkasnya pindah atau berubah): "
                  f"{', '.join(unread[:5])}")  # fmt: skip
    table = Table("keputusan", "diputuskan", "presisi", "recall", "F1", title=f"Terhadap keputusan peninjau di {dataset}")
    for kind, s in sorted(totals.items()):
        table.add_row(kind, str(counted.get(kind, 0)), f"{s.precision:.4f}", f"{s.recall:.4f}", f"{s.f1:.4f}")
    Console().print(table)
    if not decisions:
        err.print("dataset ini belum punya keputusan peninjau (lkjip serve DATASET)")
    return min((s.f1 for s in totals.values() if s.tp + s.fn + s.fp), default=1.0)
