"""``dpaportal demo``: migrate, seed, print the logins and serve."""

from __future__ import annotations

import signal
import subprocess
import sys
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from dpaportal.agreements.seal_keys import demo_authority
from dpaportal.demo.seed import seed_demo
from dpaportal.serving.server import serve_portal


class Command(BaseCommand):
    help = "Prepares the demo data in the data directory and serves the portal."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-serve", action="store_true", help="Seed and print the logins only."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        logins = seed_demo(settings.DATA_DIR)
        authority = demo_authority()

        url = f"http://127.0.0.1:{options['port']}"
        self.stdout.write(f"\nDPA Portal demo at {url}\n\nLogins (e-mail / password):")
        for login, password in logins:
            self.stdout.write(f"  {login.email:<32} {password:<14} {login.description}")
        self.stdout.write(f"\nData directory: {settings.DATA_DIR}")
        self.stdout.write(f"E-mails land in: {describe_mail_destination()}")
        if authority is not None:
            self.stdout.write(
                f"Seal: a demo certificate authority in {authority.ca_path.parent} "
                f"(trust {authority.ca_path.name} to validate seals elsewhere)\n"
            )
        if not options["no_serve"]:
            serve_with_worker(options["port"])


def serve_with_worker(port: int) -> None:
    """Serve, with a background worker beside the server for e-mails and tasks."""
    worker = subprocess.Popen([sys.executable, "-m", "dpaportal", "worker"])
    # Without this, `kill` (SIGTERM) ends the server at once and leaves the
    # worker running on its own; as an exception, it unwinds to `finally`.
    signal.signal(signal.SIGTERM, stop_serving)
    try:
        serve_portal("127.0.0.1", port, threads=8)
    finally:
        worker.terminate()
        worker.wait(timeout=10)


def stop_serving(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def describe_mail_destination() -> str:
    if getattr(settings, "EMAIL_FILE_PATH", None):
        return f"{settings.EMAIL_FILE_PATH} (one file per sending)"
    if settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
        return "this console"
    return f"the SMTP server {settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
