"""``kg index``: check or rebuild the page index (:mod:`kg.store.page_index`)."""

from __future__ import annotations

from typing import Annotated

import typer

from kg.cli.app import StoreOption, app, console, fail, reports_errors
from kg.errors import StoreError
from kg.store import embedded, open_store, page_index


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
    with open_store(store, read_only=not rebuild, create=False) as target:
        local = embedded(target)
        if local is None:
            raise StoreError(f"{target.location}: only an embedded store keeps a page index")
        if rebuild:
            size = page_index.rebuild(local)
            console.print(f"page index rebuilt: {size} triples", highlight=False)
            return
        problems = page_index.check(local)
    if problems:
        raise fail(f"page index of {target.location}: {'; '.join(problems)} (kg index --rebuild)")
    console.print("page index in step with the articles", highlight=False)
