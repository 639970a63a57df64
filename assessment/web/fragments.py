"""What pages work out, kept between requests, keyed by everything that goes into it: the one cache.

It keeps three things:

- **a section page's questions**: a question's HTML is a pure function of the question, its stored answer and a
  few display facts (its number, whether it is shown, which components are shown, whether the page is
  editable). Those make the key, so a hit is always what rendering would give; a changed answer simply makes a
  new key;
- **the body of a regional page**, under its query arguments, the language, who asks and the stored results as
  they are (``compare.views.kept_body``);
- **figures across members** (``compare.queries.worked_out``): the overview's matrix, the elements and TA
  figures, the capacity figures, the training list and the element pages' examples, under their filters and the
  stored results as they are.

Each worker process keeps its own cache per application, bounded by ``FRAGMENT_CACHE_MB`` megabytes (0: nothing
is kept): rendered HTML counts its characters; figures count what their kind says they take in memory
(``compare.queries``), as measured. The least recently used go first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from flask import Flask, current_app
from markupsafe import Markup

T = TypeVar("T")


class FragmentCache:
    """A least-recently-used map of key → (owner, value), bounded to ``size`` bytes by what each value is
    weighed at when kept. ``owner`` is the object a fragment was rendered for (a questionnaire's question, a
    catalogue): a hit must name the very same object, so fragments of a questionnaire version that was loaded
    again are never mixed up with the new one's. A value larger than the whole cache is made but not kept."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, tuple[Any, Any, int]] = OrderedDict()
        self._lock = threading.Lock()
        #: what the kept values weigh together
        self.used = 0
        self.hits = 0
        self.misses = 0

    def get_or_render(self, key: Hashable, owner: Any, render: Callable[[], str]) -> Markup:
        """Rendered HTML (a template rendered with autoescape), weighed by its characters."""
        return self._get_or_make(key, owner, lambda: Markup(render()), len)  # noqa: S704 (autoescaped)

    def get_or_work_out(self, key: Hashable, compute: Callable[[], T], weigh: Callable[[T], int]) -> T:
        """What ``compute`` works out, weighed by ``weigh``."""
        return self._get_or_make(key, None, compute, weigh)

    def _get_or_make(self, key: Hashable, owner: Any, make: Callable[[], T], weigh: Callable[[T], int]) -> T:
        with self._lock:
            found = self._items.get(key)
            if found is not None and found[0] is owner:
                self._items.move_to_end(key)
                self.hits += 1
                return cast(T, found[1])
        value = make()
        weight = max(1, weigh(value))
        with self._lock:
            self.misses += 1
            if weight > self.size:
                return value
            replaced = self._items.pop(key, None)
            self.used += weight - (replaced[2] if replaced else 0)
            self._items[key] = (owner, value, weight)
            while self.used > self.size:
                self.used -= self._items.popitem(last=False)[1][2]
        return value

    def __len__(self) -> int:
        return len(self._items)


def init_app(app: Flask) -> None:
    app.extensions["fragments"] = FragmentCache(int(float(app.config["FRAGMENT_CACHE_MB"]) * 1_000_000))


def fragment_cache() -> FragmentCache:
    return current_app.extensions["fragments"]
