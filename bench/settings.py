"""Benchmarks run against their own throw-away data directory and database."""

import os
import tempfile

os.environ.setdefault(
    "DPAPORTAL_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghij"
)
# Mail stays in memory, unless a benchmark hands its worker processes a local
# SMTP server through DPAPORTAL_BENCH_EMAIL_URL.
BENCH_EMAIL_URL = os.environ.get("DPAPORTAL_BENCH_EMAIL_URL", "")
os.environ["DPAPORTAL_EMAIL_URL"] = BENCH_EMAIL_URL or "console:"
bench_dir = tempfile.mkdtemp(prefix="dpaportal-bench-")
os.environ["DPAPORTAL_BENCH_DIR"] = bench_dir
# Stored PDFs, uploads and the demo seal go to the scratch directory too, never
# into the data directory of a demo on the same machine.
os.environ["DPAPORTAL_DATA_DIR"] = bench_dir

from dpaportal.settings import *  # noqa: E402, F403

if not BENCH_EMAIL_URL:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]

if not os.environ.get("DATABASE_URL"):
    from dpaportal.config import sqlite_settings

    DATABASES = {"default": sqlite_settings(os.path.join(bench_dir, "bench.sqlite3"))}
SEAL_ALLOW_DEMO_AUTHORITY = True
