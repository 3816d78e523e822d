"""What a check is, and how all checks run over one report.

A check is a small function over one report's records (and its narrative
text) that declares the warning codes it may emit and yields warnings. It
never raises on bad data: a check that crashes becomes an error record of
stage "check", never a lost report.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lkjip.records import Report, Warning


@dataclass(frozen=True, slots=True)
class CheckContext:
    report: Report
    text: str  # the document's narrative text (paragraphs outside tables), for NARASI_ANGKA and INSTANSI_LAIN


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    codes: tuple[str, ...]
    run: Callable[[CheckContext], Iterable[Warning]]


REGISTRY: list[Check] = []


def register(name: str, codes: tuple[str, ...]) -> Callable[[Callable[[CheckContext], Iterable[Warning]]], Check]:
    """Decorator: add a check function to the registry under ``name``, declaring its codes."""

    def wrap(fn: Callable[[CheckContext], Iterable[Warning]]) -> Check:
        check = Check(name=name, codes=codes, run=fn)
        REGISTRY.append(check)
        return check

    return wrap
