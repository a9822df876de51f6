"""The command line: a thin layer over the library; each command is one library call.

Command modules register themselves on :data:`kg.cli.app.app` when imported.
"""

from __future__ import annotations

import importlib
import pkgutil

from kg.cli.app import app, main

# Every module of this package but app defines commands; import them all.
for _module in pkgutil.iter_modules(__path__):
    if _module.name != "app":
        importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["app", "main"]
