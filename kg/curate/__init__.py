"""Curating actors: merge two, add an alias, link to Wikidata, set the type. Each change
goes to the store and to the user's gazetteer file (:mod:`kg.curate.entries`), so that
the next ingest keeps it."""

from __future__ import annotations

from kg.curate.actions import (
    actor_rows,
    add_alias,
    link,
    merge,
    set_type,
    user_gazetteer_path,
)
from kg.curate.entries import CurationError

__all__ = [
    "CurationError",
    "actor_rows",
    "add_alias",
    "link",
    "merge",
    "set_type",
    "user_gazetteer_path",
]
