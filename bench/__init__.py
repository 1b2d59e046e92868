"""Benchmarks for `make bench`. Each module `bench/bench_*.py` defines `run(ctx) -> list[Result]`."""
