"""A failure while an upload or an approval is recorded leaves no file behind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.http import HttpResponse
from django.test import Client

from dpaportal.accounts.models import User
from dpaportal.agreements import manual
from dpaportal.agreements.models import (
    AgreementSettings,
    ManualUpload,
    SignedAgreement,
    UploadStatus,
)
from dpaportal.audit.models import AuditEvent
from tests.agreements.test_manual_access import stored_files
from tests.conftest import logged_in, make_user
from tests.uploads.samples import jpeg, png

pytestmark = pytest.mark.django_db

UPLOAD_FAILED = "The upload could not be saved. Nothing was stored; please try again."
APPROVAL_FAILED = "The executed DPA could not be produced. Nothing was approved."


@pytest.fixture(autouse=True)
def own_storage(settings: Any, tmp_path: Path) -> None:
    """A file store of this test's own: files of earlier tests outlive their rows."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }


@pytest.fixture
def customer(alice: User, on_paper: AgreementSettings) -> Client:
    client = logged_in(alice)
    assert client.get("/o/muster-gmbh/dpa/manual.pdf").status_code == 200
    return client


@pytest.fixture
def rudi(db: None) -> User:
    user = make_user("rudi@vendor.example", "Rudi Review", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="reviewers")[0])
    return user


def post_upload(client: Client, *files: tuple[str, bytes]) -> HttpResponse:
    return client.post(
        "/o/muster-gmbh/dpa/upload/",
        {"files": [SimpleUploadedFile(name, content) for name, content in files]},
        follow=True,
    )


def fail(*args: object, **kwargs: object) -> None:
    raise OperationalError("database is locked")


PAGES = [("page-1.png", png((300, 420))), ("page-2.jpg", jpeg((300, 420)))]


def test_a_failing_transaction_stores_nothing_and_trying_again_works(
    customer: Client, rudi: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = stored_files()
    with monkeypatch.context() as patched:
        # The last step inside the transaction, after every file is stored.
        patched.setattr(manual, "tell_reviewers", fail)
        failed = post_upload(customer, *PAGES)

    assert failed.status_code == 503
    assert failed.context["form"].errors["files"] == [UPLOAD_FAILED]
    assert stored_files() == before
    assert not ManualUpload.objects.exists()
    assert not AuditEvent.objects.filter(event_type="dpa.manual_uploaded").exists()
    assert mail.outbox == []

    again = post_upload(customer, *PAGES)

    assert b"waits for review" in again.content
    upload = ManualUpload.objects.get()
    assert len(stored_files() - before) == 3
    assert all(default_storage.exists(o["stored_as"]) for o in upload.originals)
    assert default_storage.exists(upload.review_pdf_name)


def test_a_failure_between_storing_files_removes_those_already_stored(
    customer: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = stored_files()

    def disk_full(*args: object) -> str:
        raise OSError("No space left on device")

    with monkeypatch.context() as patched:
        patched.setattr(manual, "store_pdf", disk_full)
        failed = post_upload(customer, *PAGES)

    assert failed.status_code == 503
    assert stored_files() == before
    assert not ManualUpload.objects.exists()


def test_losing_the_race_to_another_upload_removes_only_the_losers_own_files(
    customer: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    post_upload(customer, *PAGES)
    winner = ManualUpload.objects.get()
    kept = stored_files()
    # The second request checked before the first one was recorded.
    monkeypatch.setattr(manual, "pending_upload", lambda organisation_id: None)

    lost = post_upload(customer, PAGES[0], ("page-2.png", png((300, 420), (9, 9, 9))))

    assert b"An upload is already waiting for review." in lost.content
    assert ManualUpload.objects.get() == winner
    # The first page is the winner's too: its file, shared by content, stays.
    assert stored_files() == kept


def test_a_failing_approval_leaves_no_executed_pdf_and_can_be_approved_again(
    customer: Client, rudi: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    post_upload(customer, *PAGES)
    upload = ManualUpload.objects.get()
    reviewer = logged_in(rudi)
    before = stored_files()

    with monkeypatch.context() as patched:
        # After the executed PDF is stored and the agreement saved.
        patched.setattr(manual, "tell_administrators_of_decision", fail)
        failed = reviewer.post(f"/staff/reviews/{upload.pk}/approve/", follow=True)

    assert APPROVAL_FAILED in failed.content.decode()
    assert stored_files() == before
    assert not SignedAgreement.objects.exists()
    upload.refresh_from_db()
    assert upload.status == UploadStatus.UNDER_REVIEW

    reviewer.post(f"/staff/reviews/{upload.pk}/approve/")

    agreement = SignedAgreement.objects.get()
    assert stored_files() - before == {agreement.pdf_name}
