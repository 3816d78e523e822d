"""One report from file to ``Report``: read, locate, extract, normalize, check.

Plain functions, no orchestrator: ``lkjip extract`` calls this directly and
the ingest flow wraps it in a task. It never raises for a bad file: what
could not be done becomes an error record and the report's status.
"""

from __future__ import annotations

import hashlib
import traceback
from pathlib import Path

from checks import CheckContext, load_all
from extractors.document import Document, TableBlock
from extractors.docx_reader import read_docx
from extractors.errors import ReadError
from extractors.formats import sniff_format
from extractors.locate import LocatedTable, locate_tables
from extractors.metadata import extract_metadata
from extractors.pdf_reader import read_pdf
from extractors.registry import FAMILIES
from lkjip import __version__
from lkjip.records import ErrorItem, Format, Report, ReportMeta, Stage, TableInfo, Warning
from normalizers.arith_repair import review_ocr_figures
from normalizers.records import anggaran_records, idm_records, iku_records
from pipeline.settings import Settings


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_document(path: Path, settings: Settings, source_file: str) -> Document:
    """Given a file, return its Document, raising ReadError when it cannot be read at all."""
    fmt = sniff_format(path)
    if fmt == "pdf":
        return read_pdf(path, source_file, max_pages=settings.max_pages)
    if fmt == "docx":
        return read_docx(path, source_file)
    if fmt is None:
        raise ReadError("NOT_A_DOCUMENT", "Berkas ini bukan PDF atau DOCX; periksa apakah unduhannya benar.")
    raise ReadError(
        "UNSUPPORTED_FORMAT",
        f"Format {fmt} belum didukung; simpan ulang sebagai PDF atau DOCX lalu proses ulang.",
    )


def failed_report(
    source_file: str,
    report_id: str,
    stage: Stage,
    code: str,
    message: str,
    *,
    fmt: Format | None = None,
    pipeline_version: str | None = __version__,
) -> Report:
    """A report of a file that could not be processed: status "failed" and one error record."""
    meta = ReportMeta(
        report_id=report_id, source_file=source_file, format=fmt, status="failed", pipeline_version=pipeline_version
    )
    return Report(report=meta, errors=[ErrorItem(stage=stage, code=code, message=message)])


def process_file(path: Path, settings: Settings | None = None, source_file: str | None = None) -> Report:
    """Given a report file, return its Report; failures are records, never exceptions."""
    settings = settings or Settings()
    name = source_file or path.name
    meta = ReportMeta(report_id="", source_file=name, pipeline_version=__version__)
    try:
        meta.report_id = file_sha256(path)
        meta.format = sniff_format(path)
        doc = read_document(path, settings, name)
    except ReadError as exc:
        return failed_report(name, meta.report_id, "read", exc.code, exc.message, fmt=meta.format)
    except OSError as exc:
        return failed_report(
            name, meta.report_id, "read", "UNREADABLE", f"Berkas tidak dapat dibuka: {exc}.", fmt=meta.format
        )
    return document_to_report(doc, meta)


def document_to_report(doc: Document, meta: ReportMeta) -> Report:
    """Given a read Document and its file facts, return the extracted and checked Report."""
    meta.format = doc.format
    meta.pages = doc.pages
    meta.text_source = doc.text_source
    report = Report(report=meta, errors=list(doc.errors))
    try:
        md = extract_metadata(doc)
        p = md.place
        meta.instansi, meta.jenis_instansi = p.instansi, p.jenis_instansi  # type: ignore[assignment]
        meta.kabupaten, meta.provinsi, meta.kode_wilayah = p.kabupaten, p.provinsi, p.kode_wilayah
        meta.tahun, meta.judul = md.tahun, md.judul
    except Exception as exc:  # metadata is best effort; tables still count
        report.errors.append(_crash("extract", "METADATA_FAILED", exc))
    try:
        located = locate_tables(doc, meta.tahun)
    except Exception as exc:
        report.errors.append(_crash("extract", "TABLE_UNREADABLE", exc))
        located = []
    for lt in located:
        if lt.jenis is None or lt.family is None:
            continue
        try:
            _add_table(report, lt)
        except Exception as exc:
            page = lt.pages[0] if lt.pages else None
            report.errors.append(_crash("extract", "TABLE_UNREADABLE", exc, page))
    if not any(isinstance(b, TableBlock) for b in doc.blocks) and not doc.full_text().strip():
        report.errors.append(
            ErrorItem(
                stage="read",
                code="NO_TEXT",
                message="Dokumen tidak memiliki lapisan teks (kemungkinan hasil pindai); perlu OCR.",
            )
        )
    try:  # figures read by OCR: confidence attached, misread digits corrected by the arithmetic
        report.warnings.extend(review_ocr_figures(report, doc.ocr_confidence))
    except Exception as exc:
        report.errors.append(_crash("normalize", "OCR_REVIEW_FAILED", exc))
    report.warnings.extend(run_checks(report, doc))
    if report.errors:
        meta.status = "partial"
    return report


def run_checks(report: Report, doc: Document) -> list[Warning]:
    text = doc.full_text()
    out: list[Warning] = []
    for check in load_all():
        try:
            out.extend(check.run(CheckContext(report=report, text=text)))
        except Exception as exc:
            report.errors.append(_crash("check", "CHECK_FAILED", exc, detail=check.name))
    return out


def _add_table(report: Report, lt: LocatedTable) -> None:
    assert lt.family is not None and lt.jenis is not None
    table_id = f"t{len(report.tables) + 1:02d}"
    raw = FAMILIES[lt.family](lt, report.report.tahun)
    warnings: list[Warning]
    if lt.family == "iku":
        rows_iku, warnings = iku_records(raw, table_id, lt.jenis, len(report.iku), "realisasi" in lt.chosen)
        report.iku.extend(rows_iku)
        n = len(rows_iku)
    elif lt.family == "anggaran":
        rows_ang, warnings = anggaran_records(raw, table_id, lt.jenis, len(report.anggaran))
        report.anggaran.extend(rows_ang)
        n = len(rows_ang)
    else:
        rows_idm, warnings = idm_records(raw, table_id, len(report.idm))
        report.idm.extend(rows_idm)
        n = len(rows_idm)
    report.warnings.extend(warnings)
    report.tables.append(
        TableInfo(
            table_id=table_id,
            jenis=lt.jenis,
            judul=lt.caption,
            pages=lt.pages,
            n_rows=n,
            header=[c.label for c in lt.columns],
        )
    )


def _crash(stage: str, code: str, exc: Exception, page: int | None = None, detail: str = "") -> ErrorItem:
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" di {Path(where.filename).name}:{where.lineno}" if where else ""
    what = f" ({detail})" if detail else ""
    return ErrorItem(
        stage=stage,
        code=code,
        message=f"Galat internal{what}: {type(exc).__name__}: {exc}{at}. Laporkan berkas ini ke pengembang lkjip.",
        page=page,
    )
