"""``open_store(read_only=True)`` only reads: it takes no write lock, writes nothing (not
even the ontology), and works while another process holds the store for writing."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import StoreError
from kg.store import open_store
from kg.terms import ONTOLOGY_GRAPH
from tests.conftest import ROOT

HOLDER = """
import sys, time
from kg.store import open_store
store = open_store(sys.argv[1])  # for writing: takes the lock
print("holding", flush=True)
sys.stdin.readline()
store.close()
"""


def bare_store(path: Path) -> None:
    """A store directory with one quad and no ontology graph (as an older kg left it)."""
    store = ox.Store(str(path))
    store.add(
        ox.Quad(
            ox.NamedNode("urn:x:s"),
            ox.NamedNode("urn:x:p"),
            ox.Literal("o"),
            ox.NamedNode("urn:x:g"),
        )
    )
    store.flush()
    del store


def files(path: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in path.iterdir() if p.is_file()
    }


def test_read_only_open_leaves_the_store_untouched(tmp_path: Path) -> None:
    path = tmp_path / "store"
    bare_store(path)
    before = files(path)
    with open_store(path, read_only=True) as store:
        assert store.select("SELECT ?o { GRAPH ?g { ?s ?p ?o } }").rows[0][0].toPython() == "o"
        assert store.query("ASK { GRAPH ?g { ?o ?p ?v } }", {"g": ONTOLOGY_GRAPH}) is False
        with pytest.raises(StoreError, match="read-only"):
            store.remove_article(ONTOLOGY_GRAPH)
    assert files(path) == before


@pytest.mark.slow
def test_read_only_open_works_while_another_process_writes(tmp_path: Path) -> None:
    path = tmp_path / "store"
    open_store(path).close()  # a kg store, with its ontology
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with pytest.raises(StoreError, match="locked"):
            open_store(path).close()  # the lock is real
        with open_store(path, read_only=True) as store:
            assert store.query("ASK { GRAPH ?g { ?o ?p ?v } }", {"g": ONTOLOGY_GRAPH}) is True
    finally:
        holder.communicate("\n", timeout=60)
    assert holder.returncode == 0


def test_read_only_needs_an_existing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no kg store"):
        open_store(tmp_path / "nothing", read_only=True)
    assert not (tmp_path / "nothing").exists()
