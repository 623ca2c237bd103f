"""``dpaportal install-default-dpa``: publish the shipped DPA 1.0 if missing."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dpaportal.versions.rules import publication_problems
from dpaportal.versions.services import install_default_version, load_default_text


class Command(BaseCommand):
    help = "Publishes the default DPA 1.0 (English and German) unless 1.0 exists."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = publication_problems(load_default_text())
        if problems:
            raise CommandError("; ".join(str(problem) for problem in problems))
        version = install_default_version()
        self.stdout.write(f"DPA version {version.number} is {version.status}.")
