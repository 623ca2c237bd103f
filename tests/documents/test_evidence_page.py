from datetime import UTC, datetime

from dpaportal.documents.execution import render_signed_pdf
from tests.documents.fixtures import VERSION, evidence, replace, snapshot
from tests.documents.pdftext import page_texts

MADE = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_a_german_evidence_page_names_the_browser_facts_in_german():
    data = snapshot(version=replace(VERSION, language="de"))

    pages = page_texts(render_signed_pdf(data, evidence(data), created_at=MADE))

    assert "Zeitzone Europe/Dublin" in pages[-1]
    assert "time_zone" not in pages[-1]
