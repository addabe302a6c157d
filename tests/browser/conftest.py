"""Browser tests: Playwright driving Debian's Chromium (tests/browser/chromium.py) against
the live server."""

import os
import shutil
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.browser.chromium import launched_chromium

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"

_timings = {"screenshots": 0}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def pytest_terminal_summary(terminalreporter):
    if _timings["screenshots"]:
        terminalreporter.write_line(
            f"Browser screenshots ({_timings['screenshots']}): {SCREENSHOTS}"
        )


@pytest.fixture(scope="session")
def browser():
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture(scope="session")
def screenshot_dir():
    if SCREENSHOTS.exists():
        shutil.rmtree(SCREENSHOTS)
    SCREENSHOTS.mkdir(parents=True)
    print(f"Browser screenshots go to {SCREENSHOTS}")
    return SCREENSHOTS


@pytest.fixture
def demo(browser, live_server, settings, transactional_db):
    """The live server with the demo lab loaded (its host is localhost); the base URL."""
    # The demo admin's password needs no expensive hashing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("loaddemo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    return live_server.url.replace("127.0.0.1", "localhost")


@pytest.fixture
def new_page(browser):
    """``new_page(**context_options)``: a fresh context and page that record console errors
    and failed requests; closed after the test."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.problems = []
        page.on(
            "console",
            lambda message: message.type == "error" and page.problems.append(message.text),
        )
        page.on("pageerror", lambda error: page.problems.append(f"JS error: {error}"))
        page.on(
            "response",
            lambda response: response.status >= 400
            and page.problems.append(f"{response.status} {response.url}"),
        )
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def axe_source():
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(page, axe_source) -> list[dict]:
    """Serious and critical axe-core violations of the page (WCAG 2.2 A/AA, best practice)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)  # evaluated over CDP: the page's CSP does not apply
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {
                resultTypes: ["violations"],
                rules: {"target-size": {enabled: true}},
            });
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " — " + n.failureSummary),
            }));
        }"""
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def screenshot(page, directory, name):
    started = time.monotonic()
    # Long lists skip rendering rows far off screen (content-visibility: auto); a full-page
    # picture needs them all.
    page.evaluate(
        """() => document.querySelectorAll('.pub').forEach(
            row => { row.style.contentVisibility = 'visible'; })"""
    )
    page.screenshot(path=str(directory / f"{name}.png"), full_page=True)
    _timings["screenshots"] += 1
    return time.monotonic() - started
