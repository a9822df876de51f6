"""kg: news → a knowledge graph of actors, policies and claims, with evidence for every edge."""

from __future__ import annotations

__version__ = "0.1.0"
