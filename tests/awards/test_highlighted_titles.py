"""An award's title may highlight words (seed 002's red "National Scholarship"): the safe
inline markdown of labsite (``==words==`` → ``<mark>``, **bold**, *italics*), rendered on
save into ``title_html`` through the allow-list; pasted lists keep coloured or bold words
as ``==words==``."""

import html as html_lib
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from awards.models import Award
from labsite.markdown import render_inline_markdown
from people.pasting import create_pasted_items
from tests.factories import make_award, make_person, make_publication

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(lab_a):
    return make_person(lab=lab_a, slug="ada", full_name="Ada Moreau", sections="awards")


def awards_html(client) -> str:
    html = client.get("/people/ada/").content.decode()
    start = html.index('id="awards"')
    return html[start : html.index("</section>", start)]


def test_a_highlighted_title_is_marked_on_the_page(lab_a, client_a, ada):
    make_award(lab=lab_a, person=ada, year=2022, title="==National Scholarship== (Top 1%)")
    html = awards_html(client_a)
    assert '<strong class="award-title"><mark>National Scholarship</mark> (Top 1%)</strong>' in (
        html
    )
    assert "==" not in html


@pytest.mark.parametrize(
    "title, html",
    [
        ("Best <script>alert(1)</script>Paper", "Best Paper"),
        ('<span style="color:red">Red</span> & <a href="javascript:x">link</a>', "Red &amp; link"),
        ("**Gold** *medal* `x`", "<strong>Gold</strong> <em>medal</em> <code>x</code>"),
        ("1. place, # 1 in the world", "1. place, # 1 in the world"),
        ("- not a list", "- not a list"),
        ("Dean's List -- twice", "Dean's List -- twice"),
    ],
)
def test_titles_are_rendered_through_the_allow_list_never_trusted(lab_a, ada, title, html):
    award = make_award(lab=lab_a, person=ada, year=2022, title=title)
    assert award.title_html == html
    # A title without marks is shown escaped as it always was (' as &#x27;): the same text.
    assert html_lib.unescape(str(award.title_display)) == html_lib.unescape(html)


def test_a_paper_badge_shows_the_words_without_their_marks(lab_a, client_a):
    paper = make_publication(lab=lab_a, title="Tidal", slug="tidal", year=2025)
    make_award(lab=lab_a, publication=paper, kind="paper", title="==Best Paper==", year=2025)
    assert Award.badge_text("==Best Paper==", "") == "Best Paper"
    html = client_a.get("/publications/").content.decode()
    assert '<span class="badge badge-award">Best Paper</span>' in html and "==" not in html


def test_pasted_coloured_or_bold_words_stay_highlighted(lab_a, client_a, ada):
    text = "\n".join([
        '- *2022.12* <span style="color: red;">National Scholarship<\\span> (Top 1%), Ministry.',
        "- *2021.12* <font color=red>Gold Medal</font>, ICPC.",
        "- *2020.12* **Silver Medal**, ICPC.",
        "- *2019.12* Plain *honour*, [Example](https://example.org).",
    ])  # fmt: skip
    create_pasted_items(person=ada, target="awards", text=text)
    titles = list(Award.objects.for_lab(lab_a).order_by("-year").values_list("title", flat=True))
    assert titles == [
        "==National Scholarship== (Top 1%), Ministry.", "==Gold Medal==, ICPC.",
        "==Silver Medal==, ICPC.", "Plain honour, Example.",
    ]  # fmt: skip
    html = awards_html(client_a)
    for words in ("National Scholarship", "Gold Medal", "Silver Medal"):
        assert f"<mark>{words}</mark>" in html
    assert "style=" not in html and "<font" not in html


def test_pasted_cv_lines_keep_plain_words(lab_a, ada):
    entries = create_pasted_items(
        person=ada, target="cv:service", text="- 2024 <font color=red>Chair</font>, Workshop."
    )
    assert [entry.title for entry in entries] == ["Chair, Workshop."]


def test_the_migration_renders_the_titles_already_stored(lab_a, ada):
    award = make_award(lab=lab_a, person=ada, year=2022, title="==Old== title")
    Award.objects.for_lab(lab_a).update(title_html="")  # as before the column existed
    # The migration's function, with the models as they are at that migration.
    state = MigrationLoader(connection).project_state(("awards", "0006_award_title_html"))
    import_module("awards.migrations.0006_award_title_html").render_titles(state.apps, None)
    award.refresh_from_db()
    assert award.title_html == render_inline_markdown("==Old== title") == "<mark>Old</mark> title"


def test_another_labs_awards_never_appear(lab_a, lab_b, client_a, ada):
    beta = make_person(lab=lab_b, slug="ada", sections="awards")
    make_award(lab=lab_b, person=beta, year=2022, title="==Beta Prize==")
    make_award(lab=lab_a, person=ada, year=2022, title="Alpha Prize")
    html = awards_html(client_a)
    assert "Alpha Prize" in html and "Beta Prize" not in html
