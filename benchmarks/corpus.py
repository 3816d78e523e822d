"""Build the benchmark corpus: digital reports of 20-60 pages made from the fixture PDFs.

Each report concatenates fixture PDFs (whole, in a seeded random order) until
it reaches its page target, so every file has distinct bytes (no cache hits)
and the mix of narrative and table pages of the fixtures. The fixtures are
table-dense compared with real LKjIPs (their narrative is short), so the
speed measured on this corpus is a pessimistic figure.
"""

from __future__ import annotations

import random
from pathlib import Path

import pypdfium2 as pdfium

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "reports"


def _sources() -> list[Path]:
    return sorted(p for p in FIXTURES.glob("*.pdf") if not p.name.startswith("scan"))


def build_report(out: Path, pages: int, rng: random.Random) -> int:
    """Write one PDF of at least ``pages`` pages to ``out``; return its page count."""
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


def build_corpus(folder: Path, n_reports: int, seed: int = 2022, min_pages: int = 20, max_pages: int = 60) -> int:
    """Make ``n_reports`` reports in ``folder`` (kept when already there); return the total page count."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    total = 0
    for i in range(n_reports):
        target = rng.randint(min_pages, max_pages)
        out = folder / f"laporan-{i:04d}.pdf"
        if out.exists():
            pdf = pdfium.PdfDocument(str(out))
            total += len(pdf)
            pdf.close()
            rng.random()  # keep the sequence the same whether or not the file existed
            continue
        total += build_report(out, target, rng)
    return total
