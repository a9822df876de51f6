"""Parsing ahead, in a thread, while the caller extracts and writes.

spaCy spends much of a parse in matrix products that release the GIL, so a thread that
runs ``nlp.pipe`` a few documents ahead keeps a second core busy while this thread
extracts and writes what was parsed before. The order of the items is kept, at most
``ahead`` of them wait, and an exception in the thread is raised here, where the item
would have come.

>>> list(prefetched(iter([1, 2, 3]), ahead=2))
[1, 2, 3]
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

__all__ = ["prefetched"]

T = TypeVar("T")

_END = object()


def prefetched(items: Iterable[T], ahead: int) -> Iterator[T]:
    """The items of ``items``, produced by a thread that keeps up to ``ahead`` ready."""
    waiting: queue.Queue[tuple[bool, object]] = queue.Queue(maxsize=max(1, ahead))
    stop = threading.Event()

    def put(entry: tuple[bool, object]) -> bool:
        while not stop.is_set():
            try:
                waiting.put(entry, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put((True, item)):
                    return  # the caller has stopped reading
            put((True, _END))
        except BaseException as e:  # raised in the caller's thread, where it belongs
            put((False, e))

    thread = threading.Thread(target=produce, name="kg-prefetch", daemon=True)
    thread.start()
    try:
        while True:
            ok, item = waiting.get()
            if not ok:
                raise item  # type: ignore[misc]
            if item is _END:
                return
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        thread.join(timeout=5)  # a source blocked on input (stdin) is left to the daemon
