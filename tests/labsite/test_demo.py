import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from demo.recorded_metadata import RECORDED
from labsite.models import Lab
from metadata.models import CitationCount

pytestmark = pytest.mark.django_db


def test_loaddemo_fills_an_empty_database_and_serves_it(capsys):
    call_command("loaddemo")
    assert "demo-admin" in capsys.readouterr().out
    lab = Lab.objects.get(slug="demo")
    page = Client(HTTP_HOST="127.0.0.1:8000").get("/").content.decode()
    assert lab.name in page


def test_loaddemo_never_touches_a_database_with_content(lab_a, capsys):
    call_command("loaddemo")
    assert "already has content" in capsys.readouterr().out
    assert list(Lab.objects.values_list("slug", flat=True)) == ["lab-a"]


def test_a_later_run_still_says_how_to_log_in(capsys):
    call_command("loaddemo")
    capsys.readouterr()
    call_command("loaddemo")  # the second `make run`
    out = capsys.readouterr().out
    assert "already has content" in out
    login = "Admin: http://127.0.0.1:8000/admin/  user demo-admin  password demo-admin-password"
    assert login in out
    # Once the demo's password is changed it is no longer printed as if it worked.
    user = get_user_model().objects.get(username="demo-admin")
    user.set_password("a new and private password")
    user.save()
    call_command("loaddemo")
    out = capsys.readouterr().out
    assert "demo-admin-password" not in out
    assert "DEBUG=1 .venv/bin/python manage.py createsuperuser" in out


def test_the_demo_shows_a_living_lab(capsys):
    """A newcomer's first look: a full team, a rich homepage, news and awards on both."""
    call_command("loaddemo")
    client = Client(HTTP_HOST="127.0.0.1:8000")
    home = client.get("/").content.decode()
    for section in ("🔥 News</h2>", "Selected publications</h2>", "Join the lab</h2>",
                    "Best Paper"):
        assert section in home, section
    team = client.get("/people/").content.decode()
    assert team.count('class="team-member') >= 8
    assert "Alumni" in team or "Previous" in team
    homepage = client.get("/people/ada-moreau/").content.decode()
    # Renamed headings (emoji too), a custom section and the team Ada leads.
    for section in ("Research interests", "🔥 News", "📝 Publications", "🎖 Honors and Awards",
                    "📖 Educations", "💬 Presentations", "Teaching", "Service", "Google Scholar",
                    "🧑‍🎓 Join us</h2>", "👥 Team</h2>", "Lena Fischer</a>"):
        assert section in homepage, section
    assert 'id="news"' in homepage and 'id="join-us"' in homepage  # anchors stay


def test_the_demo_shows_recorded_counts_stars_and_totals(capsys):
    """What a refresh would have stored (demo/recorded_metadata.py), shown without the
    network: the lab's total on the home, Ada's on her homepage (to her Scholar profile),
    counts with their date and stars in the lists, Altmetric and Dimensions by DOI."""
    call_command("loaddemo")
    lab = Lab.objects.get(slug="demo")
    client = Client(HTTP_HOST="127.0.0.1:8000")
    total = sum(count for count, _stars in RECORDED.values())
    assert total == 530
    home = client.get("/").content.decode()
    assert re.search(
        rf'<a class="citation-badge" href="/publications/">.*?Citations</span> '
        rf'<span class="citation-badge-count">{total:,}</span>', home
    )  # fmt: skip
    assert "Cited by 48" in home  # the home's selected papers
    ada = client.get("/people/ada-moreau/").content.decode()
    badge = re.search(r'<a class="citation-badge" href="([^"]+)">', ada)
    assert badge and badge.group(1) == "https://scholar.google.com/citations?user=EXAMPLE0001"
    assert 'aria-label="312 stars on the code repository"' in ada
    papers = client.get("/publications/").content.decode()
    for count, _stars in RECORDED.values():
        assert f"Cited by {count}<span class=\"visually-hidden\"> (as of 2026-11-30)" in papers
    pollen = client.get("/publications/lin2023pollen/").content.decode()
    assert "altmetric.com/details/doi/10.1145/0000001" in pollen and "Dimensions</a>" in pollen
    # One count per source read, as the refresh keeps them (metadata.CitationCount).
    rows = CitationCount.objects.for_lab(lab).values_list("publication__slug", "source", "count")
    expected = [(slug, "openalex", count) for slug, (count, _stars) in RECORDED.items()]
    assert sorted(rows) == sorted(expected)
