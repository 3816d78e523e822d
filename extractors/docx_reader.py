"""Read a DOCX body into a ``Document``: paragraphs and tables in reading order.

The table XML is read directly rather than through python-docx's
``table.cell(i, j)`` (quadratic on large tables) so that merges keep their
structure: ``w:gridSpan`` becomes a horizontal span, ``w:vMerge`` a vertical
one. The parser never resolves external entities or fetches anything.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from extractors.document import Block, Document, TableBlock, TextBlock, grid_from_spans
from extractors.errors import ReadError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
# A DOCX whose document.xml inflates past this is refused as a possible zip bomb.
MAX_DOCUMENT_XML_BYTES = 200 * 1024 * 1024


def read_docx(path: Path, source_file: str | None = None) -> Document:
    """Given a .docx file, return its body as blocks (pages are unknown: page = None)."""
    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("word/document.xml")
            if info.file_size > MAX_DOCUMENT_XML_BYTES:
                raise ReadError("TOO_LARGE", "Isi DOCX terlalu besar setelah didekompresi (kemungkinan zip bomb).")
            xml = zf.read(info)
    except KeyError as exc:
        raise ReadError("CORRUPT", "Berkas zip ini bukan DOCX: tidak ada word/document.xml.") from exc
    except zipfile.BadZipFile as exc:
        raise ReadError("CORRUPT", "Berkas DOCX rusak (bukan arsip zip yang sah).") from exc
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ReadError("CORRUPT", f"XML dokumen DOCX rusak: {exc}") from exc
    body = root.find(f"{W}body")
    blocks: list[Block] = [] if body is None else list(_body_to_blocks(body))
    return Document(
        source_file=source_file or path.name, format="docx", text_source="docx", pages=None, blocks=blocks
    )


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
    marked_header = 0
    for tr in tbl.iterchildren(f"{W}tr"):
        if row_idx == marked_header and tr.find(f"{W}trPr/{W}tblHeader") is not None:
            marked_header += 1
        col = 0
        grid_before = tr.find(f"{W}trPr/{W}gridBefore")
        if grid_before is not None:
            col += int(grid_before.get(f"{W}val", "0") or 0)
        for tc in tr.iterchildren(f"{W}tc"):
            pr = tc.find(f"{W}tcPr")
            span = 1
            vmerge: str | None = None
            if pr is not None:
                gs = pr.find(f"{W}gridSpan")
                if gs is not None:
                    span = max(1, int(gs.get(f"{W}val", "1") or 1))
                vm = pr.find(f"{W}vMerge")
                if vm is not None:
                    vmerge = vm.get(f"{W}val", "continue")
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
    return TableBlock(rows=grid, row_pages=[None] * row_idx, marked_header_rows=marked_header)
