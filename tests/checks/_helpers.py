"""Helpers for check tests: hand-built reports and running one check over them."""

from __future__ import annotations

from functools import cache

from lkjip.checks import load_all
from lkjip.checks.base import Check, CheckContext
from lkjip.normalizers.numbers import read_number
from lkjip.pipeline.report import read_document
from lkjip.pipeline.settings import Settings
from lkjip.records import AnggaranRow, IdmRow, IkuRow, Report, ReportMeta, TableInfo, Warning
from tests.conftest import REPORTS


def check_named(name: str) -> Check:
    return next(c for c in load_all() if c.name == name)


def run(name: str, report: Report, text: str = "") -> list[Warning]:
    """Run one registered check over a report (and narrative text)."""
    return list(check_named(name).run(CheckContext(report=report, text=text)))


@cache
def narrative(name: str) -> str:
    """The narrative text of a fixture document, as the pipeline gives it to the checks."""
    return read_document(REPORTS / name, Settings(), name).full_text()


def report(
    *,
    tables: list[TableInfo] | None = None,
    iku: list[IkuRow] | None = None,
    anggaran: list[AnggaranRow] | None = None,
    idm: list[IdmRow] | None = None,
    **meta: object,
) -> Report:
    fields: dict[str, object] = {"report_id": "x", "source_file": "x.pdf", **meta}
    return Report(
        report=ReportMeta.model_validate(fields),
        tables=tables or [],
        iku=iku or [],
        anggaran=anggaran or [],
        idm=idm or [],
    )


def budget_row(
    level: str,
    path: list[str],
    uraian: str,
    pagu: float | None,
    realisasi: float | None = None,
    persen: str | None = None,
    table_id: str = "t01",
    jenis: str = "realisasi_anggaran",
) -> AnggaranRow:
    return AnggaranRow.model_validate(
        {
            "table_id": table_id,
            "jenis": jenis,
            "level": level,
            "kode": path[-1] if path else None,
            "path": path,
            "uraian": uraian,
            "pagu": pagu,
            "realisasi": realisasi,
            "persen": read_number(persen).value if persen else None,
            "persen_teks": persen,
        }
    )


def iku_row(
    indikator: str,
    target: str | None,
    realisasi: str | None = None,
    capaian: str | None = None,
    *,
    table_id: str = "t01",
    jenis: str = "capaian_iku",
    kode: str | None = None,
    sasaran: str | None = None,
    jenis_baris: str = "data",
) -> IkuRow:
    return IkuRow.model_validate(
        {
            "table_id": table_id,
            "jenis": jenis,
            "indikator": indikator,
            "indikator_kode": kode,
            "sasaran": sasaran,
            "target": read_number(target).value if target else None,
            "realisasi": read_number(realisasi).value if realisasi else None,
            "capaian": read_number(capaian).value if capaian else None,
            "target_teks": target,
            "realisasi_teks": realisasi,
            "capaian_teks": capaian,
            "jenis_baris": jenis_baris,
        }
    )
