"""Bad input through the real command line: one line naming the input and the reason,
the batch goes on, the exit code says it failed, and nothing stored is lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_kg

pytestmark = pytest.mark.slow  # the real kg in subprocesses

GOOD = "Canada condemned Beijing over the detentions on Tuesday. Beijing denied the charge."


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, object]:
    """One store with a good article, then one batch full of bad inputs and one good one."""
    root = tmp_path_factory.mktemp("batch")
    store = root / "store"
    (root / "first.txt").write_text(GOOD, encoding="utf-8")
    first = run_kg("ingest", str(root / "first.txt"), "--store", str(store), "-q")
    assert first.returncode == 0, first.stderr
    bad = root / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("   \n", encoding="utf-8")
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (bad / "latin1.txt").write_bytes("Caf\xe9 society".encode("latin-1"))
    (bad / "broken.json").write_text('{"id": "x", "text": ', encoding="utf-8")
    (bad / "notext.json").write_text(json.dumps({"id": "y"}), encoding="utf-8")
    (bad / "page.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    (bad / "feed.xml").write_text("<rss><channel><item><title>x", encoding="utf-8")
    (bad / "lines.jsonl").write_text(
        json.dumps({"id": "ok-line", "text": "Ottawa rejected the demands of Washington."})
        + "\nnot json\n",
        encoding="utf-8",
    )
    (root / "notes.pdf").write_bytes(b"%PDF-1.4")
    result = run_kg(
        "ingest", str(bad), str(root / "notes.pdf"), str(root / "missing.txt"),
        "--store", str(store), "-q",
    )  # fmt: skip
    return root, store, result


def failure_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("kg: failed: ")]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("bad/empty.txt", "empty file"),
        ("bad/binary.txt", "binary file"),
        ("bad/latin1.txt", "UTF-8"),
        ("bad/broken.json", "malformed JSON"),
        ("bad/notext.json", "missing 'text'"),
        ("bad/page.html", "no article text found in HTML"),
        ("bad/feed.xml#1", "feed entry has no text"),
        ("bad/lines.jsonl:2", "malformed JSON"),
        ("notes.pdf", "unsupported file type '.pdf'"),
        ("missing.txt", "no such file or directory"),
    ],
)
def test_each_bad_input_gets_one_line(batch, name: str, reason: str) -> None:
    root, _, result = batch
    lines = [line for line in failure_lines(result) if f"{root / name}:" in line]
    assert len(lines) == 1, result.stderr
    assert reason in lines[0]


def test_batch_goes_on_and_exits_non_zero(batch) -> None:
    _, store, result = batch
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "kg: 10 input(s) failed" in result.stderr
    ids = run_kg("query", "articles", "--store", str(store), "-f", "json")
    assert sorted(a["id"] for a in json.loads(ids.stdout)) == ["first", "ok-line"]


def test_sparql_syntax_error(empty_store: str) -> None:
    result = run_kg("query", "SELECT ?x WHERE { ?x", "--store", empty_store)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "kg: error: SPARQL syntax error at line 1, column 21: at the end of the query "
        '(expected one of "!", "$", "(", ":", "<", "?", "^", "a")'
    )


def test_unreadable_store(tmp_path: Path) -> None:
    not_a_store = tmp_path / "file"
    not_a_store.write_text("x")
    result = run_kg("stats", "--store", str(not_a_store))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"kg: error: {not_a_store}: cannot open store: it is a file, not a store directory"
    )


def test_unknown_canned_parameter_and_query(empty_store: str) -> None:
    store = empty_store
    bad_param = run_kg("query", "accusations", "-p", "who=China", "--store", store)
    assert bad_param.returncode == 1
    assert "has no parameter 'who'" in bad_param.stderr
    missing_file = run_kg("query", "nothere.rq", "--store", store)
    assert missing_file.returncode == 1
    assert "nothere.rq: cannot read query file" in missing_file.stderr


def test_unknown_actor_parameter(empty_store: str) -> None:
    result = run_kg("query", "accusations", "-p", "actor=Atlantis", "--store", empty_store)
    assert result.returncode == 1
    assert result.stderr.strip() == "kg: error: no actor named 'Atlantis' in the store"


def test_version() -> None:
    result = run_kg("--version")
    assert result.returncode == 0 and result.stdout.startswith("kg 0.1.0 (ontology 0.1.0)")
