"""The README's console examples are what the commands print (docs/readme_examples.py).

When extraction or output changes on purpose, rewrite them with
``python docs/readme_examples.py --update`` and read the diff.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # runs the README's examples


def test_readme_examples_match_their_commands() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "readme_examples.py")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert "README example blocks match" in done.stdout


def test_every_checked_block_has_commands() -> None:
    sys.path.insert(0, str(ROOT / "docs"))
    try:
        import readme_examples
    finally:
        sys.path.remove(str(ROOT / "docs"))
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    found = readme_examples.blocks(lines)
    assert len(found) >= 6
    for first, _end, _ in found:
        assert lines[first].startswith("$ kg "), lines[first]


def library_example() -> str:
    """The Python block after ``<!-- example: python -->`` in README.md."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- example: python -->\n```python\n(.*?)```", text, re.S)
    assert found, "README.md lost its 'kg as a library' example"
    return found.group(1)


@pytest.mark.slow
def test_library_example_runs() -> None:
    """The README's 'kg as a library' example runs as written, from the checkout."""
    env = {**os.environ, "KG_GAZETTEER": ""}
    env.pop("KG_STORE", None)
    done = subprocess.run(
        [sys.executable, "-c", library_example()],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[0] == "10 articles, 0 failures"
    assert re.fullmatch(r"\d+ accusations by or against China", lines[1])
    assert re.fullmatch(r"\[('[^']+'(, )?){3}\]", lines[3])
    assert lines[4] == "graph.html"
