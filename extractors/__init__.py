"""The extractors: a report file to its located tables and raw rows, in steps that each import only the
steps below them (the ``layers`` contract of ``[tool.importlinter]`` in ``pyproject.toml``).

- ``model``: the shared data types: the ``Document`` and its blocks (``document``), the raw rows the
  families return (``raw``), the read error codes (``errors``).
- ``read``: a page source as a reader sees it: a PDF's page texts and vector paths (``pdf``), pdfium's
  page with its characters and rules (``fast_page``, ``rules``, ``rotation``), the pre-read object check
  (``pdf_objects``), the text layer's quality (``textlayer``), which pages may hold a table (``triage``),
  the file's format (``formats``), a DOCX with its tables (``docx_reader``), the time budget of a page
  (``budget``), and ``read.ocr``: scanned pages rendered, levelled, their rules found and their words read
  by Tesseract, cells read again once placed.
- ``structure``: grids from what the readers give: a PDF page's ruled, banded, aligned and borderless
  tables (``pdf_page``, ``fragments``, ``row_split``, ``aligned_grid``, ``borderless``), a scanned page's
  (``scan_page``, ``scan_grid``), header rows (``headers``) and tables continued over a page joined
  (``stitch``).
- ``locate``: the tables of interest, their kind and their columns' roles (``tables``, ``roles``).
- ``families``: the rows of each family (``iku``, ``anggaran`` with ``code_sequence``, ``idm``;
  ``registry``).
- ``document_pipeline``: the page loop that drives read and structure into a ``Document``.
- ``report``: the report-level facts (``metadata``: instansi, region, year; ``report_year``).
"""
