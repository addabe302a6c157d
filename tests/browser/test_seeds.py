"""The five rebuilt seeds (tests/seeds/) in Chromium: each page at 1280 and 390 px in light
and dark, checked with axe-core, never scrolling sideways on a phone, its images loaded,
and screenshotted to var/screenshots/seed-00N-<width>-<scheme>.png."""

import importlib
import re

import pytest

from tests.browser.conftest import run_axe, screenshot

SEEDS = ["000", "001", "002", "003", "004"]
# What must be on screen of each seed: its headings (a seed without one: its name).
VISIBLE = {
    "000": ["Aurick Qiao", "Selected Publications"],
    "001": ["Research Interests", "Awards", "News"],
    "002": ["🔥 News", "👥 Team", "📝 Publications", "🎖 Honors and Awards", "📖 Educations",
            "💬 Presentation", "💻 Service"],
    "003": ["Preprints", "Publications", "Workshops"],
    "004": ["About me", "News", "Publications"],
}  # fmt: skip
IMAGES_LOADED = """() => [...document.images].filter(
    img => img.loading !== 'lazy' && !(img.complete && img.naturalWidth > 0)).map(img => img.src)"""


@pytest.fixture
def seed_url(browser, live_server, transactional_db, request):
    """Builds the seed named by the test's parameter; its page on the live server's host."""
    from tests.factories import make_domain

    seed = importlib.import_module(f"tests.seeds.seed_{request.param}").build()
    make_domain(lab=seed.lab, host="localhost")
    return live_server.url.replace("127.0.0.1", "localhost") + seed.path


@pytest.mark.parametrize("seed_url", SEEDS, indirect=True, ids=[f"seed-{n}" for n in SEEDS])
def test_rebuilt_seed_in_both_themes_and_widths(seed_url, request, new_page, screenshot_dir,
                                                axe_source):  # fmt: skip
    number = request.node.callspec.id.removeprefix("seed-")
    problems = []
    for scheme in ("light", "dark"):
        for width in (1280, 390):
            page = new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
            page.goto(seed_url)
            where = f"seed {number} {scheme} {width}px"
            for heading in VISIBLE[number]:
                name = re.compile(rf"^{re.escape(heading)}( \(\d+\))?$")  # a group's count
                if not page.get_by_role("heading", name=name).first.is_visible():
                    problems.append(f"{where}: heading {heading!r} not visible")
            page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
            page.wait_for_load_state("networkidle")
            if broken := page.evaluate(IMAGES_LOADED):
                problems.append(f"{where}: images not loaded {broken}")
            # Back to the top: a sticky profile column would otherwise be pictured at the end.
            page.evaluate("() => window.scrollTo(0, 0)")
            if width == 390:
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if scroll > 390:
                    problems.append(f"{where}: scrolls sideways ({scroll} px)")
            for violation in run_axe(page, axe_source):
                problems.append(f"{where}: axe {violation['impact']} {violation['id']} "
                                f"({violation['help']}): {violation['nodes']}")  # fmt: skip
            screenshot(page, screenshot_dir, f"seed-{number}-{width}-{scheme}")
            problems.extend(f"{where}: {problem}" for problem in page.problems)
    assert not problems, "\n".join(problems)
