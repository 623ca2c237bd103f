"""DPA versions: the list, drafts, numbers, coverage and publishing."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from dpaportal.accounts.models import User
from dpaportal.campaigns.models import Campaign
from dpaportal.versions.models import DpaVersion, VersionStatus
from tests.conftest import logged_in


def without_tag(version: DpaVersion, tag: str) -> None:
    """Take ``tag`` off every clause of both languages of a draft."""
    for text in version.content.values():
        for clause in text["clauses"]:
            clause["tags"] = [t for t in clause["tags"] if t != tag]
    version.save()


def test_the_list_shows_each_version_with_its_status_and_summary(
    lena: User, draft: DpaVersion
) -> None:
    page = logged_in(lena).get("/staff/versions/").content.decode()

    assert 'data-version="1.1"' in page
    assert 'data-version="1.0"' in page
    assert "First version." in page
    assert "Published" in page
    assert "Draft" in page


def test_legal_staff_start_a_draft_with_the_latest_text(
    lena: User, published: DpaVersion
) -> None:
    response = logged_in(lena).post("/staff/versions/new/")

    draft = DpaVersion.objects.get(status=VersionStatus.DRAFT)
    assert response["Location"] == f"/staff/versions/{draft.pk}/"
    assert draft.number == "1.1"
    assert draft.content == published.content


def test_a_second_draft_is_refused_with_a_message(
    lena: User, draft: DpaVersion
) -> None:
    response = logged_in(lena).post("/staff/versions/new/", follow=True)

    assert "Draft 1.1 is open already" in response.content.decode()
    assert DpaVersion.objects.count() == 2


def test_the_version_page_shows_clauses_tags_and_the_coverage(
    lena: User, draft: DpaVersion
) -> None:
    without_tag(draft, "audits")

    page = logged_in(lena).get(f"/staff/versions/{draft.pk}/").content.decode()

    assert "Subject matter and duration" in page
    assert "Subject matter of the processing" in page
    subject_row = page[page.index('data-element="subject_matter"') :]
    assert "<td>2</td>" in subject_row[: subject_row.index("</tr>")]
    audits_row = page[page.index('data-element="audits"') :]
    assert "not covered" in audits_row[: audits_row.index("</tr>")]
    assert f"/staff/versions/{draft.pk}/edit/de/" in page
    assert f"/staff/versions/{draft.pk}/preview/en.pdf" in page


def test_a_published_version_offers_previews_but_no_edit_or_publish(
    lena: User, published: DpaVersion
) -> None:
    page = logged_in(lena).get(f"/staff/versions/{published.pk}/").content.decode()

    assert f"/staff/versions/{published.pk}/preview/de/" in page
    assert "/edit/" not in page
    assert "/publish/" not in page


def test_legal_staff_renumber_a_draft(lena: User, draft: DpaVersion) -> None:
    response = logged_in(lena).post(
        f"/staff/versions/{draft.pk}/number/", {"number": "2.0"}
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.number == "2.0"


def test_a_number_that_is_not_higher_or_not_a_number_is_refused(
    lena: User, draft: DpaVersion
) -> None:
    client = logged_in(lena)

    lower = client.post(f"/staff/versions/{draft.pk}/number/", {"number": "1.0"})
    garbled = client.post(f"/staff/versions/{draft.pk}/number/", {"number": "two"})

    assert lower.status_code == 400
    assert "The number must be higher than 1.0." in lower.content.decode()
    assert garbled.status_code == 400
    assert "is not a version number like 1.0" in garbled.content.decode()
    draft.refresh_from_db()
    assert draft.number == "1.1"


def test_a_published_version_cannot_be_renumbered(
    lena: User, published: DpaVersion
) -> None:
    response = logged_in(lena).post(
        f"/staff/versions/{published.pk}/number/", {"number": "5.0"}
    )

    assert response.status_code == 409
    published.refresh_from_db()
    assert published.number == "1.0"


def test_publishing_a_draft_without_an_art_28_3_element_lists_it_and_keeps_the_draft(
    lena: User, draft: DpaVersion
) -> None:
    without_tag(draft, "audits")
    without_tag(draft, "confidentiality")

    response = logged_in(lena).post(f"/staff/versions/{draft.pk}/publish/")

    page = response.content.decode()
    assert response.status_code == 400
    assert "EN: no clause covers the (h) information and audits (audits)." in page
    assert "DE: no clause covers the (h) information and audits (audits)." in page
    assert "(b) confidentiality of persons authorized to process" in page
    draft.refresh_from_db()
    assert draft.is_draft
    assert draft.published_at is None


def test_the_reasons_a_publication_is_refused_are_german_on_a_german_page(
    lena: User, draft: DpaVersion
) -> None:
    without_tag(draft, "audits")
    client = logged_in(lena)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"

    response = client.post(f"/staff/versions/{draft.pk}/publish/")

    page = response.content.decode()
    assert response.status_code == 400
    assert "EN: Keine Klausel behandelt „(h) Informationen und Prüfungen“" in page
    assert "no clause covers" not in page


def test_publishing_a_complete_draft_works(lena: User, draft: DpaVersion) -> None:
    response = logged_in(lena).post(f"/staff/versions/{draft.pk}/publish/")

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    assert draft.published_at is not None


def test_the_publish_form_offers_the_kind_the_number_implies(
    lena: User, draft: DpaVersion
) -> None:
    client = logged_in(lena)

    minor_page = client.get(f"/staff/versions/{draft.pk}/").content.decode()
    client.post(f"/staff/versions/{draft.pk}/number/", {"number": "2.0"})
    major_page = client.get(f"/staff/versions/{draft.pk}/").content.decode()

    assert '<option value="minor" selected>' in minor_page
    assert '<option value="major" selected>' in major_page


def test_a_minor_number_published_as_major_is_refused_naming_the_rule(
    lena: User, draft: DpaVersion
) -> None:
    response = logged_in(lena).post(
        f"/staff/versions/{draft.pk}/publish/", {"kind": "major", "deadline_days": "30"}
    )

    assert response.status_code == 400
    assert (
        "A major version must have a higher major number than the latest published "
        "version 1.0: publish 1.1 as minor, or renumber it to 2.0."
    ) in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft
    assert not Campaign.objects.exists()


def test_a_major_number_published_as_minor_is_refused_naming_the_rule(
    lena: User, draft: DpaVersion
) -> None:
    client = logged_in(lena)
    client.post(f"/staff/versions/{draft.pk}/number/", {"number": "2.0"})

    response = client.post(
        f"/staff/versions/{draft.pk}/publish/", {"kind": "minor", "deadline_days": "30"}
    )

    assert response.status_code == 400
    assert (
        "A minor version must keep the major number of the latest published "
        "version 1.0: publish 2.0 as major, or renumber it to 1.1."
    ) in response.content.decode()
    draft.refresh_from_db()
    assert draft.is_draft
    assert not Campaign.objects.exists()


def test_a_draft_overtaken_by_a_published_version_is_refused(
    lena: User, draft: DpaVersion
) -> None:
    """Renumbering keeps a draft above every version; a version published
    behind its back (an import, a race) is caught when publishing."""
    DpaVersion.objects.create(
        major=1,
        minor=2,
        status=VersionStatus.PUBLISHED,
        published_at=timezone.now(),
        content=draft.content,
    )

    response = logged_in(lena).post(
        f"/staff/versions/{draft.pk}/publish/", {"kind": "minor", "deadline_days": "30"}
    )

    assert response.status_code == 400
    assert (
        "The number must be higher than every published version."
        in response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.is_draft
    assert not Campaign.objects.exists()


def test_publishing_twice_is_refused_with_a_message(
    lena: User, published: DpaVersion
) -> None:
    response = logged_in(lena).post(f"/staff/versions/{published.pk}/publish/")

    assert response.status_code == 400
    assert "Version 1.0 is published already." in response.content.decode()


def test_an_unknown_version_answers_404(lena: User, published: DpaVersion) -> None:
    assert logged_in(lena).get("/staff/versions/999/").status_code == 404
