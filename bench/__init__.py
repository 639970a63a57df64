"""Benchmarks: each ``bench_*.py`` module has ``run(quick: bool = False) -> list[dict]`` and a ``main``."""
