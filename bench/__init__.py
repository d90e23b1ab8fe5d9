"""Reproducible benchmarks (not tests). Each prints its figures."""
