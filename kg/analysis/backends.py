"""networkx backends for the analyses, through networkx's own dispatch.

The analyses call plain networkx functions (``betweenness_centrality``, ``pagerank``,
``louvain_communities``, ...). networkx hands a call to a backend that implements it
when that backend comes first in ``nx.config.backend_priority``; the rest stay with
networkx. Two backends matter here, neither of them a dependency of kg:

* ``parallel`` (``pip install nx-parallel``, CPU): betweenness in several processes.
  nx-parallel 0.3 imports with networkx < 3.5 only.
* ``cugraph`` (``pip install nx-cugraph-cu12``, NVIDIA GPU): betweenness, PageRank,
  Louvain communities and shortest paths on the GPU.

``kg analyze --backend parallel ...`` (or ``KG_NX_BACKEND=parallel``) calls :func:`use`;
so can a library user. Results are the same up to floating point; only time changes.

>>> use([])                        # back to plain networkx
>>> nx.config.backend_priority.algos
[]
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx

from kg.errors import KgError

__all__ = ["installed", "use"]


def installed() -> list[str]:
    """Names of the networkx backends installed here (``parallel``, ``cugraph``, ...)."""
    return sorted(nx.utils.backends.backends)


def use(names: Sequence[str]) -> None:
    """Run the analyses on these backends, first one first, where they implement the
    algorithm; an empty list goes back to plain networkx.

    nx-parallel is told to use every CPU unless its configuration says otherwise
    (without that it runs one job).
    """
    missing = [n for n in names if n not in installed()]
    if missing:
        have = ", ".join(installed()) or "none"
        raise KgError(f"networkx backend {missing[0]!r} is not installed (installed: {have})")
    nx.config.backend_priority.algos = list(names)
    if "parallel" in names:
        settings = nx.config.backends.parallel
        if not settings.active:
            settings.active = True
            settings.n_jobs = settings.n_jobs or -1
