from __future__ import annotations

import copy
import io
from datetime import timedelta

import pikepdf
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from dpaportal.accounts.models import User
from dpaportal.agreements.execution import record_executed
from dpaportal.agreements.models import (
    AgreementSettings,
    IssuedDocument,
    ManualUpload,
    SignedAgreement,
)
from dpaportal.audit.models import AuditEvent
from dpaportal.campaigns.models import Campaign, ReminderSent, ResignRequirement
from dpaportal.campaigns.services import open_requirement, publish_with_campaign
from dpaportal.campaigns.tasks import send_due_reminders
from dpaportal.organisations.models import Membership, Organisation, Role
from dpaportal.versions.models import DpaVersion
from dpaportal.versions.services import renumber_draft, save_draft_text, start_draft
from tests.agreements.conftest import (
    read_to_the_end,
    shown_fingerprint,
    signer_client,
    submit_signature,
)
from tests.background.campaign_data import signed_dpa
from tests.conftest import logged_in, make_user

pytestmark = pytest.mark.django_db


def sign_current(user: User) -> SignedAgreement:
    client = signer_client(user)
    fingerprint = shown_fingerprint(client)
    read_to_the_end(client, fingerprint)
    assert submit_signature(client, fingerprint).status_code == 302
    return SignedAgreement.objects.get(fingerprint=fingerprint)


def new_version(lena: User, number: str, clause_title: str) -> DpaVersion:
    draft = start_draft(lena)
    for language in ("en", "de"):
        text = copy.deepcopy(draft.content[language])
        text["clauses"][6]["title"] = clause_title
        text["clauses"][6]["body"] += "\n\nA new sentence about confidentiality."
        save_draft_text(draft, language, text, "Clause 7 extended.", lena)
    renumber_draft(draft, number, lena)
    return draft


@pytest.fixture
def signed_one(
    alice: User, bob: User, dpa_settings: AgreementSettings
) -> SignedAgreement:
    return sign_current(bob)


def test_a_major_version_asks_signed_organisations_to_sign_again(
    signed_one: SignedAgreement, lena: User, alice: User, bob: User
) -> None:
    mail.outbox.clear()

    campaign = publish_with_campaign(
        new_version(lena, "2.0", "Confidentiality (revised)"), "major", lena, 30
    )

    requirement = ResignRequirement.objects.get()
    assert requirement.campaign == campaign
    assert requirement.signed_version == signed_one.version
    assert campaign.affected_count == 1
    assert abs((campaign.deadline - timezone.now()) - timedelta(days=30)) < timedelta(
        minutes=1
    )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "alice@muster.example",
        "bob@muster.example",
    ]
    assert "2.0" in mail.outbox[0].subject
    page = logged_in(alice).get("/o/muster-gmbh/dpa/")
    assert page.context["status"].code == "resign_required"
    assert b'id="campaign-banner"' in page.content
    redline = page.content.decode().split('id="redline"')[1]
    assert "1 changed, 0 added, 0 removed" in redline
    assert "<ins>A new sentence about confidentiality.</ins>" in redline
    assert "(revised)" in redline
    assert b'id="campaign-banner"' in logged_in(alice).get("/o/muster-gmbh/").content


def test_a_minor_version_only_informs(
    signed_one: SignedAgreement, lena: User, alice: User
) -> None:
    mail.outbox.clear()

    publish_with_campaign(new_version(lena, "1.1", "Confidentiality"), "minor", lena)

    assert not ResignRequirement.objects.exists()
    assert {m.to[0] for m in mail.outbox} == {
        "alice@muster.example",
        "bob@muster.example",
    }
    assert "nothing needs to be signed" in mail.outbox[0].body
    page = logged_in(alice).get("/o/muster-gmbh/dpa/")
    assert page.context["status"].code == "signed"
    assert b'id="campaign-banner"' not in page.content


def test_signing_the_new_version_supersedes_the_old_and_keeps_both(
    signed_one: SignedAgreement, lena: User, alice: User, bob: User
) -> None:
    publish_with_campaign(new_version(lena, "2.0", "Confidentiality 2"), "major", lena)

    second = sign_current(bob)

    signed_one.refresh_from_db()
    assert signed_one.status == "superseded"
    assert second.version.number == "2.0"
    assert ResignRequirement.objects.get().fulfilled_at is not None
    client = logged_in(alice)
    page = client.get("/o/muster-gmbh/dpa/")
    assert page.context["status"].code == "signed"
    for agreement in (signed_one, second):
        assert (
            client.get(f"/o/muster-gmbh/dpa/signed/{agreement.pk}.pdf").status_code
            == 200
        )


def test_the_redline_follows_the_dpa_language_chosen_since_signing(
    signed_one: SignedAgreement, lena: User, alice: User
) -> None:
    """1.0 was signed in English; the administrator has since chosen German,
    the language 2.0 will be signed in."""
    draft = start_draft(lena)
    german = copy.deepcopy(draft.content["de"])
    german["clauses"][6]["body"] += "\n\nEin neuer Satz zur Vertraulichkeit."
    save_draft_text(draft, "de", german, "Ziffer 7 ergänzt.", lena)
    # Publishing wants both languages alike, block by block.
    english = copy.deepcopy(draft.content["en"])
    english["clauses"][6]["body"] += "\n\nA new sentence about confidentiality."
    save_draft_text(draft, "en", english, "Clause 7 extended.", lena)
    renumber_draft(draft, "2.0", lena)
    publish_with_campaign(draft, "major", lena)
    AgreementSettings.objects.filter(organisation=signed_one.organisation).update(
        language="de"
    )

    page = logged_in(alice).get("/o/muster-gmbh/dpa/")

    assert signed_one.language == "en"
    redline = page.content.decode().split('id="redline"')[1]
    assert "Ziffern und Anlagen: 1 geändert, 0 hinzugefügt, 0 entfallen" in redline
    assert "<ins>Ein neuer Satz zur Vertraulichkeit.</ins>" in redline
    assert "Clauses and annexes" not in redline


def test_reminders_go_once_per_person_and_day(
    signed_one: SignedAgreement, lena: User
) -> None:
    campaign = publish_with_campaign(new_version(lena, "2.0", "C"), "major", lena, 30)
    Campaign.objects.filter(pk=campaign.pk).update(
        deadline=timezone.now() + timedelta(days=6, hours=12)
    )
    mail.outbox.clear()

    first = send_due_reminders.call()
    second = send_due_reminders.call()

    assert (first, second) == (2, 0)
    assert ReminderSent.objects.filter(days_before=7).count() == 2
    assert len(mail.outbox) == 2
    assert AuditEvent.objects.filter(event_type="campaign.reminder_sent").count() == 2


def test_a_reminder_recorded_as_sent_is_not_sent_again(
    signed_one: SignedAgreement, lena: User, alice: User, bob: User
) -> None:
    campaign = publish_with_campaign(new_version(lena, "2.0", "C"), "major", lena, 30)
    Campaign.objects.filter(pk=campaign.pk).update(
        deadline=timezone.now() + timedelta(hours=20)
    )
    ReminderSent.objects.create(
        requirement=ResignRequirement.objects.get(),
        user_id=alice.pk,
        days_before=1,
        sent_at=timezone.now(),
    )
    mail.outbox.clear()

    send_due_reminders.call()

    assert [m.to for m in mail.outbox] == [["bob@muster.example"]]


def test_after_the_deadline_the_status_is_overdue(
    signed_one: SignedAgreement, lena: User, alice: User
) -> None:
    campaign = publish_with_campaign(new_version(lena, "2.0", "C"), "major", lena, 30)
    Campaign.objects.filter(pk=campaign.pk).update(
        deadline=timezone.now() - timedelta(minutes=1)
    )

    page = logged_in(alice).get("/o/muster-gmbh/dpa/")

    assert page.context["status"].code == "overdue"
    assert b"should have been signed by" in page.content


def test_staff_publish_refuses_a_lower_number_and_a_bad_deadline(
    signed_one: SignedAgreement, lena: User
) -> None:
    draft = new_version(lena, "2.0", "C")
    client: Client = logged_in(lena)
    publish = f"/staff/versions/{draft.pk}/publish/"

    lower = client.post(f"/staff/versions/{draft.pk}/number/", {"number": "0.9"})
    bad_days = client.post(publish, {"kind": "major", "deadline_days": "0"})
    bad_kind = client.post(publish, {"kind": "urgent", "deadline_days": "14"})
    good = client.post(publish, {"kind": "major", "deadline_days": "14"})
    twice = client.post(publish, {"kind": "major", "deadline_days": "14"})

    assert lower.status_code == 400
    assert b"The number must be higher than 1.0." in lower.content
    draft.refresh_from_db()
    assert draft.number == "2.0"
    assert bad_days.status_code == 400
    days_field = bad_days.context["publish_form"]["deadline_days"]
    assert days_field.errors == ["Choose a deadline of 1 to 365 days."]
    assert b'id="publish-deadline_days_error"' in bad_days.content
    assert b'name="deadline_days" value="0"' in bad_days.content
    assert bad_kind.status_code == 400
    assert bad_kind.context["publish_form"].errors.keys() == {"kind"}
    assert b'name="deadline_days" value="14"' in bad_kind.content
    assert good.status_code == 302
    assert b"published already" in twice.content
    campaign = Campaign.objects.get()
    assert abs(campaign.deadline - timezone.now() - timedelta(days=14)) < timedelta(
        minutes=1
    )


def test_another_organisation_sees_no_banner(
    signed_one: SignedAgreement, lena: User, charlie: User
) -> None:
    publish_with_campaign(new_version(lena, "2.0", "C"), "major", lena)

    page = logged_in(charlie).get("/o/other-ltd/")

    assert b'id="campaign-banner"' not in page.content
    assert (
        logged_in(charlie)
        .get(f"/o/muster-gmbh/dpa/signed/{signed_one.pk}.pdf")
        .status_code
        == 404
    )


def test_superseding_a_signed_dpa_is_recorded_in_the_audit_log(
    signed_one: SignedAgreement, lena: User, bob: User, muster: Organisation
) -> None:
    publish_with_campaign(new_version(lena, "2.0", "C"), "major", lena)

    second = sign_current(bob)

    event = AuditEvent.objects.get(event_type="dpa.superseded")
    assert (event.object_type, event.object_id) == (
        "agreements.signedagreement",
        str(signed_one.pk),
    )
    assert (event.organisation_id, event.actor_id) == (muster.pk, bob.pk)
    assert event.details == {
        "agreement_id": signed_one.pk,
        "version": "1.0",
        "superseded_by_agreement_id": second.pk,
        "superseded_by_version": "2.0",
    }
    call_command("verify-audit")


def test_another_organisation_gets_404_for_the_dpa_page_and_its_history(
    signed_one: SignedAgreement, lena: User, bob: User, charlie: User
) -> None:
    publish_with_campaign(new_version(lena, "2.0", "C"), "major", lena)
    second = sign_current(bob)
    client = logged_in(charlie)

    refused = [
        client.get(url).status_code
        for url in (
            "/o/muster-gmbh/",
            "/o/muster-gmbh/dpa/",
            f"/o/muster-gmbh/dpa/signed/{signed_one.pk}.pdf",
            f"/o/muster-gmbh/dpa/signed/{second.pk}.pdf",
            f"/o/other-ltd/dpa/signed/{signed_one.pk}.pdf",
        )
    ]
    own = client.get("/o/other-ltd/dpa/")

    assert refused == [404] * 5
    assert own.status_code == 200
    assert list(own.context["history"]) == []
    for agreement in (signed_one, second):
        assert agreement.document_identifier.encode() not in own.content
    assert b"Muster" not in own.content


def scan_of(pdf: bytes) -> bytes:
    """The issued PDF saved again, as a scanner's PDF differs in its bytes."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


@pytest.fixture
def rudi(db: None) -> User:
    user = make_user("rudi@vendor.example", "Rudi Review", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="reviewers")[0])
    return user


def test_a_major_version_is_signed_again_on_paper(
    signed_one: SignedAgreement, lena: User, alice: User, rudi: User
) -> None:
    publish_with_campaign(new_version(lena, "2.0", "Confidentiality 2"), "major", lena)
    AgreementSettings.objects.filter(organisation=signed_one.organisation).update(
        sign_type="manual"
    )
    customer = logged_in(alice)
    issued = customer.get("/o/muster-gmbh/dpa/manual.pdf")
    scan = SimpleUploadedFile("signed-2.0.pdf", scan_of(issued.content))

    uploaded = customer.post("/o/muster-gmbh/dpa/upload/", {"files": [scan]})
    waiting = ManualUpload.objects.get()
    approved = logged_in(rudi).post(f"/staff/reviews/{waiting.pk}/approve/")

    assert (issued.status_code, uploaded.status_code, approved.status_code) == (
        200,
        302,
        302,
    )
    assert IssuedDocument.objects.get().version.number == "2.0"
    signed_one.refresh_from_db()
    second = SignedAgreement.objects.get(status="signed")
    assert (signed_one.status, second.version.number, second.method) == (
        "superseded",
        "2.0",
        "manual",
    )
    assert ResignRequirement.objects.get().fulfilled_at == second.signed_at
    page = customer.get("/o/muster-gmbh/dpa/")
    assert page.context["status"].code == "signed"
    assert b'id="campaign-banner"' not in page.content
    assert {agreement.pk for agreement in page.context["history"]} == {
        second.pk,
        signed_one.pk,
    }
    for agreement in (signed_one, second):
        download = customer.get(f"/o/muster-gmbh/dpa/signed/{agreement.pk}.pdf")
        assert download.status_code == 200
        assert download.content.startswith(b"%PDF-")
    superseded = AuditEvent.objects.get(event_type="dpa.superseded")
    assert superseded.details["superseded_by_agreement_id"] == second.pk
    assert superseded.actor_id == alice.pk


def test_a_scan_of_the_old_version_approved_after_a_major_version_must_re_sign(
    dpa_settings: AgreementSettings, lena: User, alice: User, rudi: User
) -> None:
    AgreementSettings.objects.filter(pk=dpa_settings.pk).update(sign_type="manual")
    customer = logged_in(alice)
    issued = customer.get("/o/muster-gmbh/dpa/manual.pdf")
    scan = SimpleUploadedFile("signed-1.0.pdf", scan_of(issued.content))
    customer.post("/o/muster-gmbh/dpa/upload/", {"files": [scan]})
    campaign = publish_with_campaign(new_version(lena, "2.0", "C"), "major", lena, 30)
    assert not ResignRequirement.objects.exists()
    mail.outbox.clear()

    approved = logged_in(rudi).post(
        f"/staff/reviews/{ManualUpload.objects.get().pk}/approve/"
    )

    assert approved.status_code == 302
    signed = SignedAgreement.objects.get(status="signed")
    assert signed.version.number == "1.0"
    requirement = ResignRequirement.objects.get()
    assert (requirement.campaign, requirement.signed_version) == (
        campaign,
        signed.version,
    )
    assert requirement.fulfilled_at is None
    campaign.refresh_from_db()
    assert campaign.affected_count == 1
    notices = [m for m in mail.outbox if "2.0" in m.subject]
    assert sorted(m.to[0] for m in notices) == [
        "alice@muster.example",
        "bob@muster.example",
    ]
    page = customer.get("/o/muster-gmbh/dpa/")
    assert page.context["status"].code == "resign_required"
    assert b'id="campaign-banner"' in page.content
    board = logged_in(lena).get("/staff/board/")
    counts = {code: count for code, _, count in board.context["status_counts"]}
    assert (counts["resign_required"], counts["signed"]) == (1, 0)


def test_of_two_campaigns_started_at_once_the_page_and_the_board_take_the_later(
    signed_one: SignedAgreement, lena: User, alice: User, muster: Organisation
) -> None:
    first = publish_with_campaign(new_version(lena, "2.0", "C"), "major", lena, 30)
    later = publish_with_campaign(new_version(lena, "3.0", "D"), "major", lena, 10)
    Campaign.objects.update(started_at=first.started_at)

    requirement = open_requirement(muster.pk)

    assert requirement is not None
    assert requirement.campaign == later
    board = logged_in(lena).get("/staff/board/")
    (row,) = board.context["rows"]
    assert row.deadline == later.deadline
    banner = logged_in(alice).get("/o/muster-gmbh/").context["campaign_banner"]
    assert banner["version"] == "3.0"


def test_the_home_page_shows_a_line_per_organisation_the_user_may_sign_for(
    signed_one: SignedAgreement,
    lena: User,
    alice: User,
    charlie: User,
    other_organisation: Organisation,
    version: DpaVersion,
) -> None:
    signed_dpa(other_organisation, version, charlie)
    Membership.objects.create(
        organisation=other_organisation, user=alice, role=Role.MEMBER
    )
    publish_with_campaign(new_version(lena, "2.0", "C"), "major", lena)

    home = logged_in(alice).get("/")

    assert home.status_code == 200
    banner = home.content.decode().split('id="campaign-banner"')[1].split("</div>")[0]
    assert "<strong>Muster GmbH</strong>: " in banner
    assert "DPA version 2.0 is new" in banner
    assert 'href="/o/muster-gmbh/dpa/"' in banner
    # Alice is a plain member of Other Ltd, which must re-sign too: not hers.
    assert "Other Ltd" not in banner
    assert b'id="campaign-banner"' in logged_in(charlie).get("/o/other-ltd/").content


def test_a_plain_member_sees_no_banner_as_the_dpa_is_not_theirs_to_sign(
    signed_one: SignedAgreement, lena: User, muster: Organisation
) -> None:
    erik = make_user("erik@muster.example", "Erik Member")
    Membership.objects.create(organisation=muster, user=erik, role=Role.MEMBER)
    publish_with_campaign(new_version(lena, "2.0", "C"), "major", lena)

    page = logged_in(erik).get("/o/muster-gmbh/")

    assert page.status_code == 200
    assert b'id="campaign-banner"' not in page.content


def test_an_older_version_executed_after_a_newer_one_leaves_the_newer_signed(
    signed_one: SignedAgreement, lena: User, bob: User
) -> None:
    publish_with_campaign(new_version(lena, "2.0", "Confidentiality 2"), "major", lena)
    second = sign_current(bob)
    late = copy.copy(signed_one)
    late.pk = None
    late._state.adding = True
    late.fingerprint = "f" * 64
    late.document_identifier = "DPA-1.0-EN-LATE"
    late.pdf_sha256 = "e" * 64

    with transaction.atomic():
        record_executed(late, evidence={"late": True})

    second.refresh_from_db()
    late.refresh_from_db()
    assert second.status == "signed"
    assert late.status == "superseded"
    assert not AuditEvent.objects.filter(
        event_type="dpa.superseded", object_id=str(second.pk)
    ).exists()
    assert open_requirement(second.organisation_id) is None
