"""Command-line commands of the ``assessment`` group, one module per area."""
