from __future__ import annotations

import hashlib
import threading

import pytest
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, connections

from dpaportal.accounts.models import User
from dpaportal.agreements import signing
from dpaportal.agreements.evidence import SigningContext
from dpaportal.agreements.models import (
    AgreementSettings,
    SignatureEvidence,
    SignedAgreement,
)
from dpaportal.agreements.signing import (
    document_for_signing,
    record_reading,
    record_signature,
    session_reference,
    sign_agreement,
)
from dpaportal.audit.models import AuditEvent
from dpaportal.organisations.models import Membership
from dpaportal.sealing.errors import SealingError
from tests.agreements.conftest import (
    read_to_the_end,
    shown_fingerprint,
    signer_client,
    submit_signature,
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "failing", ["render_signed_pdf", "seal_as_processor", "store_pdf"]
)
def test_a_failure_while_producing_the_pdf_records_nothing_and_a_retry_works(
    bob: User,
    dpa_settings: AgreementSettings,
    monkeypatch: pytest.MonkeyPatch,
    failing: str,
) -> None:
    client = signer_client(bob)
    fingerprint = shown_fingerprint(client)
    read_to_the_end(client, fingerprint)

    def fail(*args: object, **kwargs: object) -> None:
        raise (
            SealingError("the key is unavailable")
            if failing == "seal_as_processor"
            else OSError("disk full")
        )

    with monkeypatch.context() as patched:
        patched.setattr(f"dpaportal.agreements.signing.{failing}", fail)
        failed = submit_signature(client, fingerprint)

    assert failed.status_code == 503
    assert b"Nothing was signed" in failed.content
    assert not SignedAgreement.objects.exists()
    assert not SignatureEvidence.objects.exists()
    assert not AuditEvent.objects.filter(event_type="dpa.signed").exists()
    assert submit_signature(client, fingerprint).status_code == 302
    assert SignedAgreement.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_sign_requests_produce_one_signed_dpa(
    bob: User, dpa_settings: AgreementSettings
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    membership = Membership.objects.select_related("organisation", "user").get(user=bob)
    document = document_for_signing(membership)
    record_reading(membership, "session-1", document.fingerprint, "end")
    context = SigningContext(
        "192.0.2.1", "test", session_reference("session-1"), "test", {}
    )
    barrier = threading.Barrier(2)
    outcomes: list[object] = []
    errors: list[BaseException] = []

    def sign() -> None:
        try:
            own = Membership.objects.select_related("organisation", "user").get(
                pk=membership.pk
            )
            barrier.wait(timeout=10)
            outcomes.append(
                sign_agreement(
                    own,
                    shown_fingerprint=document.fingerprint,
                    confirmed=True,
                    typed_name="Bob Member",
                    context=context,
                )
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert SignedAgreement.objects.count() == 1
    assert SignatureEvidence.objects.count() == 1
    assert sorted(outcome.created for outcome in outcomes) == [False, True]  # type: ignore[attr-defined]
    assert len({outcome.agreement.pk for outcome in outcomes}) == 1  # type: ignore[attr-defined]


@pytest.fixture
def stored_names(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names under which signing stored its PDFs, in order."""
    names: list[str] = []
    store = signing.store_pdf

    def noting_store(pdf: bytes, sha256: str, folder: str) -> str:
        names.append(store(pdf, sha256, folder))
        return names[-1]

    monkeypatch.setattr(signing, "store_pdf", noting_store)
    return names


@pytest.mark.django_db
@pytest.mark.parametrize("failure", [RuntimeError("mail queue down"), IntegrityError])
def test_a_failure_inside_the_transaction_leaves_no_file_and_a_retry_works(
    bob: User,
    dpa_settings: AgreementSettings,
    monkeypatch: pytest.MonkeyPatch,
    stored_names: list[str],
    failure: BaseException,
) -> None:
    client = signer_client(bob)
    fingerprint = shown_fingerprint(client)
    read_to_the_end(client, fingerprint)

    def fail(*args: object, **kwargs: object) -> None:
        raise failure

    with monkeypatch.context() as patched:
        patched.setattr(signing, "send_signed_copies", fail)
        failed = submit_signature(client, fingerprint)

    assert failed.status_code == 503
    assert b"The signed DPA could not be stored. Nothing was signed" in failed.content
    assert not SignedAgreement.objects.exists()
    assert not SignatureEvidence.objects.exists()
    assert not default_storage.exists(stored_names[0])
    assert submit_signature(client, fingerprint).status_code == 302
    agreement = SignedAgreement.objects.get()
    assert agreement.pdf_name == stored_names[1]
    assert default_storage.exists(agreement.pdf_name)


@pytest.mark.django_db
def test_the_loser_of_a_race_removes_its_own_file_but_never_the_winners(
    bob: User, dpa_settings: AgreementSettings
) -> None:
    membership = Membership.objects.select_related("organisation", "user").get(user=bob)
    document = document_for_signing(membership)
    record_reading(membership, "session-1", document.fingerprint, "end")
    context = SigningContext(
        "192.0.2.1", "test", session_reference("session-1"), "test", {}
    )
    winner = sign_agreement(
        membership,
        shown_fingerprint=document.fingerprint,
        confirmed=True,
        typed_name="Bob Member",
        context=context,
    ).agreement
    evidence = SignatureEvidence.objects.get().record
    loser_pdf = b"%PDF-1.7 the loser's own sealing of the same document"
    loser_sha256 = hashlib.sha256(loser_pdf).hexdigest()

    def lose(pdf: bytes, sha256: str) -> object:
        return record_signature(
            membership,
            document,
            evidence,
            winner.signed_at,
            "Bob Member",
            pdf,
            "B-B",
            sha256,
        )

    lost = lose(loser_pdf, loser_sha256)
    with default_storage.open(winner.pdf_name, "rb") as handle:
        repeated = lose(handle.read(), winner.pdf_sha256)

    assert lost.agreement == repeated.agreement == winner  # type: ignore[attr-defined]
    assert not default_storage.exists(f"signed/{loser_sha256[:2]}/{loser_sha256}.pdf")
    assert default_storage.exists(winner.pdf_name)
    assert SignedAgreement.objects.count() == 1
