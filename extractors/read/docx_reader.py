"""Read a DOCX body into a ``Document``: paragraphs and tables in reading order.

The table XML is read directly rather than through python-docx's
``table.cell(i, j)`` (quadratic on large tables) so that merges keep their
structure: ``w:gridSpan`` becomes a horizontal span, ``w:vMerge`` a vertical
one. The parser never resolves entities (internal or external), loads a DTD
or fetches anything; the document part is read with a cap on its inflated
size (zip bombs) and spans are clamped (a ``gridSpan`` of 10^9 is hostile,
not a table). Word 97 ``.doc`` and ``.odt`` files are converted to DOCX by
LibreOffice when it is installed.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from lkjip.extractors.model.document import Block, Document, TableBlock, TextBlock, grid_from_spans
from lkjip.extractors.model.errors import ReadError
from lkjip.records import Format

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
# A DOCX whose document.xml inflates past this is refused as a possible zip bomb.
MAX_DOCUMENT_XML_BYTES = 128 * 1024 * 1024
# No printed table has more columns than this; wider spans are clamped.
MAX_COLS = 256


def read_docx(path: Path, source_file: str | None = None, max_bytes: int = MAX_DOCUMENT_XML_BYTES) -> Document:
    """Given a .docx file, return its body as blocks (pages are unknown: page = None)."""
    xml = _document_xml(path, max_bytes)
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ReadError("CORRUPT", f"XML dokumen DOCX rusak ({exc}); buka di Word lalu simpan ulang.") from exc
    body = root.find(f"{W}body")
    blocks: list[Block] = [] if body is None else list(_body_to_blocks(body))
    return Document(
        source_file=source_file or path.name, format="docx", text_source="docx", pages=None, blocks=blocks
    )


def _document_xml(path: Path, max_bytes: int) -> bytes:
    """The inflated word/document.xml, never more than ``max_bytes`` of it."""
    too_large = ReadError(
        "TOO_LARGE",
        f"Isi DOCX melebihi {max_bytes // (1024 * 1024)} MiB setelah didekompresi (kemungkinan zip bomb); "
        "berkas tidak diproses. Naikkan batas --max-unzipped-mb bila berkas ini memang laporan.",
    )
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("word/document.xml")
            if info.file_size > max_bytes:
                raise too_large
            parts: list[bytes] = []
            total = 0
            with zf.open(info) as fh:  # the declared size may lie: read in steps, stop past the cap
                while chunk := fh.read(1 << 20):
                    total += len(chunk)
                    if total > max_bytes:
                        raise too_large
                    parts.append(chunk)
            return b"".join(parts)
    except KeyError as exc:
        raise ReadError("CORRUPT", "Berkas zip ini bukan DOCX: tidak ada word/document.xml.") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise ReadError(
            "CORRUPT", f"Berkas DOCX rusak ({exc}); unduh ulang atau buka di Word lalu simpan ulang."
        ) from exc
    except OSError as exc:
        if exc.errno != errno.EINVAL:  # a real I/O error: the caller says the file cannot be read
            raise
        raise ReadError(  # an entry's offset points outside the archive (bytes cut out of it)
            "CORRUPT", f"Berkas DOCX rusak ({exc.strerror}: letak isinya di luar arsip); unduh ulang atau simpan ulang."
        ) from exc
    except (NotImplementedError, RuntimeError) as exc:  # unknown compression, encrypted zip entries
        raise ReadError(
            "CORRUPT", f"Arsip DOCX memakai fitur yang tidak didukung ({exc}); simpan ulang dari Word."
        ) from exc


def read_via_libreoffice(
    path: Path, source_file: str, fmt: Format, soffice: str, timeout: float, max_bytes: int = MAX_DOCUMENT_XML_BYTES
) -> Document:
    """Given a Word 97 .doc or an .odt, convert it to DOCX with LibreOffice and read that."""
    label = "Word 97-2003 (.doc)" if fmt == "doc" else "OpenDocument (.odt)"
    exe = shutil.which(soffice) if soffice else None
    if exe is None:
        raise ReadError(
            "UNSUPPORTED_FORMAT",
            f"Berkas {label} hanya dapat dibaca lewat LibreOffice, yang tidak terpasang. Pasang LibreOffice "
            "(paket libreoffice-writer) atau simpan ulang berkas sebagai DOCX atau PDF, lalu proses ulang.",
        )
    with tempfile.TemporaryDirectory(prefix="lkjip-convert-") as tmp:
        src = Path(tmp) / f"in.{fmt}"  # a plain name: LibreOffice trips over some characters
        shutil.copyfile(path, src)
        cmd = [
            exe, "--headless", "--norestore", f"-env:UserInstallation={Path(tmp, 'profile').as_uri()}",
            "--convert-to", "docx", "--outdir", tmp, str(src),
        ]  # fmt: skip
        # its own process group, so a timeout takes down oosplash and soffice.bin with it
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, process_group=0)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired as exc:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise ReadError(
                "TIMEOUT", f"LibreOffice tidak selesai mengubah berkas {label} dalam {timeout:.0f} detik; "
                "simpan ulang sebagai DOCX atau PDF lalu proses ulang.",
            ) from exc
        out = Path(tmp) / "in.docx"
        if not out.is_file():
            raise ReadError(
                "CONVERSION_FAILED",
                f"LibreOffice gagal mengubah berkas {label} ini (kode keluar {proc.returncode}); berkasnya mungkin "
                "rusak. Buka di Word atau LibreOffice lalu simpan sebagai DOCX.",
            )
        doc = read_docx(out, source_file, max_bytes)
    doc.format = fmt
    return doc


def _body_to_blocks(body: etree._Element) -> list[Block]:
    blocks: list[Block] = []
    for child in body:
        if child.tag == f"{W}p":
            text = paragraph_text(child)
            if text.strip():
                blocks.append(TextBlock(text=text, page=None, bold=_is_bold(child)))
        elif child.tag == f"{W}tbl":
            blocks.append(table_to_block(child))
        elif child.tag == f"{W}sdt":  # content controls (e.g. a TOC) wrap paragraphs
            content = child.find(f"{W}sdtContent")
            if content is not None:
                blocks.extend(_body_to_blocks(content))
    return blocks


def paragraph_text(p: etree._Element) -> str:
    """Given a w:p, return its text; tabs become tab characters, breaks newlines."""
    parts: list[str] = []
    for node in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _is_bold(p: etree._Element) -> bool:
    runs = p.findall(f"{W}r")
    if not runs:
        return False
    return all(r.find(f"{W}rPr/{W}b") is not None for r in runs if (r.findtext(f"{W}t") or "").strip())


def _cell_text(tc: etree._Element) -> str:
    paras = [paragraph_text(p) for p in tc.iter(f"{W}p")]
    return "\n".join(t for t in paras if t.strip())


def table_to_block(tbl: etree._Element) -> TableBlock:
    """Given a w:tbl, return the expanded grid with gridSpan and vMerge resolved (linear time)."""
    cells: list[tuple[int, int, int, int, str]] = []
    # col -> index into ``cells`` of the cell a vMerge="continue" extends
    open_vmerge: dict[int, int] = {}
    n_cols = 0
    row_idx = 0
    max_cols = MAX_COLS
    marked_header = 0
    for tr in tbl.iterchildren(f"{W}tr"):
        if row_idx == marked_header and tr.find(f"{W}trPr/{W}tblHeader") is not None:
            marked_header += 1
        col = 0
        grid_before = tr.find(f"{W}trPr/{W}gridBefore")
        if grid_before is not None:
            col += _count(grid_before.get(f"{W}val"), 0, max_cols)
        for tc in tr.iterchildren(f"{W}tc"):
            pr = tc.find(f"{W}tcPr")
            span = 1
            vmerge: str | None = None
            if pr is not None:
                gs = pr.find(f"{W}gridSpan")
                if gs is not None:
                    span = _count(gs.get(f"{W}val"), 1, max_cols)
                vm = pr.find(f"{W}vMerge")
                if vm is not None:
                    vmerge = vm.get(f"{W}val", "continue")
            if col >= max_cols:
                break  # cells past the grid: hostile or broken markup, not a printed column
            span = min(span, max_cols - col)
            if vmerge == "continue" and col in open_vmerge:
                idx = open_vmerge[col]
                r, c, _, cs, text = cells[idx]
                cells[idx] = (r, c, row_idx - r + 1, cs, text)
            else:
                cells.append((row_idx, col, 1, span, _cell_text(tc)))
                if vmerge == "restart":
                    for k in range(span):
                        open_vmerge[col + k] = len(cells) - 1
                else:
                    for k in range(span):
                        open_vmerge.pop(col + k, None)
            col += span
        n_cols = max(n_cols, col)
        row_idx += 1
    grid = grid_from_spans(cells, row_idx, n_cols)
    return TableBlock(rows=grid, row_pages=[None] * row_idx, marked_header_rows=marked_header, struktur="docx")


def _count(value: str | None, default: int, limit: int) -> int:
    """A w:val count (gridSpan, gridBefore) as an int in 0..limit; junk reads as ``default``."""
    try:
        n = int(value) if value is not None else default
    except ValueError:
        n = default
    return max(min(n, limit), 1 if default else 0)
