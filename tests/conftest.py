"""Shared fixtures. The spaCy pipeline loads once per session (it takes seconds)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kg.ingest import ingest
from kg.store import OxigraphStore
from tests.servers import (  # noqa: F401  (fixtures: --store on each kind of store)
    oxigraph_server,
    store_location,
    virtuoso_server,
)

if TYPE_CHECKING:
    from kg.extract import Extractor

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "articles"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


# Tiers: `pytest -m "not slow"` is the fast tier (seconds); plain `pytest` runs everything.
# A test is slow when it loads spaCy or ingests (these fixtures), talks to a SPARQL server,
# or carries @pytest.mark.slow (measured: a second or more with --durations).
SLOW_FIXTURES = frozenset({"extractor", "sample_store", "oxigraph_server", "virtuoso_server"})
# Servers: Oxigraph server and Virtuoso (tests/servers.py, test_endpoint), kg serve (test_serve).
SERVER_FIXTURES = frozenset(
    {"oxigraph_server", "virtuoso_server", "server", "remote", "served", "writable"}
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        callspec = getattr(item, "callspec", None)
        kind = callspec.params.get("store_location") if callspec else None
        on_server = bool(fixtures & SERVER_FIXTURES) or kind not in (None, "embedded")
        if on_server:
            item.add_marker(pytest.mark.endpoint)
        if on_server or fixtures & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    from kg.extract import Extractor  # spaCy loads here, for the tests that extract

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
