"""Fixtures for the end-to-end tests: one headless Chromium for the whole session.

The system Chromium at /usr/bin/chromium is used; Playwright's own browser download is not available here,
so ``playwright install`` must never be needed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def new_context(browser: Browser, live_server) -> Iterator[Callable[..., BrowserContext]]:
    """Make fresh browser contexts (separate cookie jars) on the live server; all closed after the test."""
    contexts: list[BrowserContext] = []

    def make(**options) -> BrowserContext:
        options.setdefault("base_url", live_server.url)
        options.setdefault("locale", "id-ID")
        context = browser.new_context(**options)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def artifacts() -> Path:
    """Where screenshots go (gitignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(autouse=True)
def reference_data(request):
    """The regions, offices and UMK the migrations seed, (re)created for each live-server test: the flush
    that ends a transactional test removes them, and serialized rollback does not restore them reliably
    when other test modules share the session. The seed functions are idempotent."""
    if "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    import importlib

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    # The flush also recreated the content types with new ids: forget the cached ones.
    ContentType.objects.clear_cache()
    for module in (
        "disnaker.core.migrations.0002_seed_regions_offices",
        "disnaker.pkwt.migrations.0002_seed_minimum_wages",
    ):
        importlib.import_module(module).seed(apps, None)
