"""Benchmarks: run each as ``python -m bench.NAME``; results in bench/RESULTS.md."""
