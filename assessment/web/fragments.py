"""Rendered page fragments kept between requests, keyed by everything that goes into them.

A section page is mostly its questions, and a question's HTML is a pure function of the question, its stored
answer and a few display facts (its number, whether it is shown, which components are shown, whether the
page is editable). Those make the key, so a hit is always what rendering would give; a changed answer
simply makes a new key. The body of a regional page is kept the same way, under its query arguments, the
language, who asks and the stored results as they are (``compare.views.kept_body``).

Each worker process keeps its own cache per application, bounded by ``FRAGMENT_CACHE_SIZE`` blocks of
:data:`BLOCK` characters: a question takes one block, a regional page's body ten or so.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import Flask, current_app
from markupsafe import Markup


#: the characters of one block of the cache's size
BLOCK = 4096


class FragmentCache:
    """A least-recently-used map of key → (owner, HTML), bounded to ``size`` blocks of :data:`BLOCK` characters
    (a fragment takes one block for each ``BLOCK`` characters or part of them). ``owner`` is the object the
    fragment was rendered for (a questionnaire's question, a catalogue): a hit must name the very same object,
    so fragments of a questionnaire version that was loaded again are never mixed up with the new one's."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, tuple[Any, Markup, int]] = OrderedDict()
        self._lock = threading.Lock()
        #: the blocks the kept fragments take
        self.used = 0
        self.hits = 0
        self.misses = 0

    def get_or_render(self, key: Hashable, owner: Any, render: Callable[[], str]) -> Markup:
        with self._lock:
            found = self._items.get(key)
            if found is not None and found[0] is owner:
                self._items.move_to_end(key)
                self.hits += 1
                return found[1]
        html = Markup(render())  # noqa: S704 (a rendered template: autoescaped)
        blocks = max(1, -(-len(html) // BLOCK))
        with self._lock:
            self.misses += 1
            if blocks > self.size:  # larger than the whole cache: rendered, not kept
                return html
            replaced = self._items.pop(key, None)
            self.used += blocks - (replaced[2] if replaced else 0)
            self._items[key] = (owner, html, blocks)
            while self.used > self.size and self._items:
                self.used -= self._items.popitem(last=False)[1][2]
        return html

    def __len__(self) -> int:
        return len(self._items)


def init_app(app: Flask) -> None:
    app.extensions["fragments"] = FragmentCache(int(app.config["FRAGMENT_CACHE_SIZE"]))


def fragment_cache() -> FragmentCache:
    return current_app.extensions["fragments"]
