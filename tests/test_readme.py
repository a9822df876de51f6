"""The README's console examples are what the commands print (docs/readme_examples.py).

When extraction or output changes on purpose, rewrite them with
``python docs/readme_examples.py --update`` and read the diff.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


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
