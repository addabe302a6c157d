"""Admin forms in a real Chromium: typed text is never cut, a photo chosen before an error
is asked for again with no broken preview, and no page asks for anything that is missing
(/favicon.ico included).

Uses the system's Chromium (tests/browser/chromium.py); under ``CI=true`` a missing
browser is an error.
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from people.models import Person
from publications.models import Publication
from tests.browser.chromium import launched_chromium
from tests.factories import make_lab
from tests.people.imagedata import jpeg_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORKSHOP = "ICML 2024 Workshop on Efficient Systems for Foundation Models (ES-FoMo II), oral"


@pytest.fixture
def admin_page(live_server):
    """A Chromium page logged in as the lab's admin, and the failed responses it saw."""
    lab = make_lab(slug="browser", name="Browser Lab", hosts=["localhost"])
    user = get_user_model().objects.create_user("root", is_staff=True, is_superuser=True)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    base = live_server.url.replace("127.0.0.1", "localhost")
    with launched_chromium() as browser:
        context = browser.new_context()
        context.set_default_timeout(10_000)
        context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
        )
        page = context.new_page()
        failed = []
        page.on(
            "response",
            lambda response: (
                response.status >= 400 and failed.append(f"{response.status} {response.url}")
            ),
        )
        yield page, base, lab, failed
        context.close()


def test_a_long_badge_is_typed_whole_and_saved(admin_page):
    page, base, lab, failed = admin_page
    page.goto(base + "/admin/publications/publication/add/")
    page.fill("#id_title", "A paper with a workshop badge")
    page.locator("#id_venue_short").press_sequentially(WORKSHOP)  # keystrokes, as a person
    assert page.input_value("#id_venue_short") == WORKSHOP
    assert "at most 100 characters" in page.inner_text(".field-venue_short")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    paper = Publication.objects.get(title="A paper with a workshop badge")
    assert paper.lab == lab and paper.venue_short == WORKSHOP

    page.goto(base + "/admin/publications/publication/add/")
    page.locator("#id_venue_short").press_sequentially("y" * 105)
    assert page.input_value("#id_venue_short") == "y" * 105  # not cut at any length
    page.fill("#id_title", "Too long a badge")
    page.click("input[name=_save]")
    page.wait_for_selector(".errorlist")
    assert "at most 100 characters (it has 105)" in page.inner_text(".field-venue_short")
    assert page.input_value("#id_venue_short") == "y" * 105
    assert not failed, failed


def test_a_photo_chosen_before_an_error_is_asked_for_again(admin_page, tmp_path):
    page, base, lab, failed = admin_page
    photo = tmp_path / "me.jpg"
    photo.write_bytes(jpeg_bytes())
    page.goto(base + "/admin/people/person/add/")
    page.fill("#id_full_name", "Nova Newcomer")
    page.fill("#id_email", "not an address")
    page.set_input_files("#id_photo", str(photo))
    page.click("input[name=_save]")
    page.wait_for_selector(".errorlist")

    assert "Choose the photo again" in page.inner_text(".field-photo")
    broken = page.evaluate(
        "() => [...document.images].filter(i => i.complete && i.naturalWidth === 0).map(i => i.src)"
    )
    assert broken == []
    assert not Person.objects.filter(full_name="Nova Newcomer").exists()

    page.fill("#id_email", "nova@example.org")
    page.set_input_files("#id_photo", str(photo))
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    assert Person.objects.get(lab=lab, full_name="Nova Newcomer").photo
    assert not failed, failed


def test_favicon_ico_is_an_icon_for_the_browser(admin_page):
    page, base, lab, failed = admin_page
    response = page.goto(base + "/favicon.ico")
    assert response.ok and response.url.endswith(".svg")
    assert "svg" in response.headers["content-type"]
    page.goto(base + "/admin/")
    assert "labsite admin" in page.inner_text("#site-name")
    assert not failed, failed
