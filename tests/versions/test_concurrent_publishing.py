"""Publishing is one action: two requests for the same draft at once make one."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections
from django.utils import timezone

from dpaportal.accounts.models import User
from dpaportal.agreements.models import SignedAgreement
from dpaportal.audit.models import AuditEvent
from dpaportal.campaigns import services as campaign_services
from dpaportal.campaigns.models import Campaign, ResignRequirement
from dpaportal.campaigns.services import publish_with_campaign
from dpaportal.organisations.models import Organisation
from dpaportal.versions.models import DpaVersion, VersionStatus
from dpaportal.versions.services import (
    VersionError,
    install_default_version,
    renumber_draft,
    start_draft,
)


def signed_organisation(version: DpaVersion) -> Organisation:
    organisation = Organisation.objects.create(name="Muster GmbH", slug="muster")
    SignedAgreement.objects.create(
        organisation=organisation,
        version=version,
        language="en",
        method="digital",
        fingerprint="f" * 64,
        document_identifier="DPA-1.0-EN-FFFFFFFFFF",
        snapshot={},
        signer_name="Bob Member",
        signer_email="bob@muster.example",
        signed_at=timezone.now(),
        pdf_name="signed.pdf",
        pdf_sha256="f" * 64,
        seal_level="B-B",
    )
    return organisation


@pytest.mark.django_db(transaction=True)
def test_two_publications_of_one_draft_at_once_make_one_campaign(
    lena: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    signed_organisation(install_default_version())
    draft = start_draft(lena)
    renumber_draft(draft, "2.0", lena)
    marking = campaign_services.mark_organisations

    def slow_marking(campaign: Campaign) -> int:
        # Hold the first publication's transaction open while the other
        # request arrives, so that the two truly overlap.
        time.sleep(0.5)
        return marking(campaign)

    monkeypatch.setattr(campaign_services, "mark_organisations", slow_marking)
    barrier = threading.Barrier(2)
    campaigns: list[Campaign] = []
    refusals: list[str] = []
    errors: list[BaseException] = []

    def publish() -> None:
        try:
            own = DpaVersion.objects.get(pk=draft.pk)
            barrier.wait(timeout=10)
            campaigns.append(publish_with_campaign(own, "major", lena))
        except VersionError as refusal:
            refusals.append(refusal.message)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert refusals == ["Version 2.0 is published already."]
    assert [campaign.version_id for campaign in campaigns] == [draft.pk]
    assert Campaign.objects.count() == 1
    assert ResignRequirement.objects.count() == 1
    assert DpaVersion.objects.get(pk=draft.pk).status == VersionStatus.PUBLISHED
    published = AuditEvent.objects.filter(event_type="version.published")
    assert [event.details["number"] for event in published] == ["1.0", "2.0"]
    assert AuditEvent.objects.filter(event_type="campaign.started").count() == 1
