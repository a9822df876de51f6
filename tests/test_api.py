"""``import kg`` is the library's front door: cheap to import, every name resolves."""

from __future__ import annotations

import subprocess
import sys

import pytest

import kg
from tests.conftest import ROOT


def test_import_kg_loads_neither_spacy_nor_the_store() -> None:
    probe = (
        "import sys, kg; "
        "print(sorted(m for m in sys.modules if m == 'spacy' or m.startswith(('kg.', 'rdflib'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.slow
def test_every_public_name_resolves() -> None:
    for name in kg.__all__:
        assert getattr(kg, name) is not None, name
    assert set(kg.__all__) <= set(dir(kg))
    assert kg.run_query is kg.query.run
    assert kg.analysis.pagerank.__module__ == "kg.analysis.centrality"


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        kg.no_such_thing  # noqa: B018
    except AttributeError as e:
        assert "no_such_thing" in str(e)
    else:
        raise AssertionError("kg.no_such_thing resolved")


def test_re_exports_do_not_hide_the_family_modules() -> None:
    import types

    for family in ("backends", "balance", "centrality", "paths", "reciprocity", "timeline"):
        assert isinstance(getattr(kg.analysis, family), types.ModuleType), family
    assert isinstance(kg.views.network, types.ModuleType)
