"""Benchmark helpers that belong to the library: the synthetic news corpus."""
