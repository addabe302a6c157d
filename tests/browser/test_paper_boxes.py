"""Paper boxes (seed 002) in a real browser: a homepage whose publications section shows
boxes, at 390 and 1280 px in both themes, checked with axe-core and screenshotted."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from tests.browser.conftest import run_axe, screenshot

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def png_bytes(size=(1200, 700)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (240, 240, 235)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def boxes_homepage(demo, monkeypatch):
    """Ada's homepage in the demo lab, its publications section row set to boxes."""
    from people.models import Person
    from tests.factories import make_award, make_publication

    ada = Person.objects.get(slug="ada-moreau")
    paper = make_publication(
        lab=ada.lab, title="SpecEE: Accelerating Large Language Model Inference with "
        "Speculative Early Exiting", slug="specee", selected=True, year=2025,
        venue="International Symposium on Computer Architecture", venue_short="ISCA 2025",
        note="CCF-A", citation_count=87, code_stars=1234,
        authors=[(ada.full_name, ada, {"equal_contribution": True}),
                 ("Shan Huang", None, {"equal_contribution": True}),
                 ("Guohao Dai", None, {"corresponding": True})],
        links=[("pdf", "https://example.org/specee.pdf", "Paper"),
               ("code", "https://github.com/infinigence/SpecEE")],
    )  # fmt: skip
    paper.thumbnail = ContentFile(png_bytes(), name="isca25.png")
    paper.thumbnail_alt = "SpecEE's speculative early-exit pipeline"
    paper.save()
    make_award(lab=ada.lab, publication=paper, kind="paper", title="Oral", year=2025)
    # Her publications section shows boxes, with citations, titles to the PDF.
    ada.sections.filter(kind="publications").update(
        display_style="boxes", show_citations=True, title_link="pdf"
    )
    return demo + ada.get_absolute_url()


def test_paper_boxes_are_accessible_and_fit_a_phone_in_both_themes(
    boxes_homepage, new_page, screenshot_dir, axe_source
):
    problems = []
    for scheme in ("light", "dark"):
        for size, viewport in (("390", PHONE), ("1280", DESKTOP)):
            page = new_page(viewport=viewport, color_scheme=scheme)
            page.goto(boxes_homepage)
            box = page.locator("li.pub-box", has_text="SpecEE").first
            # Papers off screen skip rendering (content-visibility: auto in site.css), and
            # innerText is "" there: read the text, then check the layout once on screen.
            assert box.locator(".pub-box-image .badge-venue").text_content() == "ISCA 2025"
            box.scroll_into_view_if_needed()
            image = box.locator(".pub-box-image img")
            assert image.get_attribute("alt") == "SpecEE's speculative early-exit pipeline"
            # A lazy image loads once on screen: wait for it (the test fails on a broken one).
            page.wait_for_function(
                "(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle()
            )
            assert box.locator(".pub-title a").get_attribute("href") == (
                "https://example.org/specee.pdf"
            )
            assert "(CCF-A)" in box.text_content() and "Cited by 87" in box.text_content()
            stars = box.locator(".pub-stars")
            assert stars.get_attribute("aria-label") == "1,234 stars on the code repository"
            # The badge sits over the picture, inside its box.
            badge_box = box.locator(".pub-box-image .badge-venue").bounding_box()
            image_box = image.bounding_box()
            assert image_box["x"] <= badge_box["x"] < image_box["x"] + image_box["width"]
            assert image_box["y"] <= badge_box["y"] < image_box["y"] + image_box["height"]
            if size == "390":
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > 390:
                    problems.append(f"{scheme} 390: scrolls sideways ({width} px)")
                # On a phone the picture sits above the text, full width.
                text_box = box.locator(".pub-box-text").bounding_box()
                assert text_box["y"] >= image_box["y"] + image_box["height"] - 1
            for violation in run_axe(page, axe_source):
                problems.append(f"{scheme} {size}: axe {violation['impact']} {violation['id']} "
                                f"({violation['help']}): {violation['nodes']}")  # fmt: skip
            screenshot(page, screenshot_dir, f"paper-boxes-{size}-{scheme}")
            problems.extend(f"{scheme} {size}: {problem}" for problem in page.problems)
    assert not problems, "\n".join(problems)


def test_a_long_prize_badge_wraps_inside_a_phones_screen(demo, new_page):
    """Seed 003's whole prize (badges hold 100 characters) wraps instead of overflowing."""
    from people.models import Person
    from tests.factories import make_award, make_publication

    ada = Person.objects.get(slug="ada-moreau")
    prize = "IISA 2018 Best Student Paper in Applied Statistics Award, Honourable Mention"
    paper = make_publication(lab=ada.lab, title="Unique entity estimation", slug="unique",
                             selected=True, year=2018, authors=[(ada.full_name, ada)])  # fmt: skip
    make_award(lab=ada.lab, publication=paper, kind="paper", title=prize, year=2018)
    page = new_page(viewport=PHONE)
    page.goto(demo + "/publications/")
    badge = page.locator(".badge-award", has_text="IISA 2018").first
    badge.scroll_into_view_if_needed()
    assert badge.inner_text().strip() == prize  # whole, not cut
    box = badge.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert box["height"] > 30  # more than one line: it wrapped
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not page.problems
