from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction

from dpaportal.audit.events import EventType
from dpaportal.audit.models import AuditEvent, AuditLogIsAppendOnly
from dpaportal.audit.services import record_event, verify_audit_log


def record_three() -> list[AuditEvent]:
    return [
        record_event(EventType.LOGIN, details={"ip": "192.0.2.1", "n": n})
        for n in range(3)
    ]


def raw_sql(sql: str, params: list[object]) -> None:
    """Tamper with the table behind the model's back, as an intruder would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")


@pytest.mark.django_db
def test_events_are_numbered_and_linked_to_their_predecessor() -> None:
    first, second, third = record_three()

    assert [first.sequence, second.sequence, third.sequence] == [1, 2, 3]
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    assert verify_audit_log().intact


@pytest.mark.django_db
def test_the_model_refuses_to_change_or_delete_an_event() -> None:
    event = record_event(EventType.LOGIN)

    event.details = {"forged": True}
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(details={})
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.all().delete()


@pytest.mark.django_db
def test_postgresql_refuses_changes_even_from_raw_sql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    event = record_event(EventType.LOGIN)

    for sql in (
        "UPDATE audit_auditevent SET object_id = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [event.pk])


@pytest.mark.django_db
def test_verify_audit_names_a_changed_row() -> None:
    record_three()
    raw_sql("UPDATE audit_auditevent SET details = %s WHERE sequence = 2", ['{"n": 9}'])

    with pytest.raises(CommandError, match="sequence number 2") as failure:
        call_command("verify-audit")
    assert failure.value.returncode == 1


@pytest.mark.django_db
def test_verify_audit_names_a_deleted_row() -> None:
    record_three()
    raw_sql("DELETE FROM audit_auditevent WHERE sequence = %s", [2])

    with pytest.raises(CommandError, match="sequence number 2") as failure:
        call_command("verify-audit")
    assert failure.value.returncode == 1
    assert "expected sequence number 2, found 3" in str(failure.value)


@pytest.mark.django_db
def test_verify_audit_names_reordered_rows() -> None:
    record_three()
    # Swap the positions of the first two events.
    raw_sql("UPDATE audit_auditevent SET sequence = -1 WHERE sequence = %s", [1])
    raw_sql("UPDATE audit_auditevent SET sequence = 1 WHERE sequence = %s", [2])
    raw_sql("UPDATE audit_auditevent SET sequence = 2 WHERE sequence = %s", [-1])

    with pytest.raises(CommandError, match="sequence number 1:") as failure:
        call_command("verify-audit")
    assert failure.value.returncode == 1


@pytest.mark.django_db
def test_an_event_type_outside_the_closed_list_is_refused() -> None:
    with pytest.raises(ValueError, match="not a valid EventType"):
        record_event("account.impersonated", details={})  # type: ignore[arg-type]

    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_verify_audit_reports_the_count_of_an_intact_chain(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record_three()

    call_command("verify-audit")

    assert "intact: 3 events" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain() -> None:
    errors: list[BaseException] = []

    def append_many() -> None:
        try:
            for _ in range(15):
                record_event(EventType.LOGIN)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    writers = [threading.Thread(target=append_many) for _ in range(4)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()

    assert errors == []
    assert AuditEvent.objects.count() == 60
    report = verify_audit_log()
    assert report.intact, report.reason
    assert report.count == 60


def test_the_verify_audit_command_exits_0_when_intact_and_1_when_broken(
    tmp_path: Path,
) -> None:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DPAPORTAL_", "DJANGO_", "DATABASE_URL"))
    } | {"DPAPORTAL_DATA_DIR": str(tmp_path), "DPAPORTAL_SECRET_KEY": "k" * 40}

    def dpaportal(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "dpaportal", *arguments],
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
        )

    dpaportal("migrate", "--verbosity", "0").check_returncode()
    dpaportal(
        "shell",
        "-c",
        "from dpaportal.audit.events import EventType\n"
        "from dpaportal.audit.services import record_event\n"
        "for n in range(3): record_event(EventType.LOGIN, details={'n': n})",
    ).check_returncode()
    intact = dpaportal("verify-audit")

    with sqlite3.connect(tmp_path / "dpaportal.sqlite3") as database:
        database.execute(
            "UPDATE audit_auditevent SET details = '{\"n\": 7}' WHERE sequence = 2"
        )
    broken = dpaportal("verify-audit")

    assert (intact.returncode, broken.returncode) == (0, 1)
    assert "intact: 3 events" in intact.stdout
    assert "broken at sequence number 2" in broken.stderr
