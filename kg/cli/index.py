"""``kg index``: check or rebuild the page index (:mod:`kg.page_index`)."""

from __future__ import annotations

from typing import Annotated

import typer

from kg import page_index
from kg.cli.app import StoreOption, app, console, fail, reports_errors
from kg.errors import StoreError
from kg.store import OxigraphStore, open_store


@app.command("index")
@reports_errors
def index(
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Make the index again from the articles.")
    ] = False,
    store: StoreOption = None,
) -> None:
    """Check that the page index (first pages of the canned lists) is in step with the
    articles; --rebuild makes it again (a store made before it, after curation)."""
    target = open_store(store, read_only=not rebuild, create=False)
    try:
        if not isinstance(target, OxigraphStore):
            raise StoreError(f"{target.location}: only an embedded store keeps a page index")
        if rebuild:
            size = page_index.rebuild(target)
            console.print(f"page index rebuilt: {size} triples", highlight=False)
            return
        problems = page_index.check(target)
    finally:
        target.close()
    if problems:
        raise fail(f"page index of {target.location}: {'; '.join(problems)} (kg index --rebuild)")
    console.print("page index in step with the articles", highlight=False)
