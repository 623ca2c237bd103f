"""A published version stays as published, whichever way a change is tried."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from dpaportal.accounts.models import User
from dpaportal.versions.models import DpaVersion, VersionLocked, VersionStatus
from dpaportal.versions.services import install_default_version, start_draft

pytestmark = pytest.mark.django_db


def test_a_bulk_update_of_a_published_version_is_refused() -> None:
    version = install_default_version()

    with pytest.raises(VersionLocked):
        DpaVersion.objects.filter(pk=version.pk).update(content={})
    with pytest.raises(VersionLocked):
        DpaVersion.objects.all().update(minor=9)
    version.minor = 9
    # bulk_update runs in a transaction without a savepoint of its own.
    with pytest.raises(VersionLocked), transaction.atomic():
        DpaVersion.objects.bulk_update([version], ["minor"])
    assert DpaVersion.objects.get(pk=version.pk).number == "1.0"


def test_a_bulk_delete_of_a_published_version_is_refused() -> None:
    version = install_default_version()

    with pytest.raises(VersionLocked):
        DpaVersion.objects.all().delete()
    assert DpaVersion.objects.filter(pk=version.pk).exists()


def test_drafts_may_be_updated_and_published_versions_retired_in_bulk(
    lena: User,
) -> None:
    published = install_default_version()
    draft = start_draft(lena)

    DpaVersion.objects.filter(pk=draft.pk).update(change_summary="Typos.")
    DpaVersion.objects.filter(pk=published.pk).update(status=VersionStatus.RETIRED)

    assert DpaVersion.objects.get(pk=draft.pk).change_summary == "Typos."
    assert DpaVersion.objects.get(pk=published.pk).status == VersionStatus.RETIRED


@pytest.fixture
def published_row() -> int:
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    return install_default_version().pk


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE versions_dpaversion SET content = '{}' WHERE id = %s",
        "UPDATE versions_dpaversion SET minor = 9 WHERE id = %s",
        "UPDATE versions_dpaversion SET status = 'draft' WHERE id = %s",
        "DELETE FROM versions_dpaversion WHERE id = %s",
    ],
    ids=["text", "number", "back to draft", "delete"],
)
def test_postgresql_refuses_to_change_a_published_version_even_from_raw_sql(
    published_row: int, sql: str
) -> None:
    with (
        pytest.raises(DatabaseError, match="is published"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [published_row])


def test_postgresql_lets_a_published_version_be_retired_from_raw_sql(
    published_row: int,
) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE versions_dpaversion SET status = 'retired' WHERE id = %s",
            [published_row],
        )

    assert DpaVersion.objects.get(pk=published_row).status == VersionStatus.RETIRED
