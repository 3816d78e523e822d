"""``lkjip review FILE --out DIR``: extract one report and write its review page."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from lkjip.pipeline.report import process_file
from lkjip.pipeline.settings import Settings


def register(app: typer.Typer) -> None:
    """Add the ``review`` command to ``app``."""

    @app.command(options_metavar="[OPSI]")
    def review(
        file: Annotated[
            Path, typer.Argument(metavar="BERKAS", help="Satu laporan: PDF atau DOCX.", exists=True, dir_okay=False)
        ],
        out: Annotated[
            Path,
            typer.Option("--out", "-o", metavar="FOLDER", help="Folder untuk halamannya (dibuat bila belum ada)."),
        ],
        max_pages: Annotated[
            int, typer.Option(min=1, metavar="N", help="Tolak PDF yang halamannya lebih dari ini.")
        ] = 1500,
    ) -> None:
        """Tulis halaman tinjauan satu laporan ke FOLDER: metadata, peringatan, potongan halaman, tabel.

        Halamannya memuat setiap peringatan dengan kedua angkanya dan potongan halaman PDF tempat angka itu tercetak, serta setiap tabel hasil ekstraksi.

        Kode keluar 0 bila halamannya ditulis (juga untuk berkas yang tak terbaca: halamannya menyebut sebabnya).
        """
        from lkjip.outputs.review import write_review

        report = process_file(file, Settings(max_pages=max_pages))
        path = write_review(report, file, out)
        sys.stdout.write(f"{path}\n")
