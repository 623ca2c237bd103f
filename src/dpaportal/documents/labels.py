"""Every fixed word the DPA document prints, in English and German.

The document speaks the language of the DPA, not the language of the user
interface, so these are plain dictionaries rather than gettext messages.
Placeholders in braces are filled by the renderers.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from dpaportal.documents.errors import DocumentError

ENGLISH: Mapping[str, str] = MappingProxyType(
    {
        "version": "Version {number}",
        "between": "between",
        "and": "and",
        "controller": "Controller",
        "processor": "Processor",
        "identifier": "Document identifier",
        "fingerprint": "Fingerprint (SHA-256)",
        "draft": "DRAFT",
        "draft_note": "This is a draft. It is not an agreement.",
        "clause_heading": "{number}. {title}",
        "annex_i": "Annex I – List of parties",
        "annex_ii": "Annex II – Description of the processing",
        "annex_iii": "Annex III – Technical and organisational measures",
        "annex_iv": "Annex IV – List of sub-processors",
        "legal_name": "Name",
        "address": "Address",
        "country": "Country",
        "registration_number": "Registration number",
        "vat_id": "VAT ID",
        "representative": "Represented by",
        "contact_email": "Contact e-mail",
        "data_protection_officer": "Data protection officer",
        "instruction_givers": "Persons authorized to issue instructions",
        "signers": "Persons authorized to sign",
        "name": "Name",
        "email": "E-mail",
        "role": "Role",
        "fill_in_by_hand": "To be filled in by hand.",
        "subject_matter": "Subject matter",
        "nature": "Nature of the processing",
        "purpose": "Purpose of the processing",
        "duration": "Duration of the processing",
        "data_subjects": "Categories of data subjects",
        "types_of_personal_data": "Types of personal data",
        "special_categories": "Special categories of personal data",
        "retention": "Retention and deletion",
        "subprocessor": "Sub-processor",
        "legal_entity": "Legal entity",
        "parent": "Engaged by",
        "address_and_contact": "Address and contact",
        "service": "Service",
        "data_categories": "Categories of data",
        "locations": "Processing locations",
        "transfer_mechanism": "Transfer mechanism",
        "no_subprocessors": "The processor engages no sub-processors.",
        "none_listed": "None.",
        "page_x_of_y": "Page {page} of {total}",
        "signatures": "Signatures",
        "for_controller": "For the controller",
        "for_processor": "For the processor",
        "company": "Company",
        "place_and_date": "Place and date",
        "name_in_block_letters": "Name in block letters",
        "position": "Position",
        "signature": "Signature",
        "evidence_role_administrator": "Administrator, authorized signer",
        "evidence_role_member": "Member, authorized signer",
        "evidence_login_password": "E-mail address and password",
        "evidence_login_unknown": "Not recorded",
    }
)

GERMAN: Mapping[str, str] = MappingProxyType(
    {
        "version": "Version {number}",
        "between": "zwischen",
        "and": "und",
        "controller": "Verantwortlicher",
        "processor": "Auftragsverarbeiter",
        "identifier": "Dokumentkennung",
        "fingerprint": "Fingerabdruck (SHA-256)",
        "draft": "ENTWURF",
        "draft_note": "Dies ist ein Entwurf. Er ist keine Vereinbarung.",
        "clause_heading": "{number}. {title}",
        "annex_i": "Anlage I – Liste der Parteien",
        "annex_ii": "Anlage II – Beschreibung der Verarbeitung",
        "annex_iii": "Anlage III – Technische und organisatorische Maßnahmen",
        "annex_iv": "Anlage IV – Liste der Unterauftragsverarbeiter",
        "legal_name": "Name",
        "address": "Anschrift",
        "country": "Land",
        "registration_number": "Registernummer",
        "vat_id": "USt-IdNr.",
        "representative": "Vertreten durch",
        "contact_email": "Kontakt-E-Mail",
        "data_protection_officer": "Datenschutzbeauftragte(r)",
        "instruction_givers": "Weisungsberechtigte Personen",
        "signers": "Zeichnungsberechtigte Personen",
        "name": "Name",
        "email": "E-Mail",
        "role": "Funktion",
        "fill_in_by_hand": "Von Hand auszufüllen.",
        "subject_matter": "Gegenstand",
        "nature": "Art der Verarbeitung",
        "purpose": "Zweck der Verarbeitung",
        "duration": "Dauer der Verarbeitung",
        "data_subjects": "Kategorien betroffener Personen",
        "types_of_personal_data": "Arten personenbezogener Daten",
        "special_categories": "Besondere Kategorien personenbezogener Daten",
        "retention": "Aufbewahrung und Löschung",
        "subprocessor": "Unterauftragsverarbeiter",
        "legal_entity": "Rechtsträger",
        "parent": "Beauftragt von",
        "address_and_contact": "Anschrift und Kontakt",
        "service": "Leistung",
        "data_categories": "Datenkategorien",
        "locations": "Orte der Verarbeitung",
        "transfer_mechanism": "Übermittlungsgrundlage",
        "no_subprocessors": "Der Auftragsverarbeiter setzt keine "
        "Unterauftragsverarbeiter ein.",
        "none_listed": "Keine.",
        "page_x_of_y": "Seite {page} von {total}",
        "signatures": "Unterschriften",
        "for_controller": "Für den Verantwortlichen",
        "for_processor": "Für den Auftragsverarbeiter",
        "company": "Unternehmen",
        "place_and_date": "Ort und Datum",
        "name_in_block_letters": "Name in Druckbuchstaben",
        "position": "Funktion",
        "signature": "Unterschrift",
        "evidence_role_administrator": "Administrator, zeichnungsberechtigt",
        "evidence_role_member": "Mitglied, zeichnungsberechtigt",
        "evidence_login_password": "E-Mail-Adresse und Passwort",
        "evidence_login_unknown": "Nicht erfasst",
    }
)

LABELS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {"en": ENGLISH, "de": GERMAN}
)
LANGUAGES: tuple[str, ...] = tuple(LABELS)


# Records signed before the evidence stored codes hold these English phrases;
# they are read as the codes they stand for.
LEGACY_EVIDENCE_VALUES: Mapping[str, str] = MappingProxyType(
    {
        "administrator, authorized signer": "administrator",
        "member, authorized signer": "member",
        "e-mail address and password": "password",
    }
)


def evidence_value(kind: str, stored: str, language: str) -> str:
    """A coded evidence value (``kind`` "role" or "login") in ``language``.

    A value without a label, such as one a later version adds, prints as stored.
    """
    code = LEGACY_EVIDENCE_VALUES.get(stored, stored)
    return labels_for(language).get(f"evidence_{kind}_{code}", stored)


def labels_for(language: str) -> Mapping[str, str]:
    """The document's fixed words in ``language`` ("en" or "de")."""
    try:
        return LABELS[language]
    except KeyError:
        raise DocumentError(f"No document labels for language {language!r}.") from None
