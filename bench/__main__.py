"""Run every benchmark module, print the medians and write var/bench.json.

A benchmark module is a file ``bench/bench_*.py`` with a function
``measure() -> list[Figure]``. ``python -m bench documents`` runs only the
modules whose name contains ``documents``.
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def main(selection: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    results = []
    for path in sorted(BENCH_DIR.glob("bench_*.py")):
        if selection and not any(word in path.stem for word in selection):
            continue
        module = importlib.import_module(f"bench.{path.stem}")
        print(f"# {path.stem}", flush=True)
        for figure in module.measure():
            verdict = {True: "ok", False: "MISSES GOAL", None: ""}[figure.within_goal]
            bound = "at least" if figure.higher_is_better else "at most"
            goal = (
                f"(goal {bound} {figure.goal:g} {figure.unit})" if figure.goal else ""
            )
            print(
                f"  {figure.name:<55} {figure.median:10.2f} {figure.unit:<3}"
                f" {goal} {verdict}"
            )
            results.append(figure.as_dict())
    out = Path(os.environ.get("DPAPORTAL_DATA_DIR", "var")) / "bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "figures": results,
            },
            indent=2,
        )
    )
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
