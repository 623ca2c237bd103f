"""Settings of the worker processes that tests start and kill.

The test settings, on the test process's database (named by the test), with a
lease of seconds instead of minutes, and e-mails left in the database queue
(backend "default") for the test to inspect, while the workers run only the
"database" backend.
"""

import os
from datetime import timedelta

from tests.settings import *  # noqa: F403

DATABASES["default"]["NAME"] = os.environ["DPAPORTAL_TEST_DATABASE_NAME"]  # noqa: F405
TASK_LEASE = timedelta(seconds=3)
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
