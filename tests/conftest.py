"""Shared fixtures. Regions are loaded once into each test database; tests that flush the
database (live server, transactional) get them back through the `regions` fixture."""

from __future__ import annotations

import os

import pytest

from tests.factories import UserFactory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from lindung.registry.services.regions import regions_load

    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            regions_load()


@pytest.fixture
def regions(db):
    """Make sure the region codes are present (a flushing test may have removed them)."""
    from lindung.registry.models import Region
    from lindung.registry.services.regions import regions_load

    if not Region.objects.filter(code="1507").exists():
        regions_load()


@pytest.fixture
def users(db, regions) -> UserFactory:
    return UserFactory()


@pytest.fixture(autouse=True)
def _inline_jobs(settings):
    settings.LINDUNG_JOBS_INLINE = True


@pytest.fixture(autouse=True, scope="session")
def _fast_passwords():
    """Test users need no strong hashing; the default hasher costs about a second per user."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(config, items):
    """Browser tests need Debian's Chromium; CI (LINDUNG_REQUIRE_BROWSER=1) fails without it."""
    if os.path.exists("/usr/bin/chromium") or os.environ.get("LINDUNG_REQUIRE_BROWSER") == "1":
        return
    skip = pytest.mark.skip(reason="/usr/bin/chromium is not installed (make browser installs it)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


# --- real browser ---------------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (which never downloads a browser of its own)."""
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test
    # itself are synchronous and safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server, regions):
    context = chromium.new_context(accept_downloads=True, locale="id-ID")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.base_url = live_server.url  # type: ignore[attr-defined]
    yield pg
    context.close()


def browser_login(pg, username: str, password: str = "pass-1234") -> None:
    pg.goto(pg.base_url + "/login/")
    pg.fill("input[name=username]", username)
    pg.fill("input[name=password]", password)
    pg.click("button[type=submit]")
