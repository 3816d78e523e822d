"""Build the benchmark corpora.

**Digital reports** (``build_corpus``, the default ``kind="narrative"``): each
report is one fixture report (a PDF of ``fixtures/reports/``, whole and in
order, so its tables, captions and checks are those of a real layout) followed
by narrative pages (text only, made here with a small PDF writer: Helvetica,
chapters and paragraphs of the kind an LKjIP prints around its tables, with
years and a few figures but no table) up to a page target drawn from 20–60.
Real LKjIPs are mostly narrative; a report here holds its fixture's tables
once, so its cross-table checks fire as often as they do on the fixture.
The fixtures are taken in a seeded random order and every report gets its own
narrative pages, so every file has distinct bytes (no cache hits).
``<folder>.json`` records how each report was made; a corpus made from other
fixtures (the fixture set grows) is made again.

``kind="joined"`` is the earlier corpus, kept for comparison: whole fixture
PDFs concatenated until the page target. It repeats tables within a report, so
the cross-table checks fire by the hundred (up to 1,420 warnings a report): a
pessimistic load, denser in tables than any real report.

**Scanned reports** (``build_scanned``): copies of the scanned fixtures
(``fixtures/scanned/*.pdf``, image-only PDFs and one mixing text and scanned
pages), each copy made distinct by a PDF comment before ``startxref`` (the
bytes differ, the content does not), so the ingest does not treat them as one
report.
"""

from __future__ import annotations

import json
import random
import textwrap
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "reports"
SCANS = ROOT / "fixtures" / "scanned"

PAGE_W, PAGE_H = 595, 842  # A4 in points
FONT_SIZE, LEADING, MARGIN = 11, 15, 72
WRAP = 88  # characters per line at 11 pt Helvetica within the margins

_CHAPTERS = [
    ("BAB I PENDAHULUAN", ["1.1 Latar Belakang", "1.2 Maksud dan Tujuan", "1.3 Tugas Pokok dan Fungsi",
                           "1.4 Struktur Organisasi", "1.5 Isu Strategis"]),
    ("BAB II PERENCANAAN KINERJA", ["2.1 Rencana Strategis", "2.2 Visi dan Misi", "2.3 Tujuan dan Sasaran",
                                    "2.4 Perjanjian Kinerja"]),
    ("BAB III AKUNTABILITAS KINERJA", ["3.1 Pengukuran Kinerja", "3.2 Analisis Capaian Kinerja",
                                       "3.3 Faktor Pendukung", "3.4 Hambatan dan Upaya Pemecahan Masalah"]),
    ("BAB IV PENUTUP", ["4.1 Kesimpulan", "4.2 Rencana Tindak Lanjut"]),
]  # fmt: skip

_SENTENCES = [
    "Pelayanan kepada masyarakat merupakan tugas utama perangkat daerah sebagaimana diamanatkan peraturan "
    "perundang-undangan yang berlaku.",
    "Pengukuran kinerja dilakukan dengan membandingkan target dan realisasi setiap indikator yang telah "
    "ditetapkan dalam dokumen perencanaan.",
    "Sistem akuntabilitas kinerja instansi pemerintah merupakan instrumen untuk mewujudkan tata kelola "
    "pemerintahan yang baik, bersih, dan berwibawa.",
    "Koordinasi dengan perangkat daerah terkait terus ditingkatkan agar program pembangunan berjalan selaras.",
    "Partisipasi masyarakat dalam musyawarah perencanaan pembangunan tahun 2022 menunjukkan peningkatan "
    "dibandingkan tahun sebelumnya.",
    "Sumber daya aparatur yang tersedia terdiri atas pegawai negeri sipil dan tenaga pendukung dengan latar "
    "belakang pendidikan yang beragam.",
    "Dalam rangka meningkatkan kualitas layanan administrasi, telah diterapkan standar pelayanan dan maklumat "
    "pelayanan yang dipublikasikan secara terbuka.",
    "Hambatan yang dihadapi antara lain keterbatasan sarana dan prasarana serta belum optimalnya pemanfaatan "
    "teknologi informasi.",
    "Upaya pemecahan masalah dilakukan melalui peningkatan kapasitas aparatur, penataan arsip, dan "
    "pemanfaatan aplikasi pelayanan daring.",
    "Survei kepuasan masyarakat dilaksanakan setiap semester dengan responden yang dipilih secara acak dari "
    "penerima layanan.",
    "Rencana strategis periode 2021-2026 menjadi acuan penyusunan rencana kerja tahunan dan perjanjian kinerja.",
    "Pembinaan terhadap pemerintahan desa dilaksanakan melalui rapat koordinasi, monitoring, dan evaluasi "
    "secara berkala.",
    "Ketenteraman dan ketertiban umum terjaga dengan baik berkat kerja sama aparat, tokoh masyarakat, dan "
    "tokoh agama.",
    "Penyelenggaraan kegiatan pemberdayaan masyarakat diarahkan pada peningkatan kesejahteraan dan kemandirian "
    "warga.",
    "Evaluasi atas pelaksanaan rencana aksi dilakukan setiap triwulan untuk memastikan sasaran tercapai tepat "
    "waktu.",
    "Laporan ini diharapkan menjadi bahan evaluasi dan umpan balik bagi perbaikan kinerja pada tahun berikutnya.",
    "Cakupan layanan perizinan non-usaha yang diselesaikan tepat waktu mencapai 96% dari seluruh permohonan "
    "yang masuk.",
    "Jumlah rukun tetangga yang aktif melaksanakan kegiatan kebersihan lingkungan meningkat menjadi 214 pada "
    "akhir tahun.",
    "Peran serta lembaga kemasyarakatan desa dalam pembangunan semakin nyata dengan terbentuknya forum "
    "komunikasi antarlembaga.",
    "Pemanfaatan media sosial sebagai sarana penyampaian informasi publik terus dikembangkan sesuai ketentuan "
    "keterbukaan informasi.",
]


def _wrap_page(rng: random.Random, heading: str | None, max_lines: int) -> list[str]:
    lines: list[str] = []
    if heading:
        lines += [heading, ""]
    while len(lines) < max_lines:
        paragraph = " ".join(rng.choice(_SENTENCES) for _ in range(rng.randint(3, 6)))
        lines += [*textwrap.wrap(paragraph, WRAP), ""]
    return lines[:max_lines]


def narrative_pages(n: int, rng: random.Random) -> list[list[str]]:
    """``n`` pages of narrative text: chapter and section headings, then paragraphs."""
    per_page = (PAGE_H - 2 * MARGIN) // LEADING
    headings = [h for chapter, sections in _CHAPTERS for h in (chapter, *sections)]
    pages: list[list[str]] = []
    for i in range(n):
        heading = headings[i % len(headings)] if rng.random() < 0.6 else None
        pages.append(_wrap_page(rng, heading, per_page))
    return pages


def _escape(line: str) -> bytes:
    return (
        line.encode("cp1252", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    )


def text_pdf(pages: list[list[str]]) -> bytes:
    """A PDF with one page per list of lines (Helvetica, WinAnsi), written by hand: no dependency."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, filled in once the pages are numbered
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    kids: list[int] = []
    for lines in pages:
        body = b"BT /F1 %d Tf %d TL %d %d Td\n" % (FONT_SIZE, LEADING, MARGIN, PAGE_H - MARGIN)
        body += b"".join(b"(" + _escape(line) + b") Tj T*\n" for line in lines) + b"ET"
        objects.append(b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % (PAGE_W, PAGE_H, len(objects))
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _sources() -> list[Path]:
    return sorted(p for p in FIXTURES.glob("*.pdf") if not p.name.startswith("scan"))


def build_report(out: Path, pages: int, rng: random.Random) -> int:
    """Write a joined report (whole fixture PDFs until at least ``pages`` pages) to ``out``; return its page count."""
    sources = _sources()
    doc = pdfium.PdfDocument.new()
    try:
        while len(doc) < pages:
            src = pdfium.PdfDocument(str(rng.choice(sources)))
            doc.import_pages(src)
            src.close()
        doc.save(str(out))
        return len(doc)
    finally:
        doc.close()


def build_narrative_report(out: Path, source: Path, pages: int, rng: random.Random) -> int:
    """Write ``source`` (a fixture report) followed by narrative pages up to ``pages`` pages; return the count."""
    doc = pdfium.PdfDocument(str(source))
    try:
        missing = max(0, pages - len(doc))
        if missing:
            text = pdfium.PdfDocument(text_pdf(narrative_pages(missing, rng)))
            doc.import_pages(text)
            text.close()
        doc.save(str(out))
        return len(doc)
    finally:
        doc.close()


def build_corpus(
    folder: Path,
    n_reports: int,
    seed: int = 2022,
    min_pages: int = 20,
    max_pages: int = 60,
    kind: str = "narrative",
) -> int:
    """Make ``n_reports`` reports in ``folder``; return the total page count. ``<folder>.json``
    records how each was made: a folder made the same way (same fixtures, seed, sizes) is kept."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    sources = _sources()
    order: list[Path] = []
    plan: list[dict[str, object]] = []
    for i in range(n_reports):
        target = rng.randint(min_pages, max_pages)
        if not order:
            order = rng.sample(sources, len(sources))
        source = order.pop()
        plan.append({"file": f"laporan-{i:04d}.pdf", "kind": kind, "target": target, "seed": rng.random(),
                     "source": source.name if kind == "narrative" else None})  # fmt: skip
    manifest = folder.with_name(f"{folder.name}.json")  # beside the folder: the ingest reads every file in it
    try:
        made = json.loads(manifest.read_text())
    except (OSError, ValueError):
        made = None
    if made is not None and made["plan"] == plan and all((folder / str(r["file"])).is_file() for r in plan):
        return int(made["pages"])
    for old in folder.glob("laporan-*.pdf"):
        old.unlink()
    total = 0
    for r in plan:
        out, target, report_rng = folder / str(r["file"]), int(str(r["target"])), random.Random(r["seed"])
        if kind == "joined":
            total += build_report(out, target, report_rng)
        else:
            total += build_narrative_report(out, FIXTURES / str(r["source"]), target, report_rng)
    manifest.write_text(json.dumps({"plan": plan, "pages": total}, indent=1))
    return total


def build_scanned(folder: Path, n_reports: int) -> list[Path]:
    """Make ``n_reports`` distinct copies of the scanned fixtures in ``folder`` (kept when already there)."""
    folder.mkdir(parents=True, exist_ok=True)
    scans = sorted(SCANS.glob("*.pdf"))
    made: list[Path] = []
    for i in range(n_reports):
        src = scans[i % len(scans)]
        out = folder / f"pindai-{i:03d}-{src.name}"
        if not out.exists():
            data = src.read_bytes()
            at = data.rindex(b"startxref")
            out.write_bytes(data[:at] + b"%% lkjip benchmark copy %d\n" % i + data[at:])
        made.append(out)
    return made


def page_count(path: Path) -> int:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()
