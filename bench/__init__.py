"""Benchmarks behind `make bench`: each module measures medians, never asserts."""
