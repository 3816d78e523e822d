"""One report from file to ``Report``: read, locate, extract, normalize, check.

Plain functions, no orchestrator: ``lkjip extract`` calls this directly and
the ingest flow wraps it in a task. It never raises for a bad file: what
could not be done becomes an error record and the report's status.
"""

from __future__ import annotations

import hashlib
import re
import stat
import traceback
from pathlib import Path

from lkjip import __version__
from lkjip.checks import CheckContext, load_all
from lkjip.checks.structure import TableConfidence, doubt_ocr_digits, table_confidence, temper
from lkjip.extractors.document_pipeline import read_pdf
from lkjip.extractors.families.registry import FAMILIES
from lkjip.extractors.locate.tables import LocatedTable, locate_tables
from lkjip.extractors.model.document import Document, TableBlock
from lkjip.extractors.model.errors import ReadError
from lkjip.extractors.read.docx_reader import read_docx, read_via_libreoffice
from lkjip.extractors.read.formats import (
    is_zip,
    pdf_ending_problems,
    pdf_has_objects,
    sniff_format,
    zip_opens,
)
from lkjip.extractors.read.textlayer import garbled_pages
from lkjip.extractors.report.metadata import extract_metadata
from lkjip.normalizers.arith_repair import review_ocr_figures
from lkjip.normalizers.records import anggaran_records, idm_records, iku_records
from lkjip.outputs.quality import TROUBLE_CODES
from lkjip.pipeline.settings import Settings
from lkjip.records import ErrorItem, Format, Report, ReportMeta, Stage, TableInfo, Warning


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_document(path: Path, settings: Settings, source_file: str) -> Document:
    """Given a file, return its Document, raising ReadError when it cannot be read at all."""
    if path.stat().st_size == 0:
        raise ReadError("EMPTY", "Berkas kosong (0 byte); unduh ulang dari sumbernya.")
    fmt = sniff_format(path)
    if fmt == "pdf":
        try:
            doc = read_pdf(path, source_file, max_pages=settings.max_pages)
        except ReadError as exc:
            if exc.code == "CORRUPT" and pdf_ending_problems(path) == ["TRUNCATED"] and pdf_has_objects(path):
                raise ReadError("TRUNCATED", _PDF_ENDING["TRUNCATED"].split(",")[0] + " dan tidak dapat dibaca; "
                                "unduh ulang berkasnya.") from exc  # fmt: skip
            raise
        doc.errors.extend(ErrorItem(stage="read", code=c, message=_PDF_ENDING[c]) for c in pdf_ending_problems(path))
        return doc
    if fmt == "docx":
        return read_docx(path, source_file, settings.max_decompressed_bytes)
    if fmt in ("doc", "odt"):
        return read_via_libreoffice(
            path, source_file, fmt, settings.libreoffice, settings.time_limit(None) * 0.8, settings.max_decompressed_bytes
        )
    if fmt == "image":
        raise ReadError(
            "UNSUPPORTED_FORMAT",
            "Berkas ini gambar (hasil pindai), bukan PDF atau DOCX; gabungkan pindaiannya menjadi PDF lalu proses ulang.",
        )
    if is_zip(path) and not zip_opens(path):
        raise ReadError(
            "CORRUPT", "Arsip zip ini rusak atau terpotong (mungkin DOCX yang unduhannya tidak selesai); unduh ulang."
        )
    if is_zip(path):
        raise ReadError(
            "NOT_A_DOCUMENT",
            "Berkas ini arsip zip tetapi bukan DOCX (mungkin XLSX, ZIP biasa, atau DOCX yang rusak); "
            "buka di Word lalu simpan sebagai DOCX atau PDF.",
        )
    raise ReadError(
        "NOT_A_DOCUMENT",
        "Berkas ini bukan PDF atau DOCX (mungkin halaman web atau teks biasa); periksa apakah unduhannya benar.",
    )


_PDF_ENDING = {
    "TRUNCATED": "PDF terpotong (tidak ada penanda akhir %%EOF), sehingga isinya mungkin tidak lengkap; "
    "unduh ulang berkasnya.",
    "XREF_BROKEN": "Tabel referensi silang (xref) PDF rusak; berkas dibaca dengan pemulihan dan hasilnya perlu "
    "diperiksa. Unduh ulang atau simpan ulang PDF-nya.",
}


def display_name(name: str) -> str:
    """A file name as text every writer accepts: bytes that are not UTF-8 become U+FFFD."""
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return name.encode("utf-8", "replace").decode("utf-8")


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
    name = display_name(source_file or path.name)
    meta = ReportMeta(report_id="", source_file=name, pipeline_version=__version__)
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO would block the first read forever
            return failed_report(
                name, path_id(path), "read", "NOT_A_FILE",
                "Ini bukan berkas biasa (FIFO, soket, atau perangkat); pindahkan laporannya sebagai berkas biasa.",
            )  # fmt: skip
        meta.report_id = file_sha256(path)
        meta.format = sniff_format(path)
        doc = read_document(path, settings, name)
    except ReadError as exc:
        return failed_report(name, meta.report_id, "read", exc.code, exc.message, fmt=meta.format)
    except OSError as exc:
        return failed_report(
            name, meta.report_id or path_id(path), "read", "UNREADABLE",
            f"Berkas tidak dapat dibuka ({exc.strerror or exc}); periksa izin dan keberadaan berkasnya.",
            fmt=meta.format,
        )  # fmt: skip
    except MemoryError:
        return failed_report(
            name, meta.report_id, "read", "MEMORY_LIMIT",
            "Memori habis saat membaca berkas ini; berkasnya terlalu besar atau rusak.", fmt=meta.format,
        )  # fmt: skip
    except Exception as exc:  # a reader library failing in a way it does not document
        message = (
            f"Berkas ini rusak: pembacanya gagal ({type(exc).__name__}: {exc}). Unduh ulang atau simpan ulang "
            "berkasnya; bila berkas terbuka normal di aplikasi lain, laporkan ke pengembang lkjip."
        )
        return failed_report(name, meta.report_id, "read", "CORRUPT", message, fmt=meta.format)
    return document_to_report(doc, meta)


def path_id(path: Path) -> str:
    """The id of an entry whose bytes cannot be read: a hash of its path."""
    return hashlib.sha256(f"unreadable:{display_name(str(path))}".encode()).hexdigest()


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
    report.warnings.extend(unread_table_notes(located))
    for lt in located:
        if lt.jenis is None or lt.family is None:
            continue
        try:
            _add_table(report, lt)
        except Exception as exc:
            page = lt.pages[0] if lt.pages else None
            report.errors.append(_crash("extract", "TABLE_UNREADABLE", exc, page))
    report.errors.extend(text_layer_errors(doc, report))
    try:  # figures read by OCR: confidence attached, misread digits corrected by the arithmetic
        report.warnings.extend(review_ocr_figures(report, doc.ocr_confidence))
    except Exception as exc:
        report.errors.append(_crash("normalize", "OCR_REVIEW_FAILED", exc))
    doubtful = rate_tables(report)
    report.warnings.extend(temper(doubt_ocr_digits(run_checks(report, doc), report), doubtful))
    # a table of interest read as nothing or doubtfully: partial, as the grade also counts it
    if report.errors or any(w.code in TROUBLE_CODES for w in report.warnings):
        meta.status = "partial"
    return report


def rate_tables(report: Report) -> dict[str, TableConfidence]:
    """Record each table's confidence; warn of every doubtful one; return the doubtful ones by table id."""
    doubtful: dict[str, TableConfidence] = {}
    for t in report.tables:
        if t.n_rows == 0:  # already TABEL_KOSONG
            t.keyakinan, t.keraguan = 0.0, ["tidak ada baris data yang terbaca"]
            continue
        conf = table_confidence(report, t.table_id, t.struktur or "")
        t.keyakinan, t.keraguan = conf.keyakinan, conf.alasan
        if conf.doubtful:
            doubtful[t.table_id] = conf
            report.warnings.append(doubtful_table_warning(t, conf))
    return doubtful


def doubtful_table_warning(t: TableInfo, conf: TableConfidence) -> Warning:
    page = t.pages[0] if t.pages else None
    where = f" di halaman {page}" if page else ""
    return Warning(
        code="TABEL_RAGU", severity="warning", table_id=t.table_id, page=page, found=conf.keyakinan,
        message=f"Pembacaan tabel {t.jenis}{where} diragukan (keyakinan {conf.keyakinan:.2f}: "
        f"{'; '.join(conf.alasan)}); periksa tabelnya di halaman itu sebelum memakai angkanya.",
    )  # fmt: skip


_LKJIP = re.compile(r"laporan\s+kinerja|lkj\s*ip|akuntabilitas\s+kinerja|lakip", re.IGNORECASE)


def text_layer_errors(doc: Document, report: Report) -> list[ErrorItem]:
    """Errors that say why a readable document gave no data: no text, glyph garbage, no tables."""
    if not any(isinstance(b, TableBlock) for b in doc.blocks) and not doc.full_text().strip():
        return [ErrorItem(
            stage="read", code="NO_TEXT",
            message="Dokumen tidak memiliki lapisan teks (kemungkinan hasil pindai); perlu OCR.",
        )]  # fmt: skip
    out: list[ErrorItem] = []
    garbled = garbled_pages(doc)
    if garbled:
        where = "" if garbled == [None] else f" di halaman {_page_ranges([p for p in garbled if p is not None])}"
        out.append(ErrorItem(
            stage="read", code="GARBLED_TEXT", page=garbled[0],
            message=f"Lapisan teks{where} berisi simbol acak seperti (cid:12), bukan huruf (font tanpa peta "
            "Unicode); halaman itu perlu OCR atau PDF yang dibuat ulang dari dokumen aslinya.",
        ))  # fmt: skip
    if not report.tables and not any(e.code == "TABLE_UNREADABLE" for e in report.errors):
        what = (
            "Periksa apakah tabelnya berupa gambar (perlu OCR) atau ada di lampiran terpisah."
            if _LKJIP.search(doc.full_text())
            else "Isinya tidak tampak seperti LKjIP (mungkin surat atau dokumen lain); periksa berkasnya."
        )
        out.append(ErrorItem(
            stage="extract", code="NO_TABLES",
            message=f"Dokumen terbaca, tetapi tidak ada tabel IKU, anggaran, atau IDM yang ditemukan. {what}",
        ))  # fmt: skip
    return out


def _page_ranges(pages: list[int]) -> str:
    """[1, 2, 3, 7] -> "1–3, 7"."""
    parts: list[str] = []
    for p in pages:
        if parts and p == int(parts[-1].split("–")[-1]) + 1:
            parts[-1] = f"{parts[-1].split('–')[0]}–{p}"
        else:
            parts.append(str(p))
    return ", ".join(parts)


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
    if n == 0:
        report.warnings.append(empty_table_warning(lt, table_id))
    report.tables.append(
        TableInfo(
            table_id=table_id,
            jenis=lt.jenis,
            judul=lt.caption,
            pages=lt.pages,
            n_rows=n,
            header=[c.label for c in lt.columns],
            struktur=lt.block.struktur or None,
        )
    )


MIN_FIGURE_CELLS = 4  # a grid printing fewer figures is a form, a legend or a layout box


def unread_table_notes(located: list[LocatedTable]) -> list[Warning]:
    """An ``info`` note for each page where a grid of figures was found and not taken as a table of
    interest, saying why: nothing printed in a table is dropped without a trace, so a reviewer can
    look at it (a look-alike such as a rating scale is rightly set aside; a table in a layout the reader
    did not follow is not)."""
    notes: dict[int, Warning] = {}
    for k, lt in enumerate(located):
        if lt.jenis is not None or _figure_cells(lt) < MIN_FIGURE_CELLS:
            continue
        page = lt.pages[0] if lt.pages else None  # a DOCX has no pages: each table is noted on its own
        where = f"di halaman {page}" if page else "di dokumen"
        notes.setdefault(page or -k, Warning(
            code="TABEL_TIDAK_DIBACA", severity="info", page=page,
            message=f"Tabel berangka {where} tidak dibaca sebagai tabel IKU, anggaran atau IDM "
            f"({lt.reason or 'tidak dikenali'}); periksa tabelnya bila isinya data.",
        ))  # fmt: skip
    return list(notes.values())


# a rating scale's cells print ranges and bounds ("0 - 49.99%", "> 100", "≥ 85"), not figures of data
_RANGE = re.compile(r"\d\s*(?:-|–|—|s\.?d\.?|sampai)\s*\d|[<>≤≥]")
_FIGURE = re.compile(r"^\(?[-+]?\d[\d.,]*\s*%?\)?$")


def _figure_cells(lt: LocatedTable) -> int:
    """The body cells printing one figure each (a rating scale's ranges and row numbers do not count)."""
    n = 0
    for row in lt.block.rows:
        origins = [c.text.strip() for c in row if c.is_origin]
        n += sum(1 for text in origins[1:] if _FIGURE.match(text) and not _RANGE.search(text))
    return n


def empty_table_warning(lt: LocatedTable, table_id: str) -> Warning:
    """A located table of interest that gave no row: never silently empty (its rows may be wrapped,
    turned, pictured or laid out in a way the reader did not follow)."""
    page = lt.pages[0] if lt.pages else None
    where = f" di halaman {page}" if page else ""
    return Warning(
        code="TABEL_KOSONG", severity="warning", table_id=table_id, page=page,
        message=f"Tabel {lt.jenis}{where} ditemukan, tetapi tidak ada baris data yang terbaca; periksa "
        "tabelnya di halaman itu.",
    )  # fmt: skip


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


def add_review_page(report: Report, path: Path, settings: Settings) -> Report:
    """Write the report's review page when the settings name a folder for it (ingest does); return the report.

    Every ingest runner calls this where it reads the document (the worker), so the pages are made in parallel.
    """
    if settings.review_dir:
        from lkjip.outputs.review import write_review_safely

        write_review_safely(report, path, Path(settings.review_dir))
    return report
