"""Playwright driving Debian's Chromium (never a downloaded browser) against a live server."""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module.

    Playwright's sync API keeps an event loop running in this thread while it is open, and Django refuses
    ORM calls from a thread with a running loop. The ORM calls the tests make between browser steps are
    ordinary synchronous calls, so they are allowed for exactly as long as Playwright is open: the module,
    including the database flushes after each test, and never for other modules.
    """
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is required in CI (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


DEMO_PASSWORD = "browser-demo-pass"


@pytest.fixture
def demo(transactional_db):
    """The demo portal, every account's password DEMO_PASSWORD."""
    call_command("seed_demo", password=DEMO_PASSWORD, stdout=io.StringIO())


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    page = context.new_page()
    page.set_default_timeout(15_000)
    expect.set_options(timeout=15_000)  # expect() waits as long as an action would on a busy machine
    page.console_problems = []
    page.on(
        "console",
        lambda msg: page.console_problems.append(msg.text) if msg.type in ("error", "warning") else None,
    )
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core for WCAG 2.0, 2.1 and 2.2 A and AA on the current page."""
    # Evaluated through the DevTools protocol, so the page's strict CSP (no inline scripts) stays on.
    page.evaluate(AXE.read_text())
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']}});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
        }"""
    )


def sign_in(page, email, password=DEMO_PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


def sign_up(page, full_name: str, email: str, password: str = "a-long-passphrase-1") -> None:  # noqa: S107 - a test account
    """Fill in and send the sign-up form on the page the browser is on."""
    page.get_by_label("Your full name").fill(full_name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Choose a password").fill(password)
    page.get_by_label("The same password again").fill(password)
    page.get_by_role("button", name="Create account").click()


def assert_accessible(page):
    """Zero axe-core violations of WCAG 2.2 A/AA, nothing the CSP had to block, and a plain-text title
    (WCAG 2.4.2: a tag in a title block shows as text in the tab and to screen readers)."""
    page.wait_for_load_state("load")  # a navigation still under way reads an empty title on a busy machine
    assert "<" not in page.title() and page.title().endswith(" — NASENCO Portal"), page.title()
    violations = axe_violations(page)
    assert violations == [], "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n  {v['nodes']}" for v in violations)
    assert not [p for p in page.console_problems if "Content Security Policy" in p], page.console_problems
