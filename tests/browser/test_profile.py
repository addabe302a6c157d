"""The profile column's photo placements in Chromium: where the photo and the text really
land at 1280 and 390 px in both colour schemes, with axe checks and screenshots."""

import pytest

from tests.browser.conftest import run_axe, screenshot

PLACEMENTS = [
    # slug, position, shape, size
    ("photo-sidebar", "sidebar", "circle", "medium"),
    ("photo-top", "top", "rounded", "small"),
    ("photo-right", "right", "original", "large"),
]
BOX = """(selector) => { const r = document.querySelector(selector).getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width}; }"""


@pytest.fixture
def placed_members(demo):
    from labsite.models import Lab
    from tests.factories import make_person
    from tests.people.imagedata import jpeg_bytes, upload

    lab = Lab.objects.get()
    for slug, position, shape, size in PLACEMENTS:
        person = make_person(
            lab=lab, slug=slug, full_name=f"Jiaming {position.title()}", native_name="许珈铭",
            about="I work on efficient inference. " * 30, photo_position=position,
            photo_shape=shape, photo_size=size, email="j@example.org", email_display="link",
            location="Duncan Hall, 3014\n6100 Main St\nHouston, TX 77005",
        )  # fmt: skip
        person.photo = upload(f"{slug}.jpg", jpeg_bytes())
        person.save()
    return demo


def placement_problems(position, photo, name, main, width) -> list[str]:
    if width < 768:  # one column on a phone, photo first
        return [] if photo["bottom"] <= main["top"] else ["photo not above the text"]
    if position == "sidebar":
        ok = photo["bottom"] <= name["top"] + 1 and photo["right"] < main["left"]
        return [] if ok else ["photo not above the name, left of the text"]
    if position == "top":
        ok = photo["right"] < name["left"] and photo["bottom"] <= main["top"]
        return [] if ok else ["photo not beside the name above the text"]
    return [] if photo["left"] > main["right"] else ["photo not right of the text"]


def test_photo_placements_in_both_themes_and_widths(placed_members, new_page, screenshot_dir,
                                                    axe_source):  # fmt: skip
    problems = []
    for scheme in ("light", "dark"):
        for width in (1280, 390):
            page = new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
            for slug, position, _, size in PLACEMENTS:
                page.goto(f"{placed_members}/people/{slug}/")
                where = f"{slug} {scheme} {width}px"
                photo = page.evaluate(BOX, ".person-profile .person-avatar")
                name = page.evaluate(BOX, ".person-profile h1")
                main = page.evaluate(BOX, ".person-main")
                expected_width = {"small": 120, "medium": 200, "large": 280}[size]
                if abs(photo["width"] - expected_width) > 1:
                    problems.append(f"{where}: photo {photo['width']} px wide")
                found = placement_problems(position, photo, name, main, width)
                problems += [f"{where}: {problem}" for problem in found]
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if scroll > width:
                    problems.append(f"{where}: scrolls sideways ({scroll} px)")
                for violation in run_axe(page, axe_source):
                    problems.append(f"{where}: axe {violation['id']}: {violation['nodes']}")
                if page.problems:
                    problems.append(f"{where}: {page.problems}")
                    page.problems.clear()
                screenshot(page, screenshot_dir, f"profile-{slug}-{width}-{scheme}")
    assert not problems, "\n".join(problems)
