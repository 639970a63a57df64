"""One way to refuse an action: :class:`Refused` (and :class:`Stale` when someone else changed the thing
first). Operations raise them with a message a person can act on; views flash it (see
:func:`assessment.web.viewtools.carry_out`), the API answers 400 or 409 with it, and commands print it. Nothing
has been changed when one is raised: the caller rolls the transaction back."""

from __future__ import annotations

import unicodedata
from typing import Any

#: scripts whose sentences end without a full stop (a translated message in them gets none added)
NO_FULL_STOP = ("THAI", "LAO", "KHMER", "MYANMAR")


def sentence(text: str) -> str:
    """A message as a sentence: capital first letter, full stop (none after Thai and other scripts that do not
    use one)."""
    text = text.strip()
    if not text:
        return text
    ends = text.endswith((".", "!", "?")) or unicodedata.name(text[-1], "").startswith(NO_FULL_STOP)
    return text[:1].upper() + text[1:] + ("" if ends else ".")


class Refused(ValueError):
    """The action was refused and nothing was changed. ``message`` is a sentence; ``field`` names the form
    field at fault when there is one."""

    def __init__(self, message: str, field: str | None = None):
        self.message = sentence(message)
        self.field = field
        super().__init__(self.message)


class Stale(Refused):
    """Someone changed the thing since the page or file was read, so nothing was saved. ``current`` is the
    thing as it is now (``None`` when it was removed); ``question_ids`` names the answers that changed."""

    def __init__(self, message: str = "Someone changed this in the meantime; nothing was saved",
                 current: Any = None, question_ids: list[str] | None = None):
        super().__init__(message)
        self.current = current
        self.question_ids = list(question_ids or [])
