"""The admin in a real browser at phone width: a member logs in and posts a news item, with
the markdown preview working under the site's Content-Security-Policy.

Uses the system's Chromium (never downloaded); without it the test skips with the reason
printed, and under CI (``CI=true``) a missing browser is an error.
"""


import pytest
from django.contrib.auth import get_user_model

from news.models import NewsItem
from tests.admin.browser import PASSWORD, log_in, record_problems
from tests.factories import make_lab, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    problems = record_problems(page)
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and "Failed to load resource" not in message.text  # record_problems has its URL
            and problems.append(message.text)
        ),
    )

    log_in(page, base, "mia")
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
