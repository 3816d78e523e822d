"""Raw rows of strings to typed contract records, keeping every printed text.

Numbers are read a column at a time (``read_column``) so a cell that reads
two ways is decided by its neighbours; every such choice becomes an
``ANGKA_AMBIGU`` warning naming both readings and the evidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lkjip.extractors.model.raw import RawRow
from lkjip.normalizers.budget_levels import settle_levels
from lkjip.normalizers.indicators import match_indicator
from lkjip.normalizers.numbers import ColumnKind, Reading, read_column
from lkjip.normalizers.text import clean_code, clean_text, fix_letter_spacing
from lkjip.records import AnggaranRow, IdmRow, IkuRow, Warning

_ENUMERATOR = re.compile(r"^\s*(?:\d{1,2}|[a-zA-Z])\s*[.)]\s+(?=\S)")
_STATUS = {
    "sangat tertinggal": "Sangat Tertinggal",
    "tertinggal": "Tertinggal",
    "berkembang": "Berkembang",
    "maju": "Maju",
    "mandiri": "Mandiri",
}


def clean_label(text: str | None) -> str | None:
    """Cleaned label text: noise removed, letter spacing rejoined, list enumerator dropped."""
    if text is None:
        return None
    t = fix_letter_spacing(clean_text(text))
    t = _ENUMERATOR.sub("", t, count=1).strip()
    return t or None


def printed(text: str | None) -> str | None:
    """A cell exactly as printed, whitespace collapsed; None when empty."""
    if text is None:
        return None
    t = " ".join(text.split())
    return t or None


def _read(rows: Sequence[RawRow], name: str, kind: ColumnKind) -> list[Reading]:
    return read_column([r.fields.get(name) for r in rows], kind)


def ambiguity_warning(reading: Reading, table_id: str, page: int | None, row: int, field: str) -> Warning:
    alts = ", ".join(_fmt(a) for a in reading.alternatives)
    return Warning(
        code="ANGKA_AMBIGU",
        severity="warning",
        message=(
            f"Angka '{reading.text}' dapat dibaca {_fmt(reading.value)} atau {alts}; "
            f"dipilih {_fmt(reading.value)} ({reading.evidence or 'bukti kolom'})."
        ),
        table_id=table_id,
        page=page,
        row=row,
        field=field,
        expected=list(reading.alternatives),
        found=reading.text,
    )


def _fmt(v: float | None) -> str:
    if v is None:
        return "-"
    return f"{v:,.10g}".replace(",", "_").replace(".", ",").replace("_", ".")


def iku_records(
    raw: Sequence[RawRow], table_id: str, jenis: str, offset: int, has_realisasi: bool
) -> tuple[list[IkuRow], list[Warning]]:
    """Given raw iku rows, return typed rows and the warnings about their numbers.

    ``offset`` is the index the first row will have in the report's ``iku`` list.
    """
    targets = _read(raw, "target", "value")
    reals = _read(raw, "realisasi", "value")
    capaians = _read(raw, "capaian", "percent")
    out: list[IkuRow] = []
    warnings: list[Warning] = []
    for k, r in enumerate(raw):
        f = r.fields
        t, re_, c = targets[k], reals[k], capaians[k]
        for name, reading in (("target", t), ("realisasi", re_), ("capaian", c)):
            if reading.ambiguous:
                warnings.append(ambiguity_warning(reading, table_id, r.page, offset + k, name))
        indikator = clean_label(f.get("indikator")) or ""
        satuan = clean_text(f.get("satuan")) or None
        if satuan is None and r.jenis_baris == "data" and (t.is_percent or re_.is_percent):
            satuan = "%"
        if satuan is None and r.jenis_baris == "data" and t.value is not None:
            satuan = unit_after_figure(f.get("target")) or unit_after_figure(f.get("realisasi"))
        kode = match_indicator(indikator, satuan).kode if r.jenis_baris == "data" and indikator else None
        out.append(
            IkuRow(
                table_id=table_id,
                jenis=jenis,
                no=_no(f.get("no")),
                sasaran=clean_label(f.get("sasaran")),
                indikator=indikator,
                indikator_kode=kode,
                satuan=satuan,
                target=t.value,
                realisasi=re_.value,
                capaian=c.value,
                target_teks=printed(f.get("target")),
                realisasi_teks=printed(f.get("realisasi")),
                capaian_teks=printed(f.get("capaian")),
                kategori=re_.kategori if has_realisasi else t.kategori,
                kategori_target=t.kategori,
                page=r.page,
                jenis_baris=r.jenis_baris,
            )
        )
    return out, warnings


# a unit word printed after the figure in a table without a satuan column ("1.100.000 orang", "30 LPK",
# "10 Jenis", "1 Dokumen"): one word (two with a slash, "orang/bulan"), no digits
_UNIT_AFTER = re.compile(r"^\s*(?:rp\.?\s*)?[-+]?[\d.,]+\s*%?\s+([A-Za-z][A-Za-z]*(?:\s*/\s*[A-Za-z]+)?)\s*$", re.IGNORECASE)


_GRADE = re.compile(r"^(AA|A|BB|B|CC|C|D|E)$")


def unit_after_figure(text: str | None) -> str | None:
    """Given a target or realisasi cell, return the unit word printed after its figure, if any."""
    if not text:
        return None
    m = _UNIT_AFTER.match(" ".join(text.split()))
    if not m or _GRADE.match(m.group(1)):
        return None  # "61,07 C": a grade printed with the value, no unit
    return m.group(1)


def _no(text: str | None) -> str | None:
    t = printed(text)
    return t.rstrip(".").strip() or None if t else None


def anggaran_records(
    raw: Sequence[RawRow], table_id: str, jenis: str, offset: int
) -> tuple[list[AnggaranRow], list[Warning]]:
    """Given raw budget rows, return typed rows and the warnings about their numbers."""
    pagus = _read(raw, "pagu", "rupiah")
    reals = _read(raw, "realisasi", "rupiah")
    persens = _read(raw, "persen", "percent")
    out: list[AnggaranRow] = []
    warnings: list[Warning] = []
    for k, r in enumerate(raw):
        f = r.fields
        for name, reading in (("pagu", pagus[k]), ("realisasi", reals[k]), ("persen", persens[k])):
            if reading.ambiguous:
                warnings.append(ambiguity_warning(reading, table_id, r.page, offset + k, name))
        kode = clean_code(f.get("kode")) if f.get("kode") else None
        if r.kode_ocr is not None:
            warnings.append(code_fix_warning(r, kode, table_id, offset + k))
        out.append(
            AnggaranRow(
                table_id=table_id,
                jenis=jenis,
                level=r.level or "program",
                kode=kode or None,
                path=r.path,
                uraian=clean_label(f.get("uraian")) or "",
                target_kinerja=printed(f.get("target_kinerja")),
                realisasi_kinerja=printed(f.get("realisasi_kinerja")),
                pagu=pagus[k].value,
                realisasi=reals[k].value,
                persen=persens[k].value,
                pagu_teks=printed(f.get("pagu")),
                realisasi_teks=printed(f.get("realisasi")),
                persen_teks=printed(f.get("persen")),
                page=r.page,
                kode_teks=r.kode_ocr,
            )
        )
    settle_levels(out)
    return out, warnings


def code_fix_warning(r: RawRow, kode: str | None, table_id: str, row: int) -> Warning:
    """The OCR_KOREKSI note for a budget code replaced from its table's numbering (``code_sequence``)."""
    lookalike = (r.kode_bukti or "").startswith("huruf mirip")
    return Warning(
        code="OCR_KOREKSI",
        severity="info" if lookalike else "warning",
        message=(
            f"Kode baris hasil OCR '{r.kode_ocr}' dibaca sebagai '{kode}' ({r.kode_bukti}). "
            "Periksa dengan dokumen asli."
        ),
        table_id=table_id,
        page=r.page,
        row=row,
        field="kode",
        expected=kode,
        found=r.kode_ocr,
    )


def kode_desa(text: str | None, reading: Reading) -> str | None:
    """A 10-digit kode desa from its printed text (``1506042015``, ``15.06.04.2015``, ``3.604052001E9``)."""
    if not text:
        return None
    digits = re.sub(r"\D", "", text)
    if len(digits) == 10 and re.fullmatch(r"[\d.\s]+", text.strip()) and "E" not in text.upper():
        return digits
    if reading.value is not None and reading.value == int(reading.value) and reading.value >= 1e9:
        return str(int(reading.value))
    return digits or None


def idm_records(raw: Sequence[RawRow], table_id: str, offset: int) -> tuple[list[IdmRow], list[Warning]]:
    """Given raw IDM rows, return typed rows and the warnings about their numbers."""
    cols = {name: _read(raw, name, "index") for name in ("iks", "ike", "ikl", "nilai_idm")}
    kodes = _read(raw, "kode_desa", "count")
    out: list[IdmRow] = []
    warnings: list[Warning] = []
    for k, r in enumerate(raw):
        f = r.fields
        for name, readings in cols.items():
            if readings[k].ambiguous:
                warnings.append(ambiguity_warning(readings[k], table_id, r.page, offset + k, name))
        status_text = printed(f.get("status_idm"))
        status = _STATUS.get(" ".join((status_text or "").lower().split()))
        out.append(
            IdmRow(
                table_id=table_id,
                no=_no(f.get("no")),
                kode_desa=kode_desa(f.get("kode_desa"), kodes[k]),
                nama_desa=clean_label(f.get("nama_desa")) or "",
                iks=cols["iks"][k].value,
                ike=cols["ike"][k].value,
                ikl=cols["ikl"][k].value,
                nilai_idm=cols["nilai_idm"][k].value,
                status_idm=status,
                tahun=r.tahun,
                page=r.page,
                jenis_baris=r.jenis_baris,
                kode_desa_teks=printed(f.get("kode_desa")),
                nilai_idm_teks=printed(f.get("nilai_idm")),
                status_idm_teks=status_text,
            )
        )
    return out, warnings
