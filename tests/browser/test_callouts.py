"""Highlighted text and callouts in a real browser: styled by the theme in both colour
schemes, labelled for screen readers, and passing axe-core's checks (colour contrast
included)."""

import pytest

from labsite.markdown_extensions import CALLOUT_LABELS
from tests.browser.conftest import run_axe, screenshot
from tests.factories import make_lab

ABOUT = "\n\n".join(
    [
        "We build fast systems. ==I am looking for students, who are excited to join us== "
        "([join](https://example.org/join)).",
        *(
            f"> [!{kind.upper()}]\n> A {kind} with [a link](https://example.org/{kind})."
            for kind in CALLOUT_LABELS
        ),
    ]
)


@pytest.fixture
def callout_lab(live_server, transactional_db):
    make_lab(slug="callouts", name="Callout Lab", hosts=["localhost"], about=ABOUT)
    return live_server.url.replace("127.0.0.1", "localhost")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_callouts_and_highlights_are_styled_and_accessible(
    callout_lab, new_page, axe_source, screenshot_dir, scheme
):
    page = new_page(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    page.goto(callout_lab + "/")
    notes = page.get_by_role("note")
    assert notes.count() == len(CALLOUT_LABELS)
    for index, label in enumerate(CALLOUT_LABELS.values()):
        assert notes.nth(index).locator(".callout-label").inner_text() == label
    styles = page.evaluate(
        """() => {
            const body = getComputedStyle(document.body).backgroundColor;
            const mark = getComputedStyle(document.querySelector("mark"));
            const note = getComputedStyle(document.querySelector(".callout-note"));
            const warning = getComputedStyle(document.querySelector(".callout-warning"));
            return {body, mark: mark.backgroundColor, noteBorder: note.borderLeftColor,
                    warningBorder: warning.borderLeftColor, noteWidth: note.borderLeftWidth};
        }"""
    )
    assert styles["mark"] not in (styles["body"], "rgba(0, 0, 0, 0)")
    assert styles["noteBorder"] != styles["warningBorder"] and styles["noteWidth"] == "4px"
    assert run_axe(page, axe_source) == []
    assert page.problems == []
    screenshot(page, screenshot_dir, f"callouts-390-{scheme}")
