"""The embedded store's write lock, explained: who holds it and what to do about it.

Oxigraph lets one process open a store directory for writing. ``kg serve`` leaves a
note beside the data (:data:`SERVE_FILE`) naming its pid and URL, so that another
command refused the lock can say where the store is served instead.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

__all__ = ["LOCKED", "SERVE_FILE", "lock_reason", "serving_hint"]

SERVE_FILE = "kg-serve.json"
LOCKED = "it is locked by another process (a running 'kg serve' or 'kg ingest')"


def serving_hint(store_path: Path) -> str | None:
    """What to do about a store locked by a running ``kg serve``, or None if it is not that."""
    try:
        info = json.loads((store_path / SERVE_FILE).read_text(encoding="utf-8"))
        os.kill(int(info["pid"]), 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    url, pid = info["url"], info["pid"]
    if info.get("allow_update"):
        return (
            f"it is locked by another process: 'kg serve' (pid {pid}) serves it at {url}; "
            f"use --store {url}, or stop the server"
        )
    return (
        f"it is locked by another process: 'kg serve' (pid {pid}) serves it read-only at {url}; "
        f"stop it, or restart it with --allow-update and use --store {url}"
    )


def lock_reason(store_path: Path) -> str:
    """Why a store directory cannot be opened for writing: the lock, and its holder."""
    return serving_hint(store_path) or LOCKED
