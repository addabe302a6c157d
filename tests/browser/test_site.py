"""The demo lab in a real browser: pages, filters, BibTeX copy, dark mode, keyboard use,
phone width, automated accessibility checks and screenshots for people to look at."""

import re

import pytest

from tests.browser.conftest import run_axe, screenshot

PHONE = {"width": 375, "height": 812}
# Unlabelled controls, images without alt, and headings that do not start at h1 or skip a
# level, on the current page.
NAMING_PROBLEMS = """(path) => {
    const out = [];
    for (const el of document.querySelectorAll("input, select, textarea")) {
        if (el.type === "hidden") continue;
        if (!el.labels?.length && !el.getAttribute("aria-label")) {
            out.push(`${path} unlabelled ${el.outerHTML}`);
        }
    }
    for (const img of document.querySelectorAll("img")) {
        if (!img.hasAttribute("alt")) out.push(`${path} img without alt ${img.src}`);
    }
    const levels = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
        .map(h => Number(h.tagName[1]));
    if (levels[0] !== 1) out.push(`${path} first heading is not h1`);
    levels.forEach((level, i) => {
        if (i && level > levels[i - 1] + 1) {
            out.push(`${path} heading skips a level: h${levels[i - 1]} → h${level}`);
        }
    });
    return out;
}"""
DESKTOP = {"width": 1280, "height": 900}


def main_pages():
    """(name, path) of every main page of the demo lab."""
    from news.models import NewsItem
    from publications.models import Publication

    paper = Publication.objects.get(slug="moreau2025tidal")
    news_item = NewsItem.objects.filter(title__startswith="Tidal").get()
    return [
        ("home", "/"),
        ("team", "/people/"),
        ("homepage", "/people/ada-moreau/"),
        ("publications", "/publications/"),
        ("paper", paper.get_absolute_url()),
        ("news", "/news/"),
        ("news-item", news_item.get_absolute_url()),
        ("awards", "/awards/"),
        ("not-found", "/no-such-page/"),
    ]


# C901: one walk over every page, size and theme, asserting as it goes.
def test_main_pages_on_phone_and_desktop_in_both_themes(  # noqa: C901
    demo, new_page, screenshot_dir, axe_source
):
    """Every main page: no horizontal overflow at 375 px, no serious or critical axe-core
    violation in either theme, no console error or failed request, and a screenshot of
    each width and theme."""
    problems = []
    for scheme in ("light", "dark"):
        for size_name, viewport in (("375", PHONE), ("1280", DESKTOP)):
            page = new_page(viewport=viewport, color_scheme=scheme)
            for name, path in main_pages():
                before = len(page.problems)
                response = page.goto(demo + path)
                expected = 404 if name == "not-found" else 200
                if response.status != expected:
                    problems.append(f"{path}: HTTP {response.status}")
                    continue
                if name == "not-found":  # its own 404 is expected, not a failed request
                    page.problems[before:] = [p for p in page.problems[before:] if "404" not in p]
                background = page.evaluate(
                    "getComputedStyle(document.body).backgroundColor"
                )
                if (scheme == "dark") != (background != "rgb(255, 255, 255)"):
                    problems.append(f"{path} {scheme}: body background is {background}")
                if size_name == "375":
                    width = page.evaluate("document.documentElement.scrollWidth")
                    if width > 375:
                        wide = page.evaluate(
                            """() => [...document.querySelectorAll('body *')]
                                .filter(e => e.getBoundingClientRect().right > 375.5)
                                .slice(0, 3).map(e => e.tagName + '.' + e.className)"""
                        )
                        problems.append(f"{path}: scrollWidth {width} > 375 ({wide})")
                # Accessibility: both themes on desktop, light theme on the phone.
                if size_name == "1280" or scheme == "light":
                    for violation in run_axe(page, axe_source):
                        problems.append(
                            f"{path} {size_name} {scheme}: axe {violation['impact']} "
                            f"{violation['id']} ({violation['help']}): {violation['nodes']}"
                        )
                screenshot(page, screenshot_dir, f"{name}-{size_name}-{scheme}")
            problems.extend(f"{scheme} {size_name}: {p}" for p in page.problems)
    print(f"Screenshots: {screenshot_dir}")
    assert not problems, "\n".join(problems)


def test_home_team_and_a_homepage_by_navigation(demo, new_page):
    page = new_page()
    page.goto(demo + "/")
    assert page.locator("h1").inner_text() == "Lab for Efficient Learning Systems"
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    page.wait_for_url("**/people/")
    assert page.locator("h1").inner_text() == "People"
    # Current members by group, then alumni with where they are now.
    headings = page.locator("main h2").all_inner_texts()
    assert headings[0] == "Faculty" and headings[-1] == "Alumni"
    assert "ETH Zürich" in page.locator("main").inner_text()
    page.locator("main").get_by_role("link", name="Ada Moreau", exact=True).first.click()
    page.wait_for_url("**/people/ada-moreau/")
    assert page.locator("h1").inner_text() == "Ada Moreau"
    # The demo's homepage is composed: renamed headings, a custom section, a team.
    assert page.get_by_role("heading", name="📝 Publications").is_visible()
    assert page.get_by_role("heading", name="👥 Team").is_visible()
    assert page.get_by_role("heading", name="Now").is_visible()
    assert not page.problems, page.problems


def test_publication_list_filters_by_year_and_by_person(demo, new_page):
    page = new_page()
    page.goto(demo + "/publications/")
    assert page.locator("li.pub").count() == 6
    page.get_by_label("Year", exact=True).select_option("2024")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"year=2024"))
    titles = page.locator("li.pub .pub-title a").all_inner_texts()
    assert len(titles) == 3
    assert "Four Bits Are Enough: Quantising the KV Cache" in titles
    badges = page.locator("li.pub .pub-title .badge").all_inner_texts()
    assert all("2024" in badge for badge in badges)

    page.get_by_label("Year", exact=True).select_option("")
    page.get_by_label("Member", exact=True).select_option(label="Kenji Sato")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"person=kenji-sato"))
    assert "year=2024" not in page.url
    assert page.locator("h1").inner_text() == "Publications of Kenji Sato"
    authors = page.locator("li.pub .pub-authors").all_inner_texts()
    assert len(authors) == 3 and all("Kenji Sato" in line for line in authors)
    assert not page.problems, page.problems


def test_open_a_paper_and_copy_its_bibtex(demo, new_page):
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(demo + "/publications/")
    page.get_by_role("link", name="Tidal: Elastic Scheduling for Shared GPU Clusters").click()
    page.wait_for_url("**/publications/moreau2025tidal/")
    assert page.locator("h1").inner_text() == "Tidal: Elastic Scheduling for Shared GPU Clusters"
    shown = page.locator("pre.bibtex").inner_text()
    assert shown.startswith("@") and "Tidal: Elastic Scheduling" in shown
    page.get_by_role("button", name=re.compile("Copy BibTeX")).click()
    page.wait_for_function("() => document.querySelector('[role=status]')?.textContent.length")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == shown.strip()
    assert not page.problems, page.problems


def test_dark_mode_toggle_sticks_after_reload_and_across_pages(demo, new_page):
    page = new_page(color_scheme="light")
    page.goto(demo + "/publications/")
    theme = "() => document.documentElement.getAttribute('data-theme')"
    background = "() => getComputedStyle(document.body).backgroundColor"
    assert page.evaluate(theme) is None
    assert page.evaluate(background) == "rgb(255, 255, 255)"
    page.get_by_role("link", name="Switch to the dark theme").click()
    # Instant with JavaScript: no navigation happened.
    assert page.url.endswith("/publications/")
    assert page.evaluate(theme) == "dark"
    assert page.evaluate(background) != "rgb(255, 255, 255)"
    # Keyboard focus stays on the toggle, which now offers the light theme.
    assert page.evaluate("document.activeElement.dataset.themeSet") == "light"
    page.reload()
    assert page.evaluate(theme) == "dark"  # rendered by the server from the cookie
    assert page.evaluate(background) != "rgb(255, 255, 255)"
    page.goto(demo + "/people/")
    assert page.evaluate(theme) == "dark"
    assert page.evaluate("localStorage.getItem('theme')") == "dark"
    page.get_by_role("link", name="Switch to the light theme").click()
    page.reload()
    assert page.evaluate(theme) == "light"
    assert page.evaluate(background) == "rgb(255, 255, 255)"
    assert not page.problems, page.problems


def test_dark_mode_toggle_works_without_javascript(demo, new_page):
    page = new_page(java_script_enabled=False, color_scheme="light")
    page.goto(demo + "/people/ada-moreau/")
    page.get_by_role("link", name="Switch to the dark theme").click()
    # The page comes back at the same address, so wait for the theme, not for the URL.
    page.wait_for_selector("html[data-theme=dark]", state="attached")
    assert page.url.endswith("/people/ada-moreau/")
    assert 'data-theme="dark"' in page.content()
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 255, 255)"
    page.goto(demo + "/")
    assert 'data-theme="dark"' in page.content()


def test_system_dark_preference_is_followed_until_the_visitor_chooses(demo, new_page):
    page = new_page(color_scheme="dark")
    page.goto(demo + "/")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 255, 255)"
    # In the dark, the toggle offers light.
    assert page.get_by_role("link", name="Switch to the light theme").is_visible()
    assert not page.get_by_role("link", name="Switch to the dark theme").is_visible()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_keyboard_user_skips_to_main_content(demo, new_page, viewport):
    page = new_page(viewport=viewport)
    page.goto(demo + "/publications/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.outerHTML")
    assert 'class="skip-link"' in focused
    box = page.locator(".skip-link").bounding_box()
    assert box and box["y"] >= 0 and box["x"] >= 0, "the skip link shows when focused"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus is visible"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    inside_main = page.evaluate("document.querySelector('main').contains(document.activeElement)")
    assert inside_main, "the next Tab lands in the main content, past the navigation"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_every_control_and_image_is_named(demo, new_page):
    """Labels on every form control, alt on every image, headings in order (axe-core also
    checks the names of links and buttons)."""
    page = new_page()
    problems = []
    for _name, path in main_pages()[:-1]:
        page.goto(demo + path)
        problems += page.evaluate(NAMING_PROBLEMS, path)
    assert not problems, "\n".join(problems)


def test_print_stylesheet_for_the_publication_list_and_a_homepage(
    demo, new_page, screenshot_dir
):
    page = new_page(viewport={"width": 794, "height": 1123}, color_scheme="dark")
    page.emulate_media(media="print")
    for name, path in (("publications", "/publications/"), ("homepage", "/people/ada-moreau/")):
        page.goto(demo + path)
        # On paper: black on white whatever the theme, no navigation, filters or buttons.
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") in (
            "rgb(255, 255, 255)",
            "rgba(0, 0, 0, 0)",
        )
        assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
        assert not page.get_by_role("navigation", name="Main").is_visible()
        assert not page.locator(".theme-toggle").is_visible()
        assert page.locator("h1").is_visible()
        if name == "publications":
            assert not page.locator("form").first.is_visible()
            assert not page.locator(".pub-links").first.is_visible()
            assert page.locator("li.pub").first.is_visible()
        screenshot(page, screenshot_dir, f"print-{name}")
