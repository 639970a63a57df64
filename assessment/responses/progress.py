"""Progress of an assessment per section and module (what the home page and section nav show).

The counting lives in :mod:`questionnaires.progress`, so that the offline workbook counts the same way.
"""

from __future__ import annotations

from questionnaires.progress import Progress, is_answered, progress

__all__ = ["Progress", "is_answered", "progress"]
