"""Further ``lkjip`` subcommands, one module each.

Every module here defines ``register(app: typer.Typer) -> None``; ``pipeline.cli``
calls it for each module, so adding a command never means editing the CLI core.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer


def register_all(app: typer.Typer) -> None:
    for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not mod.name.startswith("_"):
            importlib.import_module(f"{__name__}.{mod.name}").register(app)
