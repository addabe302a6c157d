"""The admin in a real browser at phone width: a member logs in and posts a news item, with
the markdown preview working under the site's Content-Security-Policy.

Uses the system's Chromium (never downloaded); without it the test skips with the reason
printed, and under CI (``CI=true``) a missing browser is an error.
"""


import pytest
from django.contrib.auth import get_user_model

from news.models import NewsItem
from tests.browser.chromium import launched_chromium
from tests.factories import make_lab, make_person

PASSWORD = "a long and good password 42"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def chromium():
    with launched_chromium() as browser:
        yield browser


def test_member_posts_news_from_a_phone(chromium, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    lab = make_lab(slug="phone", name="Phone Lab", hosts=["localhost"])
    user = get_user_model().objects.create_user("mia", password=PASSWORD, is_staff=True)
    person = make_person(lab=lab, full_name="Mia Member", user=user)
    base = live_server.url.replace("127.0.0.1", "localhost")

    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(f"JS error: {error}"))
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and "Failed to load resource" not in message.text  # reported below, with the URL
            and problems.append(message.text)
        ),
    )
    # The browser's own /favicon.ico probe is not the admin's business.
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and not response.url.endswith("/favicon.ico")
            and problems.append(f"{response.status} {response.url}")
        ),
    )

    page.goto(base + "/admin/login/")
    page.fill("#id_username", "mia")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    assert "labsite admin" in page.inner_text("#site-name")

    page.goto(base + "/admin/news/newsitem/add/")
    page.fill("#id_title", "Talk at the summer school")
    page.fill("#id_body", "I gave a **talk** on scheduling.")
    # The live preview comes from /markdownx/markdownify/ (sanitised server-side).
    page.wait_for_selector(".markdownx-preview strong")
    assert page.inner_text(".markdownx-preview strong") == "talk"
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than the phone"
    editor_width = page.evaluate(
        "() => document.querySelector('#id_body').getBoundingClientRect().right"
    )
    assert editor_width <= 390

    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    item = NewsItem.objects.get(title="Talk at the summer school")
    assert item.person == person and item.lab == lab
    assert "<strong>talk</strong>" in item.body_html
    assert not problems, problems
    context.close()
