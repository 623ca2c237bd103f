"""Shared timing helpers for the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Figure:
    """One measured figure, printed and written to var/bench.json."""

    name: str
    median: float
    unit: str
    goal: float | None = None
    runs: int = 0
    note: str = ""
    higher_is_better: bool = False
    """True for rates (e-mails per second), where the goal is a minimum."""

    @property
    def within_goal(self) -> bool | None:
        if self.goal is None:
            return None
        if self.higher_is_better:
            return self.median >= self.goal
        return self.median <= self.goal

    def as_dict(self) -> dict[str, object]:
        return asdict(self) | {"within_goal": self.within_goal}


def median_ms(action: Callable[[], object], runs: int = 20, warmup: int = 2) -> float:
    """Median wall time of ``action`` in milliseconds, after a few warm-up runs."""
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)
