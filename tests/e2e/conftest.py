"""Browser journeys: Debian's Chromium, driven by Playwright, against a live server.

No browser is ever downloaded: the journeys use /usr/bin/chromium, which
`scripts/ensure-system-packages` installs.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Error,
    Page,
    expect,
    sync_playwright,
)

# Playwright's sync API keeps an asyncio loop running in the main thread, so
# Django takes every ORM call a test makes for one made from async code and
# refuses it with SynchronousOnlyOperation.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    # The machine has no network beyond localhost: without these, Chromium keeps
    # trying to reach Google's services and fills the log with refusals.
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
TIMEOUT_MS = 10_000

NewPage = Callable[..., Page]
call_failed = pytest.StashKey[bool]()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A pytestmark in a conftest marks nothing, so every journey is marked here.
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Iterator[None]:
    report = yield
    if report.when == "call":
        item.stash[call_failed] = report.failed
    return report


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: run `bash scripts/ensure-system-packages`.")
    # Package scope, not session: the loop Playwright leaves running must be
    # gone before the rest of the suite touches the database again.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def browser_locale() -> str:
    """The browser's language; override with `@pytest.mark.parametrize`."""
    return "en-GB"


@pytest.fixture
def new_page(
    browser: Browser,
    browser_locale: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
) -> Iterator[NewPage]:
    """Open a page in a fresh context: its own cookies, so its own session."""
    expect.set_options(timeout=TIMEOUT_MS)
    contexts: list[BrowserContext] = []

    def open_page(locale: str | None = None) -> Page:
        context = browser.new_context(locale=locale or browser_locale)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page

    if request.node.stash.get(call_failed, False):
        save_screenshots(contexts, tmp_path)
    for context in contexts:
        context.close()


def save_screenshots(contexts: list[BrowserContext], folder: Path) -> None:
    for number, context in enumerate(contexts):
        for index, page in enumerate(context.pages):
            path = folder / f"context-{number}-page-{index}.png"
            with contextlib.suppress(Error):  # a crashed page must not hide the failure
                page.screenshot(path=path, full_page=True)
            print(f"Screenshot of {page.url}: {path}")


@pytest.fixture
def page(new_page: NewPage) -> Page:
    return new_page()
