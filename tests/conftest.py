"""Shared fixtures. The spaCy pipeline loads once per session (it takes seconds)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.extract import Extractor
from kg.ingest import ingest
from kg.store import OxigraphStore
from tests.servers import (  # noqa: F401  (fixtures: --store on each kind of store)
    oxigraph_server,
    store_location,
    virtuoso_server,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "articles"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def sample_store(extractor: Extractor) -> Iterator[OxigraphStore]:
    """An in-memory store holding the sample articles; tests must not write to it."""
    store = OxigraphStore(None)
    report = ingest([SAMPLES], store, extractor=extractor)
    assert report.ok, report.failures
    yield store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[OxigraphStore]:
    """A fresh, empty, on-disk store."""
    s = OxigraphStore(tmp_path / "store")
    yield s
    s.close()


@pytest.fixture(scope="module")
def empty_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store that exists and holds no article (made without the language pipeline)."""
    path = tmp_path_factory.mktemp("empty") / "store"
    OxigraphStore(path).close()
    return str(path)


def run_kg(
    *args: str,
    input: bytes | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the real ``kg`` command line in a subprocess."""
    inherited = {k: v for k, v in os.environ.items() if k != "KG_CLUSTER"}  # a test asks for it
    full_env = {**inherited, "KG_GAZETTEER": "", **(env or {})}
    full_env.pop("KG_STORE", None)
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        input=input.decode() if input is not None else None,
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        env=full_env,
        timeout=300,
    )
