"""The review app's forms: a posted form checked and turned into a ``Decision``, or an error for the reviewer.

Each decision is keyed by the stable keys (``keys.py``) of the row, warning or
table as the pipeline extracted it, computed here from the dataset as it is
when the reviewer saves; the printed text and the extracted value go with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, cast

from lkjip.normalizers.numbers import ColumnKind, read_number
from lkjip.outputs._review_html import fmt_value
from lkjip.outputs.review_app.apply import NUMERIC_FIELDS, TEXT_FIELDS
from lkjip.outputs.review_app.data import Snapshot
from lkjip.outputs.review_app.store import Decision, new_decision
from lkjip.records import JenisTabel

MAX_TEXT: Final[int] = 2000
JENIS_CHOICES: Final[tuple[str, ...]] = tuple(JenisTabel.__args__)  # type: ignore[attr-defined]
_WARNING_ACTIONS: Final[dict[str, str]] = {"confirm": "dikonfirmasi", "dismiss": "ditolak", "reopen": "dibuka lagi"}


@dataclass(frozen=True)
class Made:
    decision: Decision | None = None
    error: str | None = None
    saved: str = ""


def _fail(message: str) -> Made:
    return Made(error=message)


def _common(meta: Mapping[str, Any], form: Mapping[str, str], need_reason: bool) -> dict[str, Any] | str:
    reviewer = " ".join((form.get("reviewer") or "").split())[:200]
    reason = (form.get("reason") or "").strip()[:MAX_TEXT]
    if not reviewer:
        return "Isi nama peninjau dulu: setiap keputusan menyebut siapa yang mengambilnya."
    if need_reason and not reason:
        return "Tulis alasannya: keputusan tanpa alasan tidak dapat diperiksa orang lain."
    return {
        "report_id": meta["report_id"],
        "reviewer": reviewer,
        "reason": reason,
        "pipeline_version": meta.get("pipeline_version"),
        "source_file": meta.get("source_file"),
    }


def _int(text: str | None) -> int | None:
    try:
        return int(text or "")
    except ValueError:
        return None


def _label(family: str, row: Mapping[str, Any]) -> str:
    if family == "iku":
        return str(row.get("indikator") or "")
    if family == "anggaran":
        return " ".join(str(v) for v in (row.get("kode"), row.get("uraian")) if v)
    year = row.get("tahun")
    return f"{row.get('nama_desa')}" + (f" ({year})" if year else "")


def warning_decision(snap: Snapshot, meta: Mapping[str, Any], index: int, form: Mapping[str, str]) -> Made:
    """Confirm, dismiss or reopen the report's warning at ``index`` (its ``row_index``)."""
    action = form.get("action", "")
    if action not in _WARNING_ACTIONS:
        return _fail("Pilih konfirmasi, tolak atau buka lagi.")
    common = _common(meta, form, need_reason=action == "dismiss")
    if isinstance(common, str):
        return _fail(common)
    rows = snap.report_rows(str(meta["report_id"]))
    pos = next((i for i, w in enumerate(rows.warnings) if w.get("row_index") == index), None)
    if pos is None:
        return _fail("Peringatan itu tidak ada lagi di dataset (dataset baru saja dimasukkan ulang?).")
    # a column the dataset stores with gaps reads back NaN where a warning has no field, page or figure
    w = {k: (None if isinstance(v, float) and v != v else v) for k, v in rows.warnings[pos].items()}
    keys = rows.warning_keys[pos]
    decision = new_decision(
        kind="warning", action=action, table="warnings", row=keys.exact, row_keys=list(keys.levels()),
        field=w.get("field"), label=f"{w.get('code')}: {w.get('message')}", page=w.get("page"),
        extracted_value=w.get("found"), **common,
    )  # fmt: skip
    return Made(decision, saved=f"Peringatan {w.get('code')} {_WARNING_ACTIONS[action]}.")


def _value(family: str, field: str, typed: str) -> tuple[Any, str | None]:
    """The reviewer's typed value read as its field's type, or an error."""
    if field in TEXT_FIELDS[family]:
        text = " ".join(typed.split())
        return (text or None), None
    kind = cast(ColumnKind, NUMERIC_FIELDS[family][field])
    reading = read_number(typed, kind)
    if reading.value is None and not reading.placeholder:
        return None, f"'{typed}' tidak terbaca sebagai angka; tulis mis. 1.234.567 atau 95,38 (atau - untuk kosong)."
    return reading.value, None


def cell_correction(snap: Snapshot, meta: Mapping[str, Any], family: str, form: Mapping[str, str]) -> Made:
    """Correct one cell: the corrected value with its reason; the printed text and the extracted value stay."""
    field = form.get("field", "")
    if field not in NUMERIC_FIELDS[family] and field not in TEXT_FIELDS[family]:
        return _fail(f"Kolom '{field}' tidak dapat dikoreksi di sini.")
    typed = (form.get("value") or "").strip()[:MAX_TEXT]
    if not typed:
        return _fail("Tulis nilai yang benar (atau - bila selnya memang kosong).")
    common = _common(meta, form, need_reason=True)
    if isinstance(common, str):
        return _fail(common)
    value, error = _value(family, field, typed)
    if error:
        return _fail(error)
    rows = snap.report_rows(str(meta["report_id"]))
    index = _int(form.get("row_index"))
    family_rows = rows.rows.get(family, [])
    pos = next((i for i, r in enumerate(family_rows) if r.get("row_index") == index), None)
    if pos is None:
        return _fail("Baris itu tidak ada lagi di dataset (dataset baru saja dimasukkan ulang?).")
    row = family_rows[pos]
    keys = rows.row_keys[family][pos]
    printed = row.get(f"{field}_teks") if f"{field}_teks" in row else None
    decision = new_decision(
        kind="cell", action="correct", table=family, row=keys.exact, row_keys=list(keys.levels()), field=field,
        value=value, value_teks=typed, printed_text=printed, extracted_value=row.get(field),
        label=_label(family, row), page=row.get("page"), **common,
    )  # fmt: skip
    shown = fmt_value(value) if not isinstance(value, str) else value
    return Made(decision, saved=f"Koreksi {field} «{_label(family, row)}» disimpan: {shown}.")


def table_decision(snap: Snapshot, meta: Mapping[str, Any], table_id: str, form: Mapping[str, str]) -> Made:
    """Mark a table as no data (or as data again)."""
    action = form.get("action", "")
    if action not in ("no_data", "has_data"):
        return _fail("Pilih bukan data atau data.")
    common = _common(meta, form, need_reason=action == "no_data")
    if isinstance(common, str):
        return _fail(common)
    rows = snap.report_rows(str(meta["report_id"]))
    pos = next((i for i, t in enumerate(rows.tables) if t.get("table_id") == table_id), None)
    if pos is None:
        return _fail("Tabel itu tidak ada lagi di dataset.")
    t = rows.tables[pos]
    keys = rows.table_keys[pos]
    pages = t.get("pages") or []
    decision = new_decision(
        kind="table", action=action, table="tables", row=keys.exact, row_keys=list(keys.levels()),
        label=t.get("judul") or t.get("jenis"), page=pages[0] if pages else None, **common,
    )  # fmt: skip
    word = "bukan data" if action == "no_data" else "data"
    return Made(decision, saved=f"Tabel {table_id} ditandai {word}.")


def missed_table(snap: Snapshot, meta: Mapping[str, Any], form: Mapping[str, str]) -> Made:
    """Point to a page where the pipeline missed a table (with the table's jenis when the reviewer knows it)."""
    page = _int(form.get("page"))
    pages = meta.get("pages")
    if page is None or page < 1 or (isinstance(pages, int) and page > pages):
        return _fail(f"Tulis nomor halaman yang ada di laporan (1–{pages or '?'}).")
    jenis = form.get("jenis") or None
    if jenis is not None and jenis not in JENIS_CHOICES:
        return _fail("Jenis tabel tidak dikenal.")
    common = _common(meta, form, need_reason=False)
    if isinstance(common, str):
        return _fail(common)
    row = f"p{page}"
    decision = new_decision(
        kind="missed_table", action="missed", table="pages", row=row, row_keys=[row], field=jenis,
        value=jenis, page=page, label=form.get("judul") or None, **common,
    )  # fmt: skip
    return Made(decision, saved=f"Tabel terlewat di halaman {page} dicatat.")
