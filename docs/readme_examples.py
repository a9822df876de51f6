"""Run the README's console examples and compare (or rewrite) the output they show.

A ``console`` block in README.md right after the line ``<!-- example: run -->`` is
checked: each ``$ COMMAND`` line in it runs in a shell (``kg`` is this checkout's),
and the lines that follow it, up to the next ``$``, must be what it printed (stdout,
then stderr; trailing spaces ignored). Every block starts from a fresh store holding
the sample articles (``data/articles``), or from no store after
``<!-- example: run, no store -->``, at 80 columns, in a scratch directory that also
holds ``notes.pdf`` and ``broken.json`` (two bad inputs) and ``data``. The scratch
store's path is shown as the default store's, ``/home/you/.local/share/kg/store``.

    python docs/readme_examples.py            # check: exit 1 and a diff when they differ
    python docs/readme_examples.py --update   # rewrite README.md from the real output

``tests/test_readme.py`` runs the check.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
MARKER = re.compile(r"^<!-- example: run(, no store)? -->$")
SHOWN_STORE = "/home/you/.local/share/kg/store"
WIDTH = "80"
BAD_INPUTS = {"notes.pdf": b"%PDF-1.4", "broken.json": b'{"id": "x", "text": '}


def blocks(lines: list[str]) -> list[tuple[int, int, bool]]:
    """(first, last) line indexes of the body of every checked console block, and
    whether it starts with the sample store."""
    found = []
    for i, line in enumerate(lines):
        marker = MARKER.match(line.strip())
        if marker and i + 1 < len(lines) and lines[i + 1].startswith("```console"):
            end = next(j for j in range(i + 2, len(lines)) if lines[j].startswith("```"))
            found.append((i + 2, end, not marker.group(1)))
    return found


class Runner:
    """A pristine sample store, copied for each block, and a shell to run commands in."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.pristine = scratch / "pristine"
        bin_dir = scratch / "bin"
        bin_dir.mkdir()
        shim = bin_dir / "kg"
        shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m kg "$@"\n', encoding="utf-8")
        shim.chmod(0o755)
        self.env = {
            **os.environ,
            "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
            "PYTHONPATH": str(ROOT),
            "COLUMNS": WIDTH,
            "NO_COLOR": "1",
            "KG_GAZETTEER": "",
        }
        for name in ("KG_DEBUG", "KG_NX_BACKEND", "KG_SPACY_MODEL"):
            self.env.pop(name, None)
        self.env["KG_STORE"] = str(self.pristine)
        done = subprocess.run(
            [sys.executable, "-m", "kg", "ingest", "-q", str(ROOT / "data" / "articles")],
            env=self.env,
            capture_output=True,
            text=True,
        )
        if not self.pristine.is_dir():
            raise SystemExit(f"cannot ingest the sample articles: {done.stderr.strip()}")

    def fresh(self, samples: bool) -> Path:
        """A scratch directory with the bad inputs, data/ and a copy of the sample store
        (with ``samples``)."""
        work = Path(tempfile.mkdtemp(dir=self.scratch))
        if samples:
            shutil.copytree(self.pristine, work / "store")
        for name, data in BAD_INPUTS.items():
            (work / name).write_bytes(data)
        (work / "data").symlink_to(ROOT / "data")
        return work

    def run(self, command: str, work: Path) -> list[str]:
        store = work / "store"
        env = {**self.env, "KG_STORE": str(store)}
        done = subprocess.run(
            ["bash", "-c", command], cwd=work, env=env, capture_output=True, text=True
        )
        text = done.stdout + done.stderr
        lines = []
        for line in text.splitlines():
            if str(store) in line:  # centred on the scratch path's length: not shown centred
                line = line.replace(str(store), SHOWN_STORE).strip()
            lines.append(line.replace(str(work), ".").rstrip())
        return lines


def regenerate(lines: list[str], runner: Runner) -> list[str]:
    """README lines with the output of every checked block's commands replaced."""
    out = list(lines)
    for first, end, samples in reversed(blocks(lines)):
        work = runner.fresh(samples)
        body: list[str] = []
        for line in lines[first:end]:
            if line.startswith("$ "):
                body.append(line)
                body += runner.run(_command(line[2:]), work)
        out[first:end] = body
    return out


def _command(shown: str) -> str:
    """The command as run: what the README shows (a trailing ``# comment`` is shell's)."""
    return re.sub(r"\s+$", "", shown)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="rewrite README.md")
    args = parser.parse_args(argv)
    lines = README.read_text(encoding="utf-8").splitlines()
    if not blocks(lines):
        print(f"no block marked <!-- example: run --> in {README}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        new = regenerate(lines, Runner(Path(scratch)))
    if args.update:
        README.write_text("\n".join(new) + "\n", encoding="utf-8")
        print(f"rewrote the examples in {README}")
        return 0
    diff = list(difflib.unified_diff(lines, new, "README.md", "real output", lineterm=""))
    if diff:
        print("\n".join(diff))
        print("\nthe README's examples differ; run: python docs/readme_examples.py --update")
        return 1
    print(f"{len(blocks(lines))} README example blocks match their commands")
    return 0


if __name__ == "__main__":
    sys.exit(main())
