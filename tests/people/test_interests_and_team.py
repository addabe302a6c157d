"""Research interests as items (seed 001) and the team a member leads on their homepage
(seed 002): "Now" and "Previous" from the lab's people, never another lab's."""

import datetime
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from people.models import Person, PersonSection, ResearchInterest
from people.team_html import team_member_html
from tests.factories import make_interest, make_person

pytestmark = pytest.mark.django_db

SEED_001_INTERESTS = [
    ("High-performance Inference System", "System design for large language and vision models"),
    ("AI Compiler", "Compiler Design for the next generation of accelerators"),
    ("Distributed Systems", "Computation-communication co-optimization and automation"),
]


def section_html(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    return html[start : html.index("</section>", start)]


def jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_interests_with_titles_and_descriptions_as_seed_001(lab_a, client_a):
    person = make_person(lab=lab_a, slug="ada", research_interests=SEED_001_INTERESTS)
    make_interest(lab=lab_a, person=person, title="Plain one", order=99)
    html = client_a.get("/people/ada/").content.decode()
    interests = section_html(html, "interests")
    assert '<h2 id="interests-heading">Research interests</h2>' in interests
    items = re.findall(r"<li>(.*?)</li>", interests, re.S)
    assert len(items) == 4
    assert items[0] == (
        "<strong>High-performance Inference System</strong><div class=\"interest-description\">"
        "<p>System design for large language and vision models</p></div>"
    )
    assert items[3] == "Plain one"
    assert jsonld(html)["knowsAbout"] == [title for title, _ in SEED_001_INTERESTS] + ["Plain one"]


def test_interest_descriptions_are_markdown_sanitised_bounded_and_of_the_lab(lab_a, lab_b):
    person = make_person(lab=lab_a, slug="ada")
    interest = ResearchInterest(
        lab=lab_a, person=person, title="LLM", description="*fast* <script>x()</script>"
    )
    interest.full_clean()
    interest.save()
    assert "<em>fast</em>" in interest.description_html
    assert "<script" not in interest.description_html
    with pytest.raises(ValidationError, match="at most 200 characters"):
        ResearchInterest(lab=lab_a, person=person, title="x" * 201).full_clean()
    with pytest.raises(ValidationError, match="at most 5000 characters"):
        ResearchInterest(lab=lab_a, person=person, title="t", description="x" * 5001).full_clean()
    other_lab_person = make_person(lab=lab_b, slug="beta")
    with pytest.raises(ValidationError, match="same lab"):
        ResearchInterest(lab=lab_a, person=other_lab_person, title="ok").full_clean()


# --- Team -------------------------------------------------------------------------------------

TODAY = datetime.date.today()
LONG_AGO = datetime.date(2020, 1, 1)


def build_team(lab):
    lead = make_person(lab=lab, slug="jiaming", full_name="Jiaming Xu",
                       position="third year Ph.D student", affiliation="SJTU",
                       joined=datetime.date(2023, 9, 1))  # fmt: skip
    PersonSection(lab=lab, person=lead, kind="team", heading="👥 Team", order=25,
                  body="Now I lead the **system team**.").save()  # fmt: skip
    make_person(lab=lab, slug="yaoxiu", full_name="Yaoxiu Lian", team_lead=lead, order=1,
                position="fourth year Ph.D student", joined=datetime.date(2022, 9, 1))  # fmt: skip
    make_person(lab=lab, slug="kele", full_name="Kele Shao", team_lead=lead, order=2,
                homepage_enabled=False, position="first year Ph.D student")  # fmt: skip
    make_person(lab=lab, slug="siming", full_name="Siming Chen", team_lead=lead,
                position="fourth year undergraduate", joined=datetime.date(2024, 10, 1),
                left=datetime.date(2025, 6, 30))  # fmt: skip
    make_person(lab=lab, slug="junyi", full_name="Junyi Wu", team_lead=lead,
                joined=datetime.date(2024, 1, 1), left=datetime.date(2025, 3, 31))  # fmt: skip
    make_person(lab=lab, slug="not-in-team", full_name="Not In Team")
    return lead


def test_team_section_lists_now_and_previous_as_seed_002(lab_a, client_a):
    build_team(lab_a)
    html = client_a.get("/people/jiaming/").content.decode()
    team = section_html(html, "team")
    assert '<h2 id="team-heading">👥 Team</h2>' in team
    assert "Now I lead the <strong>system team</strong>." in team
    now, previous = team.split('id="team-previous"')
    assert re.findall(r'class="team-member-name">(?:<a href="[^"]*">)?([^<]+)', now) == [
        "Jiaming Xu", "Yaoxiu Lian", "Kele Shao"
    ]  # fmt: skip
    # Previous: the latest to leave first, each with their period.
    assert re.findall(r'class="team-member-name">(?:<a href="[^"]*">)?([^<]+)', previous) == [
        "Siming Chen", "Junyi Wu"
    ]  # fmt: skip
    assert '<a href="/people/yaoxiu/">Yaoxiu Lian</a>' in now
    assert "Kele Shao</span>" in now and 'href="/people/kele/"' not in now  # no homepage
    assert "Jiaming Xu</span>" in now  # the page's own person is not a link to itself
    assert ': <span class="team-member-position">fourth year Ph.D student</span>' in now
    # Periods to the month, in the lab's date style (labsite/dates.py).
    assert '(<span class="team-member-period">2024.10–2025.06</span>)' in previous
    assert "Not In Team" not in team
    assert "None" not in team


def test_team_section_shows_native_name_and_period_label(lab_a):
    lab_a.date_format = "dotted_unpadded"  # seed 002 writes "2024.10~2025.6"
    member = Person(
        lab=lab_a, full_name="Siming Chen", slug="siming", position="undergraduate",
        native_name="陈思铭", joined=datetime.date(2024, 10, 1), left=datetime.date(2025, 6, 30),
    )  # fmt: skip
    html = team_member_html(member, period=True)
    assert (
        '(<span class="team-member-native">陈思铭</span>, '
        '<span class="team-member-period">2024.10~2025.6</span>)'
    ) in html


def test_team_section_hidden_without_members_and_never_from_another_lab(lab_a, lab_b, client_a):
    lead = make_person(lab=lab_a, slug="lead", sections="team")
    html = client_a.get("/people/lead/").content.decode()
    assert 'id="team"' not in html
    other_lead = make_person(lab=lab_b, slug="lead", full_name="Beta Lead")
    make_person(lab=lab_b, full_name="Beta Member", team_lead=other_lead)
    # Even a row forced past validation into another lab's team does not show.
    stray = make_person(lab=lab_b, full_name="Beta Stray")
    Person.objects.for_lab(lab_b).filter(pk=stray.pk).update(team_lead=lead)
    html = client_a.get("/people/lead/").content.decode()
    assert "Beta" not in html and 'id="team"' not in html


def test_a_team_lead_is_of_the_same_lab_and_not_the_person_themself(lab_a, lab_b):
    lead = make_person(lab=lab_a, slug="lead")
    other = make_person(lab=lab_b, slug="other")
    member = make_person(lab=lab_a, slug="member")
    member.team_lead = other
    with pytest.raises(ValidationError, match="Choose an item of the same lab"):
        member.full_clean()
    lead.team_lead = lead
    with pytest.raises(ValidationError, match="cannot lead their own team"):
        lead.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.for_lab(lab_a).filter(pk=lead.pk).update(team_lead=lead)
    member.team_lead = lead
    member.full_clean()
    member.save()
    assert list(lead.team_members.all()) == [member]
    assert PersonSection.objects.for_lab(lab_a).filter(person=lead).count() == 10


def test_team_line_joins_position_and_affiliation_with_in(lab_a):
    # Seed 002: "fourth year Ph.D student in Shanghai Jiao Tong University".
    member = Person(
        lab=lab_a, full_name="Yaoxiu Lian", slug="yaoxiu", position="fourth year Ph.D student",
        affiliation="Shanghai Jiao Tong University",
    )  # fmt: skip
    html = team_member_html(member, period=False)
    assert (
        '<span class="team-member-position">fourth year Ph.D student in Shanghai Jiao Tong '
        "University</span>"
    ) in html
    member.position = ""
    html = team_member_html(member, period=False)
    assert '<span class="team-member-position">Shanghai Jiao Tong University</span>' in html
