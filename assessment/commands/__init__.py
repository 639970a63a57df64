"""Command groups added to the ``assessment`` command in :mod:`assessment.cli`."""
