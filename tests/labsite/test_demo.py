import pytest
from django.core.management import call_command
from django.test import Client

from labsite.models import Lab

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
