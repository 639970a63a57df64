"""Rendered page fragments kept between requests, keyed by everything that goes into them.

A section page is mostly its questions, and a question's HTML is a pure function of the question, its stored
answer and a few display facts (its number, whether it is shown, which components are shown, whether the
page is editable). Those make the key, so a hit is always what rendering would give; a changed answer
simply makes a new key. Each worker process keeps its own bounded cache per application.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import Flask, current_app
from markupsafe import Markup


class FragmentCache:
    """A bounded least-recently-used map of key → (owner, HTML). ``owner`` is the object the fragment was
    rendered for (a questionnaire's question): a hit must name the very same object, so fragments of a
    questionnaire version that was loaded again are never mixed up with the new one's."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, tuple[Any, Markup]] = OrderedDict()
        self._lock = threading.Lock()
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
        with self._lock:
            self.misses += 1
            self._items[key] = (owner, html)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return html

    def __len__(self) -> int:
        return len(self._items)


def init_app(app: Flask) -> None:
    app.extensions["fragments"] = FragmentCache(int(app.config["FRAGMENT_CACHE_SIZE"]))


def fragment_cache() -> FragmentCache:
    return current_app.extensions["fragments"]
