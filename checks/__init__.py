"""Consistency checks: where a report contradicts itself. See ``checks.base``."""

from __future__ import annotations

import importlib
import pkgutil

from lkjip.checks.base import REGISTRY, Check, CheckContext, register

__all__ = ["REGISTRY", "Check", "CheckContext", "load_all", "register"]


def load_all() -> list[Check]:
    """Import every check module of this package (each registers itself) and return the registry."""
    for mod in pkgutil.iter_modules(__path__):
        if not mod.name.startswith("_") and mod.name != "base":
            importlib.import_module(f"{__name__}.{mod.name}")
    return REGISTRY
