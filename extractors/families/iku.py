"""IKU-like tables (capaian, target, perjanjian kinerja, capaian per sasaran) to raw rows.

Sasaran is carried down: from a merged cell (the grid copies it), from the
row above when the cell is left blank, or from a group row printed across
the table. Summary rows (``Rata-rata Capaian Kinerja``, ``Jumlah``) are kept
and marked, never mistaken for indicators.
"""

from __future__ import annotations

import re

from lkjip.extractors.locate.tables import LocatedTable
from lkjip.extractors.model.raw import RawRow, cell_text, group_text, is_group_row, row_label

_SUMMARY = re.compile(r"^\s*(nilai\s+)?(rata[\s-]*rata|jumlah|total)\b", re.IGNORECASE)
# what a summary row's label names after "Rata-rata" / "Jumlah": the table's capaian, not an indicator's thing
_SUMMARY_OF_TABLE = re.compile(
    r"^\W*$|^\W*(nilai\s+|persentase\s+)?(capai\w*|kinerja|keseluruhan|total|sasaran|iku|indikator)\b|^\W*nilai\s*$",
    re.IGNORECASE,
)
# "Sasaran Strategis 1.", "Sasaran :", "Sasaran Kegiatan :", "Sasaran Sub-Kegiatan :", "Sasaran Program 2 :"
_GROUP_PREFIX = re.compile(
    r"^\s*sasaran(\s+(strategis|program|kegiatan|sub[\s-]*kegiatan))?(\s+\d+)?\s*[:.]?\s*", re.IGNORECASE
)
VALUE_ROLES = ("target", "realisasi", "capaian")


def extract_iku(lt: LocatedTable) -> list[RawRow]:
    """Given a located iku-like table, return its data and summary rows as printed."""
    ch = lt.chosen
    value_cols = {j for r in VALUE_ROLES for j in ch.get(r, [])}
    label_role = "indikator" if "indikator" in ch else "sasaran"
    rows: list[RawRow] = []
    group_sasaran: str | None = None
    last_sasaran: str | None = None
    last = max((k for k, row in enumerate(lt.body) if any(c.text.strip() for c in row)), default=-1)
    for k, (row, page) in enumerate(zip(lt.body, lt.body_pages, strict=True)):
        if is_group_row(row, value_cols):
            text = group_text(row)
            if not _SUMMARY.match(text):
                group_sasaran = _GROUP_PREFIX.sub("", text).strip() or text
                last_sasaran = group_sasaran
                continue
        label = cell_text(row, ch.get(label_role))
        summary_label = row_label(row, value_cols)
        # an indicator may be named "Jumlah BUMDes aktif" or "Rata-rata waktu tunggu": a row with its own
        # unit or row number is an indicator, a summary row has neither
        of_table = bool(_SUMMARY_OF_TABLE.search(_SUMMARY.sub("", summary_label or "", count=1)))
        own_unit_or_no = (
            cell_text(row, ch.get("satuan")) or cell_text(row, ch.get("no"), origin_only=True)
        ) and not of_table
        # without a unit or number column to tell, "Jumlah pelayanan administrasi" in mid-table is an
        # indicator: a summary names the table's capaian or closes the table
        if (
            summary_label
            and _SUMMARY.match(summary_label)
            and (label is None or _SUMMARY.match(label))
            and not own_unit_or_no
            and (of_table or k == last)
        ):
            kind = "jumlah" if re.match(r"^\s*(jumlah|total)", summary_label, re.IGNORECASE) else "rata_rata"
            rows.append(
                RawRow(
                    fields={
                        "no": None,
                        "sasaran": None,
                        "indikator": summary_label,
                        "satuan": None,
                        **{r: cell_text(row, ch.get(r), origin_only=True) for r in VALUE_ROLES},
                    },
                    page=page,
                    jenis_baris=kind,
                )
            )
            continue
        if label is None:
            continue
        sasaran = cell_text(row, ch.get("sasaran"))
        if sasaran and last_sasaran and _continues(last_sasaran, sasaran):
            # a sasaran printed across two rows without a rule (a merged cell read line by line) goes on
            joined = f"{last_sasaran} {sasaran}"
            for earlier in rows:
                if earlier.jenis_baris == "data" and earlier.fields.get("sasaran") == last_sasaran:
                    earlier.fields["sasaran"] = joined
            sasaran = joined
        if sasaran is None:
            sasaran = last_sasaran if "sasaran" in ch else group_sasaran
        last_sasaran = sasaran
        fields: dict[str, str | None] = {
            "no": cell_text(row, ch.get("no"), origin_only=True),
            "sasaran": sasaran,
            "indikator": label,
            "satuan": cell_text(row, ch.get("satuan")),
            **{r: cell_text(row, ch.get(r), origin_only=True) for r in VALUE_ROLES},
        }
        if (
            not any(fields[r] for r in VALUE_ROLES)
            and not fields["no"]
            and label[:1].islower()
            and rows
            and rows[-1].jenis_baris == "data"
        ):
            # a label wrapped onto a row of its own belongs to the indicator above
            prev = rows[-1].fields
            prev["indikator"] = f"{prev['indikator']} {label}".strip()
            continue
        rows.append(RawRow(fields=fields, page=page))
    return rows


def _continues(before: str, text: str) -> bool:
    """Whether a sasaran cell's text goes on from the one above: it starts in lower case and the one above
    does not end a sentence ("Meningkatnya kualitas penyelenggaraan" / "pemerintahan desa")."""
    first = text.lstrip()[:1]
    return first.isalpha() and first.islower() and not before.rstrip().endswith((".", ";", ":"))
