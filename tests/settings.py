"""Settings for the test suite: the real settings with a throw-away data dir."""

import os
import tempfile

os.environ.setdefault("DPAPORTAL_DATA_DIR", tempfile.mkdtemp(prefix="dpaportal-test-"))
os.environ.setdefault(
    "DPAPORTAL_SECRET_KEY", "test-only-secret-key-0123456789abcdefghij"
)
os.environ.setdefault("DPAPORTAL_EMAIL_URL", "console:")

from dpaportal.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not Django's shared in-memory database: its table locks ignore
    # the busy timeout, so concurrent-writer tests would fail for the wrong
    # reason, and production runs on a file too.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(os.environ["DPAPORTAL_DATA_DIR"], "test.sqlite3")
    }
SEAL_ALLOW_DEMO_AUTHORITY = True

# Tasks run at once in the test that enqueues them; the worker's own tests use
# the database backend through the "database" alias.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
