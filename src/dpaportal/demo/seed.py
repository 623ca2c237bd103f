"""Demo data: a vendor, two customer organisations and a login for every role.

Seeding is idempotent: a second run finds what the first created and keeps it,
including the passwords, which live in the data directory.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from dpaportal.accounts.models import User
from dpaportal.organisations.models import Membership, Organisation, Role
from dpaportal.processor.models import ProcessorDetails
from dpaportal.staff.access import LEGAL, REVIEWERS
from dpaportal.subprocessors.models import SubProcessor
from dpaportal.versions.services import install_default_version


@dataclass(frozen=True)
class DemoLogin:
    email: str
    full_name: str
    description: str
    organisation: str = ""
    role: str = ""
    staff_group: str = ""


DEMO_LOGINS = (
    DemoLogin(
        "anna.admin@muster.example",
        "Anna Admin",
        "administrator of Muster GmbH",
        "muster-gmbh",
        Role.ADMINISTRATOR,
    ),
    DemoLogin(
        "max.member@muster.example",
        "Max Member",
        "member of Muster GmbH",
        "muster-gmbh",
        Role.MEMBER,
    ),
    DemoLogin(
        "sina.signer@muster.example",
        "Sina Signer",
        "member of Muster GmbH, to be made the authorized signer",
        "muster-gmbh",
        Role.MEMBER,
    ),
    DemoLogin(
        "bernd.admin@beispiel.example",
        "Bernd Admin",
        "administrator of Beispiel AG (licence not signed)",
        "beispiel-ag",
        Role.ADMINISTRATOR,
    ),
    DemoLogin(
        "lena.legal@vendor.example",
        "Lena Legal",
        "vendor staff, legal",
        staff_group=LEGAL,
    ),
    DemoLogin(
        "rudi.review@vendor.example",
        "Rudi Review",
        "vendor staff, reviewer",
        staff_group=REVIEWERS,
    ),
)


def seed_demo(data_dir: Path) -> list[tuple[DemoLogin, str]]:
    """Create the demo data when missing; return each login with its password."""
    passwords = load_passwords(data_dir / "demo-logins.json")
    with transaction.atomic():
        seed_processor()
        seed_subprocessors()
        install_default_version()
        seed_organisations()
        for login in DEMO_LOGINS:
            passwords.setdefault(login.email, secrets.token_urlsafe(9))
            seed_login(login, passwords[login.email])
    store_passwords(data_dir / "demo-logins.json", passwords)
    return [(login, passwords[login.email]) for login in DEMO_LOGINS]


def seed_processor() -> None:
    if ProcessorDetails.objects.exists():
        return
    ProcessorDetails.objects.create(
        legal_name="Deskwise Software GmbH",
        address="Beispielstraße 12\n80331 München",
        country="Germany",
        registration_number="HRB 123456, Amtsgericht München",
        representative="Dr. Clara Vogt, Managing Director",
        contact_email="privacy@deskwise.example",
        data_protection_officer="Jonas Richter, dpo@deskwise.example",
    )


def seed_subprocessors() -> None:
    if SubProcessor.objects.exists():
        return
    entries = json.loads((Path(__file__).parent / "subprocessors.json").read_text())
    by_name: dict[str, SubProcessor] = {}
    start = timezone.localdate() - timedelta(days=365)
    for fields in entries:
        parent = by_name.get(fields.pop("parent", ""))
        by_name[fields["name"]] = SubProcessor.objects.create(
            **fields, parent=parent, active_from=start
        )


def seed_organisations() -> None:
    Organisation.objects.get_or_create(
        slug="muster-gmbh",
        defaults={
            "name": "Muster GmbH",
            "licence_signed_at": timezone.now() - timedelta(days=30),
        },
    )
    Organisation.objects.get_or_create(
        slug="beispiel-ag", defaults={"name": "Beispiel AG"}
    )


def seed_login(login: DemoLogin, password: str) -> None:
    user = User.objects.filter(email=login.email).first()
    if user is None:
        user = User.objects.create_user(
            login.email,
            password=password,
            full_name=login.full_name,
            is_staff=bool(login.staff_group),
        )
    if login.staff_group:
        user.groups.add(Group.objects.get(name=login.staff_group))
    if login.organisation:
        Membership.objects.get_or_create(
            organisation=Organisation.objects.get(slug=login.organisation),
            user=user,
            defaults={"role": login.role},
        )


def load_passwords(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    return dict(json.loads(path.read_text()))


def store_passwords(path: Path, passwords: dict[str, str]) -> None:
    path.touch(mode=0o600)
    path.write_text(json.dumps(passwords, indent=2))
