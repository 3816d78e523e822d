"""Several sources for one panel cell: choose the primary one and flag restatements.

A panel key (an indicator of an instansi, a programme, a desa) and a year may
be stated by more than one report: a later report's previous-year block, an
amended report, the DOCX and the PDF of the same report. Every source stays a
row; this module marks one row per key and year as ``utama`` (the report of
that year first, then the newer report) and compares the others with it
field by field under the contract's tolerance rule. A figure stated twice
differently becomes a ``PANEL_RESTATEMENT`` warning row.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final, Literal

import pandas as pd

from lkjip.checks._common import fmt_num, fmt_rp, fmt_short
from lkjip.normalizers.tolerance import rupiah_equal, same_printed

CODE: Final[str] = "PANEL_RESTATEMENT"
SEVERITY: Final[str] = "warning"

Kind = Literal["angka", "rupiah", "teks"]


@dataclass(frozen=True)
class Field:
    name: str
    label: str  # how the message names it
    kind: Kind
    teks: str | None = None  # column holding the printed cell, when the dataset keeps it


@dataclass(frozen=True)
class PanelKind:
    panel: str
    key: tuple[str, ...]  # columns identifying the thing compared, without tahun
    fields: tuple[Field, ...]


WARNING_COLUMNS: Final[list[tuple[str, str]]] = [
    ("code", "VARCHAR"),
    ("severity", "VARCHAR"),
    ("message", "VARCHAR"),
    ("panel", "VARCHAR"),
    ("kunci", "VARCHAR"),
    ("instansi", "VARCHAR"),
    ("tahun", "BIGINT"),
    ("field", "VARCHAR"),
    ("expected", "VARCHAR"),
    ("found", "VARCHAR"),
    ("report_id", "VARCHAR"),
    ("source_file", "VARCHAR"),
    ("table_id", "VARCHAR"),
    ("page", "BIGINT"),
    ("row", "BIGINT"),
    ("pembanding_report_id", "VARCHAR"),
    ("pembanding_source_file", "VARCHAR"),
    ("pembanding_table_id", "VARCHAR"),
    ("pembanding_page", "BIGINT"),
]


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _teks(row: pd.Series, f: Field) -> str | None:
    if f.teks is None or _missing(row[f.teks]):
        return None
    return str(row[f.teks])


def same_value(a: pd.Series, b: pd.Series, f: Field) -> bool | None:
    """Given two sources' rows, return whether field ``f`` agrees; None when either did not state it."""
    x, y = a[f.name], b[f.name]
    if _missing(x) or _missing(y):
        return None
    if f.kind == "teks":
        return " ".join(str(x).split()).casefold() == " ".join(str(y).split()).casefold()
    if f.kind == "rupiah":
        return rupiah_equal(float(x), float(y))
    return same_printed(float(x), _teks(a, f), float(y), _teks(b, f))


def printed(row: pd.Series, f: Field) -> str:
    """The figure as the source printed it (or formatted the Indonesian way when the text is not kept)."""
    t = _teks(row, f)
    if t:
        return t
    value = row[f.name]
    if f.kind == "teks":
        return str(value)
    if f.kind == "rupiah":
        return fmt_rp(float(value))
    return fmt_short(float(value)) if abs(float(value)) < 1000 else fmt_num(float(value), 0)


def _where(row: pd.Series) -> str:
    page = "" if _missing(row["page"]) else f", hlm. {int(row['page'])}"
    return f"{row['source_file']} (tabel {row['table_id']}{page})"


def order_sources(panel: pd.DataFrame, kind: PanelKind) -> pd.DataFrame:
    """Sort so that each key-year's first row is its primary source.

    The report of that year comes first (it is the original statement), then
    newer reports, then complete ones (status ok), then by file name.
    """
    df = panel.assign(
        _own=(panel["report_tahun"] != panel["tahun"]).astype(int),
        _newer=-panel["report_tahun"].fillna(-1).astype(int),
        _status=(panel["status"] != "ok").astype(int),
    )
    cols = [*kind.key, "tahun", "_own", "_newer", "_status", "source_file", "table_id", "row_index"]
    df = df.sort_values(cols, kind="stable", na_position="last")
    return df.drop(columns=["_own", "_newer", "_status"]).reset_index(drop=True)


def mark_sources(panel: pd.DataFrame, kind: PanelKind) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """Given one row per key, year and report, add ``n_sumber``, ``utama``, ``restatement``;
    return it with the warning rows of every figure restated differently."""
    df = order_sources(panel, kind)
    group_cols = [*kind.key, "tahun"]
    grouped = df.groupby(group_cols, dropna=False, sort=False)
    df["n_sumber"] = grouped["report_id"].transform("nunique").astype("Int64")
    df["utama"] = ~df.duplicated(group_cols, keep="first")
    df["restatement"] = False
    warnings: list[dict[str, Any]] = []
    for idx in grouped.indices.values():
        if len(idx) < 2:
            continue
        first = int(idx[0])
        primary = df.iloc[first]
        for other_i in idx[1:]:
            other = df.iloc[int(other_i)]
            for w in _compare(primary, other, kind):
                df.loc[[first, int(other_i)], "restatement"] = True
                warnings.append(w)
    return df, warnings


def _compare(primary: pd.Series, other: pd.Series, kind: PanelKind) -> Iterator[dict[str, Any]]:
    for f in kind.fields:
        if same_value(primary, other, f) is not False:
            continue
        expected, found = printed(primary, f), printed(other, f)
        subject = subject_of(primary, kind)
        yield {
            "code": CODE,
            "severity": SEVERITY,
            "message": (
                f"{f.label[0].upper()}{f.label[1:]} {subject} tahun {int(primary['tahun'])} tertulis "
                f"{expected} di {_where(primary)}, tetapi {found} di {_where(other)}: tahun yang sama "
                "dinyatakan ulang dengan angka berbeda."
            ),
            "panel": kind.panel,
            "kunci": "/".join("" if _missing(primary[k]) else str(primary[k]) for k in kind.key),
            "instansi": primary["instansi"],
            "tahun": primary["tahun"],
            "field": f.name,
            "expected": expected,
            "found": found,
            "report_id": other["report_id"],
            "source_file": other["source_file"],
            "table_id": other["table_id"],
            "page": other["page"],
            "row": other["row_index"],
            "pembanding_report_id": primary["report_id"],
            "pembanding_source_file": primary["source_file"],
            "pembanding_table_id": primary["table_id"],
            "pembanding_page": primary["page"],
        }


def subject_of(row: pd.Series, kind: PanelKind) -> str:
    """How a message names the thing compared: "'Nilai IKM' (ikm) Kecamatan Kramatwatu"."""
    instansi = "" if _missing(row["instansi"]) else f" {row['instansi']}"
    if kind.panel == "iku_panel":
        return f"'{row['indikator']}' ({row['indikator_kode']}){instansi}"
    if kind.panel == "anggaran_panel":
        return f"{row['program']}{instansi}"
    kode = "" if _missing(row["kode_desa"]) else f" ({row['kode_desa']})"
    return f"Desa {str(row['nama_desa']).title()}{kode}{instansi}"
