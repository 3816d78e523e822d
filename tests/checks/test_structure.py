"""A table's confidence: its own arithmetic tells a misread grid from a report's slip.

A misread table fails its arithmetic on nearly every row (the persen column holds the physical-progress
figures); a report's own slip fails on one row. Only the first is doubtful, and only there do the checks'
errors become warnings.
"""

from __future__ import annotations

from lkjip.checks.structure import DOUBTFUL, table_confidence, temper
from lkjip.records import AnggaranRow, IkuRow, TableInfo
from tests.checks._helpers import budget_row, iku_row, report, run

# (pagu, realisasi): their true persen is 80..95 %
_LINES = [(100_000_000, 85_000_000), (250_000_000, 230_000_000), (40_000_000, 32_000_000),
          (75_000_000, 70_500_000), (120_000_000, 111_000_000)]  # fmt: skip


def _budget(persens: list[str]) -> list[AnggaranRow]:
    return [
        budget_row("kegiatan", [str(k + 1)], f"Kegiatan {k + 1}", pagu, real, persen)
        for k, ((pagu, real), persen) in enumerate(zip(_LINES, persens, strict=True))
    ]


def _true_persen(pagu: int, real: int) -> str:
    return f"{real / pagu * 100:.2f}".replace(".", ",")


def _table(struktur: str = "ruled") -> TableInfo:
    return TableInfo(table_id="t01", jenis="realisasi_anggaran", pages=[4], n_rows=5, struktur=struktur)


def test_a_consistent_table_is_trusted() -> None:
    rows = _budget([_true_persen(p, r) for p, r in _LINES])
    conf = table_confidence(report(tables=[_table()], anggaran=rows), "t01", "ruled")
    assert not conf.doubtful
    assert conf.keyakinan >= 0.95


def test_a_shifted_column_makes_the_table_doubtful_and_its_errors_warnings() -> None:
    rows = _budget(["100"] * 5)  # the persen column read from the fisik (%) column
    r = report(tables=[_table()], anggaran=rows)
    conf = table_confidence(r, "t01", "ruled")
    assert conf.doubtful and conf.keyakinan < DOUBTFUL
    assert any("aritmetika" in a for a in conf.alasan)
    raised = run("anggaran_persen", r)
    assert raised and all(w.severity == "error" for w in raised)
    tempered = temper(raised, {"t01": conf})
    assert [w.severity for w in tempered] == ["warning"] * len(raised)
    assert all("diragukan" in w.message for w in tempered)


def test_one_slip_keeps_the_table_trusted_and_its_error() -> None:
    persens = [_true_persen(p, r) for p, r in _LINES]
    persens[2] = "98,00"  # the report's own slip: 32/40 is 80 %
    r = report(tables=[_table()], anggaran=_budget(persens))
    conf = table_confidence(r, "t01", "ruled")
    assert not conf.doubtful
    raised = run("anggaran_persen", r)
    assert len(raised) == 1
    assert temper(raised, {}) == raised and raised[0].severity == "error"


def test_iku_capaian_column_from_another_year_is_doubtful() -> None:
    good = [iku_row(f"Indikator {k}", "80", "88", "110,00") for k in range(4)]
    shifted = [iku_row(f"Indikator {k}", "80", "88", f"{60 + k},00") for k in range(4)]
    assert not table_confidence(report(iku=good), "t01", "ruled").doubtful
    assert table_confidence(report(iku=shifted), "t01", "ruled").doubtful


def test_unread_figures_and_the_grid_source_lower_confidence() -> None:
    rows = [iku_row("Indikator A", "80", "88", "110,00")]
    unread: IkuRow = iku_row("Indikator B", "80", None, None).model_copy(update={"realisasi_teks": "8O,5x"})
    ruled = table_confidence(report(iku=[*rows, unread]), "t01", "ruled")
    ocr = table_confidence(report(iku=[*rows, unread]), "t01", "ocr_aligned")
    assert ruled.keyakinan < 0.97 and any("tidak terbaca" in a for a in ruled.alasan)
    assert ocr.keyakinan < ruled.keyakinan


def test_budget_levels_lost_or_a_percentage_read_as_realisasi_is_doubtful() -> None:
    flat = [budget_row("program", [str(k)], f"Baris {k}", pagu, real) for k, (pagu, real) in enumerate(_LINES)]
    # every row read as a program, each kegiatan repeating its program's figures: programs sum to 2x the total
    doubled = [*flat, *[r.model_copy(update={"path": [f"{r.path[0]}b"]}) for r in flat]]
    total = budget_row("jumlah", [], "Jumlah", sum(p for p, _ in _LINES), sum(r for _, r in _LINES))
    conf = table_confidence(report(anggaran=[*doubled, total]), "t01", "ruled")
    assert conf.doubtful and any("kali totalnya" in a for a in conf.alasan)
    percents = [budget_row("kegiatan", [str(k)], f"Baris {k}", pagu, 88.7) for k, (pagu, _) in enumerate(_LINES)]
    assert table_confidence(report(anggaran=percents), "t01", "ruled").doubtful
