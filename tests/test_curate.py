"""``kg actors``: listing and curation (merge, alias, link, set-type), written to the
user's gazetteer file and applied to the store at once, on every kind of store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from graph_fixtures import CHINA, USA, claim, event, extraction, tariff
from typer.testing import CliRunner

from kg import curate
from kg.cli import app
from kg.curate import actions as curate_actions
from kg.extract import gazetteer
from kg.model import Actor
from kg.query.validate import validate
from kg.store import SelectResult, Store, open_store
from kg.triples import actor_iri, article_write
from tests.servers import oxigraph_server, store_location, virtuoso_server  # noqa: F401

FULL = Actor("hatice-cengiz", "Hatice Cengiz", "Person")
SHORT = Actor("cengiz", "Cengiz", "Person")
ACME = Actor("acme-steel", "Acme Steel", "Organization")


def _extractions():
    return [
        extraction("c1", "2019-09-26", "Wire", [
            claim("accuse", FULL, USA, "inaction"),
            claim("demand", SHORT, USA, "justice"),
        ], [tariff(USA, ACME, None, 25, "2019-09-01")], [event("consult", None, SHORT, CHINA)]),
        extraction("c2", "2019-09-27", "Wire", [claim("criticize", SHORT, CHINA, "silence")]),
    ]  # fmt: skip


def _fill(location: str) -> None:
    store = open_store(location)
    try:
        for ex in _extractions():
            store.write_article(article_write(ex))
    finally:
        store.close()


def _count(store: Store, sparql: str, **bindings) -> int:
    result = store.query(sparql, bindings)
    assert isinstance(result, SelectResult)
    return int(result.rows[0][0])


FACTS = "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { GRAPH ?g { ?f kg:evidence ?e } }"
USES = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { { ?a ?p ?o } UNION { ?s ?p ?a } } }"


@pytest.mark.slow
def test_actors_merge_alias_link_set_type_end_to_end(
    store_location: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KG_GAZETTEER", raising=False)
    _fill(store_location)
    runner = CliRunner()
    where = ["--store", store_location]
    user_file = tmp_path / "mine.jsonl"
    gaz = ["--gazetteer", str(user_file)]

    listed = runner.invoke(app, ["actors", "--unlinked", "-f", "json", *where])
    assert listed.exit_code == 0, listed.output
    rows = {r["label"]: r for r in json.loads(listed.output)}
    assert "Government of China" not in rows  # linked
    assert rows["Cengiz"]["articles"] == 2 and rows["Cengiz"]["facts"] == 3

    store = open_store(store_location, read_only=True)
    facts_before = _count(store, FACTS)
    store.close()

    done = runner.invoke(app, ["actors", "merge", "Cengiz", "Hatice Cengiz", *gaz, *where])
    assert done.exit_code == 0, done.output
    assert "merged Cengiz into Hatice Cengiz" in done.output
    store = open_store(store_location, read_only=True)
    try:
        assert _count(store, FACTS) == facts_before  # nothing lost
        assert _count(store, USES, a=actor_iri("cengiz")) == 0  # the old actor is gone
        speaker = "SELECT (COUNT(?c) AS ?n) WHERE { GRAPH ?g { ?c kg:speaker ?a } }"
        assert _count(store, speaker, a=actor_iri("hatice-cengiz")) == 3
        assert curate_actions._labels(store, actor_iri("hatice-cengiz")) == [
            "Cengiz",
            "Hatice Cengiz",
        ]
        if store_location.startswith("/"):
            assert validate(store).conforms
    finally:
        store.close()
    # the next ingest finds Cengiz as Hatice Cengiz
    loaded = gazetteer.load([user_file])
    assert loaded.actor_for("Cengiz").key == "hatice-cengiz"

    done = runner.invoke(app, ["actors", "alias", "Acme Steel", "ACME", *gaz, *where])
    assert done.exit_code == 0, done.output
    done = runner.invoke(app, ["actors", "set-type", "ACME", "Company", *gaz, *where])
    assert done.exit_code == 0, done.output
    done = runner.invoke(app, ["actors", "link", "Acme Steel", "Q4653", *gaz, *where])
    assert done.exit_code == 0, done.output
    listed = runner.invoke(app, ["actors", "-f", "json", *where])
    [acme] = [r for r in json.loads(listed.output) if r["label"] == "Acme Steel"]
    assert (acme["wikidata"], acme["type"], acme["aliases"]) == ("Q4653", "Company", "ACME")
    assert acme["iri"] == str(actor_iri("Q4653")) and acme["facts"] == 1  # the tariff followed
    entries = {e["id"]: e for e in map(json.loads, user_file.read_text().splitlines())}
    assert entries["acme-steel"] == {
        "id": "acme-steel", "name": "Acme Steel", "type": "Company", "aliases": ["ACME"],
        "wikidata": "Q4653",
    }  # fmt: skip
    assert gazetteer.load([user_file]).actor_for("ACME").key == "Q4653"

    for args, message in [
        (["merge", "Hatice Cengiz", "Hatice Cengiz"], "cannot merge 'Hatice Cengiz' into itself"),
        (["merge", "Nobody", "Hatice Cengiz"], "no actor named 'Nobody' in the store"),
        (["link", "Hatice Cengiz", "Q12x"], "'Q12x' is not a Wikidata QID"),
        (["link", "Hatice Cengiz", "Q148"], "Q148 already belongs to another actor"),
        (["set-type", "Hatice Cengiz", "Bank"], "unknown actor type 'Bank'"),
        (["alias", "Hatice Cengiz", "China"], "'China' already names another actor"),
        (["merge", "China", "Acme Steel"], "linked to different Wikidata items"),
    ]:
        failed = runner.invoke(app, ["actors", *args, *gaz, *where])
        assert failed.exit_code == 1, (args, failed.output)
        lines = failed.output.strip().splitlines()
        assert len(lines) == 1 and message in lines[0], (args, failed.output)


@pytest.mark.slow
def test_merge_of_a_gazetteer_actor_redirects_its_names(tmp_path: Path) -> None:
    location = str(tmp_path / "store")
    _fill(location)
    user_file = tmp_path / "mine.jsonl"
    store = open_store(location)
    try:
        said = curate.merge(store, "United States government", "Government of China", user_file)
    except curate.CurationError as e:  # both carry QIDs: refused, and nothing written
        assert "different Wikidata items" in str(e)
        assert not user_file.exists()
    else:  # pragma: no cover
        pytest.fail(said)
    finally:
        store.close()


def test_user_gazetteer_path_defaults_beside_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KG_GAZETTEER", raising=False)
    assert curate.user_gazetteer_path(str(tmp_path / "store")) == tmp_path / "store.gazetteer.jsonl"
    monkeypatch.setenv("KG_GAZETTEER", str(tmp_path / "a.jsonl"))
    assert curate.user_gazetteer_path(str(tmp_path / "store")) == tmp_path / "a.jsonl"


def test_merged_into_entries_give_their_names_to_the_target(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text(
        '{"id": "x", "name": "Xavier Long", "type": "Person"}\n'
        '{"id": "xl", "name": "X. Long", "merged_into": "x"}\n',
        encoding="utf-8",
    )
    loaded = gazetteer.load([path])
    assert loaded.actor_for("X. Long").name == "Xavier Long"
    assert "X. Long" in loaded.actors["x"].aliases


def test_user_gazetteer_of_an_endpoint_store_is_in_the_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KG_GAZETTEER", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("KG_STORE", "http://127.0.0.1:1/sparql")
    assert curate.user_gazetteer_path(None) == tmp_path / "kg" / "gazetteer.jsonl"


@pytest.mark.slow
def test_ingest_reads_the_curated_gazetteer_beside_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KG_GAZETTEER", raising=False)
    text = tmp_path / "a.txt"
    text.write_text(
        "Zorblat Kessandra accused China of lying about the case. "
        "Kessandra said she wanted justice.\n",
        encoding="utf-8",
    )
    where = ["--store", str(tmp_path / "store")]
    runner = CliRunner()
    ingest = ["ingest", str(text), "--published", "2025-05-02", "-q", *where]
    assert runner.invoke(app, ingest).exit_code == 0
    before = {
        r["label"] for r in json.loads(runner.invoke(app, ["actors", "-f", "json", *where]).output)
    }
    name = next(n for n in before if "Kessandra" in n)
    for args in (
        ["alias", name, "Z. Kessandra"],
        ["set-type", name, "Person"],
        ["link", name, "Q99999991"],
    ):
        done = runner.invoke(app, ["actors", *args, *where])
        assert done.exit_code == 0, done.output
    assert (tmp_path / "store.gazetteer.jsonl").exists()
    assert runner.invoke(app, ingest).exit_code == 0  # the same article again
    rows = json.loads(runner.invoke(app, ["actors", "-f", "json", *where]).output)
    [row] = [r for r in rows if r["label"] == name]
    assert (row["wikidata"], row["type"]) == ("Q99999991", "Person")
    assert row["iri"] == str(actor_iri("Q99999991"))
