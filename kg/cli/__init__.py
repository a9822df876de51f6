"""The command line: a thin layer over the library; each command is one library call.

Command modules register themselves on :data:`kg.cli.app.app` when imported.
"""

from __future__ import annotations

import importlib
import pkgutil

from kg.cli.app import app, main

# Every module of this package but app and options defines commands; import them all.
# The import order is the order of the command groups in `kg --help`: analyze first.
_SHARED = ("app", "options")
for _name in sorted(
    (m.name for m in pkgutil.iter_modules(__path__) if m.name not in _SHARED),
    key=lambda name: (name != "analyze", name),
):
    importlib.import_module(f"{__name__}.{_name}")

__all__ = ["app", "main"]
