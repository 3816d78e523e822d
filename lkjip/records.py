"""The data contract (schema version 1) as typed records.

Every stage imports these; the JSON Schema shipped in ``lkjip/schema/`` is
generated from them (``python -m lkjip.schema``) and a test keeps the two equal.
Field names follow ``CONTRACT.md`` exactly; fields marked "extra" are
additions the contract allows (it only ever grows).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    import pandas as pd

SCHEMA_VERSION = "1"

Format = Literal["pdf", "docx", "doc", "odt", "image"]
TextSource = Literal["text_layer", "ocr", "mixed", "docx"]
JenisInstansi = Literal[
    "kecamatan", "kelurahan", "dinas", "badan", "inspektorat", "sekretariat", "kabupaten", "kota", "lainnya"
]
JenisTabel = Literal[
    "capaian_iku",
    "target_iku",
    "perjanjian_kinerja",
    "capaian_sasaran",
    "realisasi_anggaran",
    "alokasi_anggaran",
    "idm",
]
IKU_JENIS: tuple[str, ...] = ("capaian_iku", "target_iku", "perjanjian_kinerja", "capaian_sasaran")
ANGGARAN_JENIS: tuple[str, ...] = ("realisasi_anggaran", "alokasi_anggaran")
Level = Literal["program", "kegiatan", "sub_kegiatan", "jumlah"]
# extra: what kind of row this is inside an iku or idm table ("data" for an
# indicator or a desa; "rata_rata"/"jumlah" for summary rows printed in the table).
JenisBaris = Literal["data", "rata_rata", "jumlah"]
StatusIdm = Literal["Sangat Tertinggal", "Tertinggal", "Berkembang", "Maju", "Mandiri"]
Severity = Literal["error", "warning", "info"]
Stage = Literal["read", "ocr", "extract", "normalize", "check", "write"]
ReportStatus = Literal["ok", "partial", "failed"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Koreksi(_Record):
    """extra: a figure OCR misread, corrected by the table's own arithmetic (never silently:
    an OCR_KOREKSI warning goes with it)."""

    teks_ocr: str  # the cell as OCR read it
    nilai_ocr: float | None  # the value of that reading
    nilai: float  # the corrected value, now in the record's field
    bukti: str  # the relations the corrected value satisfies


class ReportMeta(_Record):
    report_id: str
    source_file: str
    format: Format | None = None
    pages: int | None = None
    text_source: TextSource | None = None
    instansi: str | None = None
    jenis_instansi: JenisInstansi | None = None
    kabupaten: str | None = None
    provinsi: str | None = None
    kode_wilayah: str | None = None
    tahun: int | None = None
    # extra
    status: ReportStatus = "ok"
    pipeline_version: str | None = None
    judul: str | None = None


class TableInfo(_Record):
    table_id: str
    jenis: JenisTabel
    judul: str | None = None
    pages: list[int] = Field(default_factory=list)
    n_rows: int = 0
    # extra: the header cells as printed, one string per column, for audit
    header: list[str] = Field(default_factory=list)
    # extra: how the grid was found ("ruled", "aligned", "docx", "ocr_ruled", "ocr_aligned"; "+"-joined
    # when its pages were read differently), how far its reading can be trusted (0..1) and why not more
    struktur: str | None = None
    keyakinan: float | None = None
    keraguan: list[str] = Field(default_factory=list)


class IkuRow(_Record):
    table_id: str
    jenis: JenisTabel
    no: str | None = None
    sasaran: str | None = None
    indikator: str
    indikator_kode: str | None = None
    satuan: str | None = None
    target: float | None = None
    realisasi: float | None = None
    capaian: float | None = None
    target_teks: str | None = None
    realisasi_teks: str | None = None
    capaian_teks: str | None = None
    kategori: str | None = None
    page: int | None = None
    # extra
    jenis_baris: JenisBaris = "data"
    kategori_target: str | None = None
    # extra: OCR provenance; None when the row was read from a text layer
    ocr_confidence: float | None = None  # lowest OCR confidence (0..1) among the row's figures
    ocr_konfidensi: dict[str, float] | None = None  # per figure field
    koreksi: dict[str, Koreksi] | None = None  # per figure field corrected by the table's arithmetic


class AnggaranRow(_Record):
    table_id: str
    jenis: JenisTabel
    level: Level
    kode: str | None = None
    path: list[str] = Field(default_factory=list)
    uraian: str
    target_kinerja: str | None = None
    realisasi_kinerja: str | None = None
    pagu: float | None = None
    realisasi: float | None = None
    persen: float | None = None
    pagu_teks: str | None = None
    realisasi_teks: str | None = None
    persen_teks: str | None = None
    page: int | None = None
    # extra: OCR provenance; None when the row was read from a text layer
    ocr_confidence: float | None = None  # lowest OCR confidence (0..1) among the row's figures
    ocr_konfidensi: dict[str, float] | None = None  # per figure field
    koreksi: dict[str, Koreksi] | None = None  # per figure field corrected by the table's arithmetic
    kode_teks: str | None = None  # the code as OCR read it, when the table's numbering replaced it


class IdmRow(_Record):
    table_id: str
    no: str | None = None
    kode_desa: str | None = None
    nama_desa: str
    iks: float | None = None
    ike: float | None = None
    ikl: float | None = None
    nilai_idm: float | None = None
    status_idm: StatusIdm | None = None
    tahun: int | None = None
    page: int | None = None
    # extra
    jenis_baris: JenisBaris = "data"
    kode_desa_teks: str | None = None
    nilai_idm_teks: str | None = None
    status_idm_teks: str | None = None
    # extra: OCR provenance; None when the row was read from a text layer
    ocr_confidence: float | None = None  # lowest OCR confidence (0..1) among the row's figures
    ocr_konfidensi: dict[str, float] | None = None  # per figure field
    koreksi: dict[str, Koreksi] | None = None  # per figure field corrected by the table's arithmetic


class Warning(_Record):
    code: str
    severity: Severity
    message: str
    table_id: str | None = None
    page: int | None = None
    row: int | None = None
    field: str | None = None
    expected: Any = None
    found: Any = None


class ErrorItem(_Record):
    stage: Stage
    code: str
    message: str
    page: int | None = None


class Report(_Record):
    schema_version: str = SCHEMA_VERSION
    report: ReportMeta
    tables: list[TableInfo] = Field(default_factory=list)
    iku: list[IkuRow] = Field(default_factory=list)
    anggaran: list[AnggaranRow] = Field(default_factory=list)
    idm: list[IdmRow] = Field(default_factory=list)
    warnings: list[Warning] = Field(default_factory=list)
    errors: list[ErrorItem] = Field(default_factory=list)

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, text: str | bytes) -> Report:
        return cls.model_validate_json(text)

    def dataframe(self, family: str) -> pd.DataFrame:
        """Given a family (``iku``, ``anggaran``, ``idm``, ``warnings``, ``tables``, ``errors``), return its
        rows as a pandas DataFrame with the columns of the dataset's table of that name: ``report_id``,
        the report's ``instansi``, ``kabupaten``, ``tahun`` (``report_tahun`` in ``idm``, whose own
        ``tahun`` is the IDM year) and ``source_file``, ``row_index``, then the record's fields."""
        import pandas as pd

        if family not in FRAME_FAMILIES:
            raise KeyError(f"{family!r} is not one of {', '.join(FRAME_FAMILIES)}")
        model = _FAMILY_MODELS[family]
        meta = self.report
        context = {
            ("report_tahun" if c == "tahun" and c in model.model_fields else c): getattr(meta, c)
            for c in REPORT_CONTEXT
        }
        head = {"report_id": meta.report_id, **context}
        columns = [*head, "row_index", *model.model_fields]
        rows = [{**head, "row_index": i, **item.model_dump()} for i, item in enumerate(getattr(self, family))]
        return pd.DataFrame(rows, columns=columns)

    def dataframes(self) -> dict[str, pd.DataFrame]:
        """Every family of ``FRAME_FAMILIES`` as a DataFrame (``dataframe``), by name."""
        return {family: self.dataframe(family) for family in FRAME_FAMILIES}


# the families ``Report.dataframe`` gives, each a table of the dataset, and the report fields each row repeats
FRAME_FAMILIES: tuple[str, ...] = ("iku", "anggaran", "idm", "warnings", "tables", "errors")
REPORT_CONTEXT: tuple[str, ...] = ("instansi", "kabupaten", "tahun", "source_file")
_FAMILY_MODELS: dict[str, type[_Record]] = {
    "iku": IkuRow, "anggaran": AnggaranRow, "idm": IdmRow, "warnings": Warning, "tables": TableInfo,
    "errors": ErrorItem,
}  # fmt: skip
