"""``dpaportal serve``: the production web server."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dpaportal.serving.server import serve_portal


class Command(BaseCommand):
    help = "Serves the portal over HTTP (put a TLS-terminating proxy in front)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, **options: Any) -> None:
        serve_portal(options["host"], options["port"], options["threads"])
