"""Run every benchmark module, print the medians and write var/bench.json.

A benchmark module is a file ``bench/bench_*.py`` with a function
``measure() -> list[Figure]``. Each module runs in a process of its own, with
its own scratch database unless DATABASE_URL names one, so that the fixtures
of one benchmark cannot disturb another. ``python -m bench documents`` runs
only the modules whose name contains ``documents``.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def main(selection: list[str]) -> int:
    results: list[dict[str, object]] = []
    failed = []
    for path in sorted(BENCH_DIR.glob("bench_*.py")):
        if selection and not any(word in path.stem for word in selection):
            continue
        print(f"# {path.stem}", flush=True)
        finished = subprocess.run(
            [sys.executable, "-m", "bench.single", path.stem],
            capture_output=True,
            text=True,
            check=False,
        )
        figures = [
            json.loads(line[len("FIGURE ") :])
            for line in finished.stdout.splitlines()
            if line.startswith("FIGURE ")
        ]
        if finished.returncode != 0:
            failed.append(path.stem)
            sys.stderr.write(finished.stderr[-4000:])
        for figure in figures:
            print(describe(figure), flush=True)
        results += figures
    out = Path(os.environ.get("DPAPORTAL_DATA_DIR", "var")) / "bench.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "database": "postgresql"
                if os.environ.get("DATABASE_URL")
                else "sqlite",
                "figures": results,
            },
            indent=2,
        )
    )
    print(f"written to {out}")
    if failed:
        print(f"failed: {', '.join(failed)}")
        return 1
    return 0


def describe(figure: dict[str, object]) -> str:
    verdict = {True: "ok", False: "MISSES GOAL", None: ""}[figure["within_goal"]]
    goal = ""
    if figure["goal"] is not None:
        bound = "at least" if figure["higher_is_better"] else "at most"
        goal = f"(goal {bound} {figure['goal']:g} {figure['unit']})"
    return (
        f"  {figure['name']:<58} {figure['median']:10.2f} {figure['unit']:<5}"
        f" {goal} {verdict}"
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
