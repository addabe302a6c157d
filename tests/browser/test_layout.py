"""Nothing scrolls sideways on a phone: every public page, filled with long unbroken words
and URLs, tables, code blocks and a large thumbnail (tests/browser/hostile_content.py), at
320, 375 and 390 px."""

import pytest

from tests.browser.hostile_content import LONG_WORD, build_hostile_lab
from tests.browser.test_site import main_pages

PHONE_WIDTHS = (320, 375, 390)
# The lab on localhost, one member's own domain on 127.0.0.1: both reach the live server.
LAB_HOST, MEMBER_HOST = "localhost", "127.0.0.1"
NOT_FOUND = {"not-found", "foreign-paper"}

# Elements (and text) that stick out of the viewport, unless a scroll box of their own that
# fits holds them (a <pre> or a table scrolling inside itself is fine). Lazy rows
# (content-visibility: auto) are laid out first, or their overflow would be clipped unseen.
OVERFLOWING = """() => {
    const limit = document.documentElement.clientWidth + 0.5;
    for (const el of document.querySelectorAll("*")) {
        if (getComputedStyle(el).contentVisibility === "auto") {
            el.style.contentVisibility = "visible";
        }
    }
    // Text is measured from its own element (a clipped visually-hidden label is fine),
    // an element from its parent (a scroll box that itself sticks out is not).
    const scrollsInside = (el, fromSelf) => {
        for (let box = fromSelf ? el : el.parentElement; box && box !== document.body;
             box = box.parentElement) {
            const overflow = getComputedStyle(box).overflowX;
            if (overflow !== "visible") return box.getBoundingClientRect().right <= limit;
        }
        return false;
    };
    const sticksOut = rect => rect.width > 0 && (rect.right > limit || rect.left < -0.5);
    const name = el => {
        const parts = [];
        for (let node = el; node && node !== document.body; node = node.parentElement) {
            let part = node.tagName.toLowerCase();
            if (node.id) part += "#" + node.id;
            else if (typeof node.className === "string" && node.className.trim())
                part += "." + node.className.trim().split(/\\s+/).join(".");
            parts.unshift(part);
        }
        return parts.join(" > ");
    };
    const found = new Map();
    const report = (el, rect, isText) => {
        if (scrollsInside(el, isText) || getComputedStyle(el).position === "fixed") return;
        // Name the outermost culprit: an element whose parent itself fits.
        let culprit = el;
        while (culprit.parentElement && culprit.parentElement !== document.body
               && sticksOut(culprit.parentElement.getBoundingClientRect())) {
            culprit = culprit.parentElement;
        }
        const key = name(culprit);
        if (!found.has(key)) {
            const edges = `left ${Math.round(rect.left)}, right ${Math.round(rect.right)}`;
            found.set(key, `${key} (${edges})`);
        }
    };
    for (const el of document.body.querySelectorAll("*")) {
        const rect = el.getBoundingClientRect();
        if (sticksOut(rect)) report(el, rect, false);
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    while (walker.nextNode()) {
        const text = walker.currentNode;
        if (!text.textContent.trim()) continue;
        range.selectNodeContents(text);
        for (const rect of range.getClientRects()) {
            if (sticksOut(rect)) { report(text.parentElement, rect, true); break; }
        }
    }
    return [...found.values()].slice(0, 8);
}"""


@pytest.fixture
def hostile_site(browser, live_server, transactional_db):
    lab = build_hostile_lab(host=LAB_HOST, member_host=MEMBER_HOST)
    port = live_server.url.rsplit(":", 1)[1]
    return lab, f"http://{LAB_HOST}:{port}", f"http://{MEMBER_HOST}:{port}"


def test_no_page_scrolls_sideways_on_a_phone(hostile_site, new_page):
    """Every public page at 320, 375 and 390 px (320 also in the dark theme): the document
    is no wider than the window and no element or text sticks out of it; the content is
    there (the long word shows), and another lab's paper never does."""
    hostile, lab_url, member_url = hostile_site
    pages = [(name, lab_url + path) for name, path in hostile.paths]
    pages.append(("member-domain", member_url + "/"))
    runs = [(width, "light") for width in PHONE_WIDTHS] + [(320, "dark")]
    problems = []
    for width, scheme in runs:
        page = new_page(viewport={"width": width, "height": 800}, color_scheme=scheme)
        for name, url in pages:
            response = page.goto(url)
            expected = 404 if name in NOT_FOUND else 200
            where = f"{width}px {scheme} {name} {url}"
            if response.status != expected:
                problems.append(f"{where}: HTTP {response.status}, expected {expected}")
                continue
            text = page.locator("body").inner_text()
            if hostile.foreign_title in text:
                problems.append(f"{where}: shows another lab's paper")
            if name not in NOT_FOUND and LONG_WORD not in text:
                problems.append(f"{where}: the content is missing")
            dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
            if (scheme == "dark") != (dark != "rgb(255, 255, 255)"):
                problems.append(f"{where}: body background {dark} in the {scheme} theme")
            widths = page.evaluate(
                """() => [document.documentElement.scrollWidth, window.innerWidth,
                         document.documentElement.clientWidth]"""
            )
            scroll_width, inner_width, client_width = widths
            culprits = page.evaluate(OVERFLOWING)
            if scroll_width > min(inner_width, client_width) or culprits:
                problems.append(
                    f"{where}: scrollWidth {scroll_width} > window {inner_width}; sticking out: "
                    + ("; ".join(culprits) or "(no element found)")
                )
        # Both themes' failed requests and script errors count too (the 404s are expected).
        problems += [
            f"{width}px {scheme}: {problem}" for problem in page.problems if "404" not in problem
        ]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


# Answers that are no page to lay out: files, feeds, redirects; /admin/ is Django's own.
NOT_PAGES = {
    "healthz", "robots", "favicon", "sitemap", "theme", "media", "publications:list_bibtex",
    "publications:bibtex", "news:feed", "news:person_feed", "domain-robots", "domain-favicon",
    "to-lab-host",
}


def page_names(patterns, prefix="", namespace=""):
    """View names of every page a lab's (or a member's) host answers outside /admin/."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(("admin/", "markdownx/")):
            continue
        if hasattr(pattern, "url_patterns"):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from page_names(pattern.url_patterns, route, inner)
        elif f"{namespace}{pattern.name}" not in NOT_PAGES:
            yield f"{namespace}{pattern.name}"


@pytest.mark.django_db
def test_the_walk_reaches_every_public_page(settings):
    """"For every page": a page added to any app's URLs fails here until the hostile lab
    gives it content and a path in the walk above."""
    from django.urls import get_resolver, resolve

    member_urls = settings.LABSITE_PERSON_DOMAIN_URLCONF
    hostile = build_hostile_lab(host=LAB_HOST, member_host=MEMBER_HOST)
    walked = {resolve(path.split("?")[0]).view_name for name, path in hostile.paths
              if name not in NOT_FOUND}
    walked.add(resolve("/", member_urls).view_name)  # the walk's "member-domain"
    pages = set(page_names(get_resolver().url_patterns))
    pages |= set(page_names(get_resolver(member_urls).url_patterns))
    assert "awards:list" in pages and "domain-home" in pages  # the names are the views'
    assert pages - walked == set()


def test_the_demo_lab_fits_a_320_px_phone(demo, new_page):
    """The demo's ordinary content (photos, short names) at the narrowest width."""
    page = new_page(viewport={"width": 320, "height": 800})
    problems = []
    for name, path in main_pages():
        page.goto(demo + path)
        if culprits := page.evaluate(OVERFLOWING):
            problems.append(f"{name} {path}: " + "; ".join(culprits))
    assert not problems, "\n".join(problems)


def test_the_check_names_what_sticks_out(new_page):
    """The measuring script itself, on a page of its own: a 1000 px box and a long word are
    reported by their selectors; the same box inside a scroll box that fits, and clipped
    visually-hidden text, are not."""
    page = new_page(viewport={"width": 320, "height": 800})
    page.set_content(
        f"""<body style="margin: 0"><main>
            <div class="too-wide" style="width: 1000px">x</div>
            <p class="long-word">{LONG_WORD}</p>
            <div style="overflow-x: auto"><div class="scrolls" style="width: 1000px">x</div></div>
            <span class="hidden" style="position: absolute; width: 1px; overflow: hidden;
                white-space: nowrap">{LONG_WORD}</span>
        </main></body>"""
    )
    culprits = page.evaluate(OVERFLOWING)
    assert [culprit.split(" (")[0] for culprit in culprits] == [
        "main > div.too-wide",
        "main > p.long-word",
    ], culprits
