"""Paper awards as badges on the publications pages (rendered by the publications app)."""

import pytest

from tests.factories import make_award, make_person, make_publication

pytestmark = pytest.mark.django_db

BADGE = '<span class="badge badge-award">{}</span>'


def entry(page: str, slug: str) -> str:
    """One paper's entry in a list: from its anchor to the next paper's."""
    start = page.index(f'id="pub-{slug}"')
    end = page.find('<li class="pub"', start)
    return page[start : end if end != -1 else len(page)]


def test_paper_award_badge_on_list_detail_and_homepage(client_a, lab_a):
    lena = make_person(lab=lab_a, slug="lena")
    paper = make_publication(lab=lab_a, slug="tidal", title="Tidal", selected=True,
                             authors=[("Lena", lena)])  # fmt: skip
    make_publication(lab=lab_a, slug="plain", title="Plain paper", selected=True,
                             authors=[("Lena", lena)])  # fmt: skip
    make_award(lab=lab_a, title="Best Paper Award", badge="Best Paper", publication=paper,
               kind="paper", granting_body="OSDI 2025")  # fmt: skip
    make_award(lab=lab_a, title="Oral presentation", badge="Oral", publication=paper, kind="paper")

    listing = client_a.get("/publications/").content.decode()
    tidal = entry(listing, "tidal")
    assert BADGE.format("Best Paper") in tidal and BADGE.format("Oral") in tidal
    assert "badge-award" not in entry(listing, "plain")

    filtered = client_a.get("/publications/?person=lena").content.decode()
    assert BADGE.format("Best Paper") in filtered

    detail = client_a.get("/publications/tidal/").content.decode()
    assert BADGE.format("Best Paper") in detail and "OSDI 2025" in detail
    assert "badge-award" not in client_a.get("/publications/plain/").content.decode()

    homepage = client_a.get("/people/lena/").content.decode()
    assert BADGE.format("Oral") in entry(homepage, "tidal")
    assert "badge-award" not in entry(homepage, "plain").split("</ul>")[0]


def test_another_labs_award_never_badges_this_labs_paper(client_a, lab_a, lab_b):
    make_publication(lab=lab_a, slug="same", title="Alpha paper")
    beta_paper = make_publication(lab=lab_b, slug="same", title="Beta paper")
    make_award(lab=lab_b, title="Beta Best Paper", publication=beta_paper, kind="paper")
    assert "badge-award" not in client_a.get("/publications/").content.decode()
    assert "badge-award" not in client_a.get("/publications/same/").content.decode()


def test_publications_reads_badges_only_through_the_registry_awards_fills(
        client_a, lab_a, monkeypatch, no_page_cache):
    """publications knows no awards: the badges come from the source awards registers in
    its ready() (publications/badges.py), and without one a paper simply has none."""
    from publications import badges

    paper = make_publication(lab=lab_a, slug="tidal", title="Tidal")
    make_award(lab=lab_a, title="Best Paper Award", badge="Best Paper", publication=paper,
               kind="paper")
    assert [source.fields[0] for source in badges.badge_sources()] == ["publication_id"]
    assert BADGE.format("Best Paper") in client_a.get("/publications/").content.decode()

    monkeypatch.setattr(badges, "_sources", [])
    assert "badge-award" not in client_a.get("/publications/").content.decode()
    assert "Tidal" in client_a.get("/publications/").content.decode()
