"""The seed checks' own rule: stored text holding an HTML tag is found, rendered columns
are not, and another lab's rows are never read."""

import pytest

from tests.factories import make_award, make_news, make_person
from tests.seeds.common import raw_html_fields

pytestmark = pytest.mark.django_db


def test_a_pasted_tag_is_found_and_rendered_html_is_not(lab_a, lab_b):
    ada = make_person(lab=lab_a, slug="ada", about="**Bold** and ==marked==")
    make_award(lab=lab_a, person=ada, title='<span style="color: red;">National</span>')
    make_news(lab=lab_a, person=ada, body="Plain news <!-- hidden -->")
    make_news(lab=lab_b, body="<b>another lab</b>")
    assert raw_html_fields(lab_a) == [
        "NewsItem.body = 'Plain news <!-- hidden -->'",
        "Award.title = '<span style=\"color: red;\">National</span>'",
    ]
