"""“Paste a list” in a real browser: a member pastes seed 002's honours on their person
page, reads the preview table, confirms, and finds the awards as rows of the inline table."""

import pytest
from django.contrib.auth import get_user_model

from awards.models import Award
from tests.admin.browser import PASSWORD, log_in, record_problems
from tests.factories import make_lab, make_person
from tests.people.seed_lists import SEED_002_HONOURS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_pastes_a_list_previews_and_confirms(chromium, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    lab = make_lab(slug="paste", name="Paste Lab", hosts=["localhost"])
    user = get_user_model().objects.create_user("jiaming", password=PASSWORD, is_staff=True)
    person = make_person(lab=lab, full_name="Jiaming Xu", user=user)
    base = live_server.url.replace("127.0.0.1", "localhost")
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems = record_problems(page)
    log_in(page, base, "jiaming")
    page.goto(base + f"/admin/people/person/{person.pk}/change/")
    page.click("text=Paste a list…")
    page.select_option("#id_target", "awards")
    page.fill("#id_text", "# 🎖 Honors and Awards\n" + SEED_002_HONOURS)
    page.click("button[value=preview]")
    # The click only starts the form's POST: wait for the preview page before counting.
    page.wait_for_selector("table.labsite-paste-preview tbody tr")
    rows = page.locator("table.labsite-paste-preview tbody tr")
    assert rows.count() == 13
    assert rows.first.inner_text().split("\t")[:4] == [
        "3", "2023-06-01", "month", "Outstanding Graduates, Shaanxi."
    ]  # fmt: skip
    assert "Line 1: not a list item" in page.inner_text("#content-main")
    assert Award.objects.for_lab(lab).count() == 0

    page.click("button[value=create]")
    page.wait_for_selector(".messagelist .success")
    assert "Created 13 item(s)" in page.inner_text(".messagelist")
    assert Award.objects.for_lab(lab).filter(person=person).count() == 13
    # The awards are rows of the inline table on the person page.
    titles = page.locator("input[name^=awards-][name$=-title]:not([name*=__prefix__])")
    assert titles.count() == 13 and titles.first.input_value() == "Outstanding Graduates, Shaanxi."
    assert problems == []
    context.close()
