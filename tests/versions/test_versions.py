from __future__ import annotations

import pytest
from django.core.management import call_command

from dpaportal.accounts.models import User
from dpaportal.audit.models import AuditEvent
from dpaportal.versions.models import DpaVersion, VersionLocked, VersionStatus
from dpaportal.versions.services import (
    PublicationRefused,
    VersionError,
    find_version,
    install_default_version,
    publish_version,
    renumber_draft,
    save_draft_text,
    start_draft,
)

pytestmark = pytest.mark.django_db


def test_the_default_version_is_installed_once_and_published() -> None:
    first = install_default_version()
    second = install_default_version()

    assert first.pk == second.pk
    assert first.status == VersionStatus.PUBLISHED
    assert first.published_at is not None
    assert AuditEvent.objects.filter(event_type="version.published").count() == 1


def test_a_published_version_cannot_be_changed_or_deleted() -> None:
    version = install_default_version()

    version.content["en"]["clauses"][0]["title"] = "Changed"
    with pytest.raises(VersionLocked):
        version.save()
    fresh = DpaVersion.objects.get(pk=version.pk)
    fresh.minor = 7
    with pytest.raises(VersionLocked):
        fresh.save()
    with pytest.raises(VersionLocked):
        DpaVersion.objects.get(pk=version.pk).delete()
    stored = DpaVersion.objects.get(pk=version.pk)
    assert stored.content["en"]["clauses"][0]["title"] != "Changed"


def test_a_published_version_may_only_be_retired() -> None:
    version = install_default_version()

    version.status = VersionStatus.RETIRED
    version.save()

    assert DpaVersion.objects.get(pk=version.pk).status == VersionStatus.RETIRED
    version.status = VersionStatus.DRAFT
    with pytest.raises(VersionLocked):
        version.save()


def test_a_new_draft_starts_from_the_latest_text(lena: User) -> None:
    published = install_default_version()

    draft = start_draft(lena)

    assert draft.number == "1.1"
    assert draft.is_draft
    assert draft.content == published.content
    with pytest.raises(VersionError, match="open already"):
        start_draft(lena)


def test_a_draft_is_edited_and_published(lena: User) -> None:
    install_default_version()
    draft = start_draft(lena)
    english = dict(draft.content["en"], title="Data Processing Agreement (revised)")

    save_draft_text(draft, "en", english, "Clearer title.", lena)
    renumber_draft(draft, "2.0", lena)
    publish_version(draft, lena)

    published = find_version("2.0")
    assert published.status == VersionStatus.PUBLISHED
    assert published.content["en"]["title"] == "Data Processing Agreement (revised)"
    assert published.change_summary == "Clearer title."


def test_publishing_an_incomplete_draft_lists_what_is_missing(lena: User) -> None:
    install_default_version()
    draft = start_draft(lena)
    english = dict(draft.content["en"], clauses=draft.content["en"]["clauses"][:3])
    save_draft_text(draft, "en", english, "", lena)

    with pytest.raises(PublicationRefused) as refusal:
        publish_version(draft, lena)

    assert any("(audits)" in str(problem) for problem in refusal.value.problems)
    assert DpaVersion.objects.get(pk=draft.pk).is_draft


def test_a_draft_number_must_be_higher_than_every_other(lena: User) -> None:
    install_default_version()
    draft = start_draft(lena)

    with pytest.raises(VersionError, match=r"higher than 1\.0"):
        renumber_draft(draft, "1.0", lena)
    with pytest.raises(VersionError, match="not a version number"):
        renumber_draft(draft, "two", lena)


def test_english_and_german_edited_at_the_same_time_both_keep_their_changes(
    lena: User,
) -> None:
    install_default_version()
    draft = start_draft(lena)
    # Each editor's page loaded the draft before the other one saved.
    editing_english = DpaVersion.objects.get(pk=draft.pk)
    editing_german = DpaVersion.objects.get(pk=draft.pk)
    english = dict(draft.content["en"], title="English title, revised")
    german = dict(draft.content["de"], title="Deutscher Titel, überarbeitet")

    save_draft_text(editing_english, "en", english, "English edit.", lena)
    save_draft_text(editing_german, "de", german, "German edit.", lena)

    stored = DpaVersion.objects.get(pk=draft.pk)
    assert stored.content["en"]["title"] == "English title, revised"
    assert stored.content["de"]["title"] == "Deutscher Titel, überarbeitet"
    assert editing_german.content == stored.content


def test_a_draft_published_meanwhile_is_not_edited(lena: User) -> None:
    install_default_version()
    draft = start_draft(lena)
    stale = DpaVersion.objects.get(pk=draft.pk)
    publish_version(draft, lena)

    with pytest.raises(VersionError, match="Only a draft"):
        save_draft_text(stale, "en", stale.content["en"], "Late edit.", lena)


def test_renumbering_a_draft_is_recorded_in_the_audit_log(lena: User) -> None:
    install_default_version()
    draft = start_draft(lena)

    renumber_draft(draft, "2.0", lena)

    event = AuditEvent.objects.get(event_type="version.renumbered")
    assert event.details == {"from": "1.1", "number": "2.0"}
    assert event.actor_id == lena.pk


def test_publishing_twice_is_refused(lena: User) -> None:
    version = install_default_version()

    with pytest.raises(VersionError, match="published already"):
        publish_version(version, lena)


def test_the_install_command_publishes_the_default_dpa_once(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("install-default-dpa")
    call_command("install-default-dpa")

    assert DpaVersion.objects.count() == 1
    assert "DPA version 1.0 is published." in capsys.readouterr().out
