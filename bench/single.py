"""Run one benchmark module and print its figures as JSON lines."""

from __future__ import annotations

import importlib
import json
import os
import sys


def run(stem: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    module = importlib.import_module(f"bench.{stem}")
    for figure in module.measure():
        print("FIGURE " + json.dumps(figure.as_dict()), flush=True)


if __name__ == "__main__":
    run(sys.argv[1])
