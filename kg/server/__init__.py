"""``kg serve``: a read-only SPARQL Protocol endpoint over the store, with query timeouts."""

from __future__ import annotations

__all__: list[str] = []
