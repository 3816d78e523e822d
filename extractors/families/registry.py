"""One entry per table family: the function that turns a located table into raw rows."""

from __future__ import annotations

from collections.abc import Callable

from lkjip.extractors.families.anggaran import extract_anggaran
from lkjip.extractors.families.idm import extract_idm
from lkjip.extractors.families.iku import extract_iku
from lkjip.extractors.locate.tables import LocatedTable
from lkjip.extractors.model.raw import RawRow

FamilyExtractor = Callable[[LocatedTable, int | None], list[RawRow]]

FAMILIES: dict[str, FamilyExtractor] = {
    "iku": lambda lt, tahun: extract_iku(lt),
    "anggaran": lambda lt, tahun: extract_anggaran(lt),
    "idm": extract_idm,
}
