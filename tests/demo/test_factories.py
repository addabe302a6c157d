"""demo.factories, the one set of builders of the tests, the demo and the benchmark: a
tenant row is never made without its lab, and never tied to a row of another lab."""

import pytest
from django.apps import apps

from demo import factories
from demo.factories import CrossLabError, MissingLabError
from labsite.models import Domain, Lab, TenantModel
from publications.models import Authorship, Publication
from tests.factories import (
    make_award,
    make_cv_entry,
    make_lab,
    make_news,
    make_person,
    make_person_link,
    make_publication,
    make_publication_link,
)

pytestmark = pytest.mark.django_db

TENANT_FACTORIES = [
    factories.DomainFactory,
    factories.RedirectFactory,
    factories.GroupFactory,
    factories.PersonFactory,
    factories.PersonLinkFactory,
    factories.CVEntryFactory,
    factories.LabSectionFactory,
    factories.PersonSectionFactory,
    factories.ResearchInterestFactory,
    factories.TagFactory,
    factories.PublicationFactory,
    factories.AuthorshipFactory,
    factories.PublicationLinkFactory,
    factories.PublicationListSettingsFactory,
    factories.AwardFactory,
    factories.NewsItemFactory,
]


def tenant_rows() -> dict[str, int]:
    models = [m for m in apps.get_models() if issubclass(m, TenantModel)]
    return {m._meta.label: m._base_manager.count() for m in [*models, Lab, Domain]}


def test_every_tenant_model_has_a_factory_that_needs_lab():
    covered = {f._meta.model for f in TENANT_FACTORIES}
    missing = {
        m._meta.label
        for m in apps.get_models()
        if issubclass(m, TenantModel) and m not in covered
    }
    # Import bookkeeping rows are written by the import service, and citation counts by the
    # metadata refresh (demo sits beside metadata, not above it), never built by hand; a
    # lab's fresh-metadata settings are made on first use (metadata.lab_settings), works
    # found in ORCID or DBLP by a refresh (metadata.works), and a preprint's venue-version
    # suggestions by a refresh too (metadata.suggestions).
    assert missing <= {
        "publications.PossibleDuplicate", "publications.ImportUpload", "metadata.CitationCount",
        "metadata.LabMetadataSettings", "metadata.FoundWorks", "metadata.MetadataSuggestion",
    }, missing


@pytest.mark.parametrize("factory", TENANT_FACTORIES, ids=lambda f: f.__name__)
def test_a_tenant_factory_without_lab_raises_and_writes_nothing(factory, lab_a):
    before = tenant_rows()
    for make in (factory, factory.create, factory.build):
        with pytest.raises(MissingLabError, match=rf"^{factory.__name__} needs lab=.*\(lab=lab\)"):
            make()
    with pytest.raises(MissingLabError, match=f"^{factory.__name__} needs lab="):
        factory(lab=None)
    assert tenant_rows() == before


def test_the_tests_helpers_are_the_factories_and_need_lab_too():
    for make in (make_person, make_publication, make_news, make_award, make_cv_entry):
        with pytest.raises(MissingLabError):
            make()
    assert not any(tenant_rows().values())


def test_related_rows_a_factory_makes_belong_to_its_lab(lab_a, lab_b):
    rows = [
        make_person_link(lab=lab_b),
        make_cv_entry(lab=lab_b),
        make_publication_link(lab=lab_b),
        factories.AuthorshipFactory(lab=lab_b),
        make_award(lab=lab_b),
    ]
    for row in rows:
        related = getattr(row, "person", None) or row.publication
        assert row.lab == lab_b and related.lab == lab_b, row
    assert not Publication.objects.for_lab(lab_a).exists()
    assert lab_a.pk not in set(Authorship.objects.values_list("lab", flat=True))


def test_a_row_of_another_lab_is_refused_and_nothing_is_written(lab_a, lab_b):
    beatrix = make_person(lab=lab_b, full_name="Beatrix Beta")
    paper = make_publication(lab=lab_a, title="Alpha paper")
    before = tenant_rows()
    with pytest.raises(CrossLabError, match="person.*same lab"):
        factories.AuthorshipFactory(lab=lab_a, publication=paper, person=beatrix)
    with pytest.raises(CrossLabError, match="person"):
        make_publication(lab=lab_a, title="Half built", authors=["Ann", ("Beatrix", beatrix)])
    with pytest.raises(CrossLabError, match="publication"):
        make_news(lab=lab_b, publication=paper)
    assert tenant_rows() == before
    assert not Publication.objects.for_lab(lab_a).filter(title="Half built").exists()


def test_a_publication_with_its_authors_tags_and_links_in_order(lab_a, client_a):
    ada = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada")
    paper = make_publication(
        lab=lab_a,
        title="Tidal scheduling",
        authors=["Rui Costa", ("Ada Moreau", ada, {"corresponding": True})],
        tags=["systems"],
        links=[("pdf", "https://example.org/tidal.pdf"), ("code", "https://example.org/c", "Code")],
    )
    authors = list(paper.authorships.values_list("position", "name", "person", "corresponding"))
    assert authors == [(1, "Rui Costa", None, False), (2, "Ada Moreau", ada.pk, True)]
    assert [(t.slug, t.lab_id) for t in paper.tags.all()] == [("systems", lab_a.pk)]
    assert list(paper.links.values_list("kind", "label", "order")) == [
        ("pdf", "", 0),
        ("code", "Code", 1),
    ]
    page = client_a.get(paper.get_absolute_url()).content.decode()
    assert "Tidal scheduling" in page and "https://example.org/tidal.pdf" in page


def test_another_labs_factory_rows_are_404_and_never_listed(lab_a, lab_b, client_a):
    secret = make_publication(lab=lab_b, title="Beta only paper", slug="beta-only")
    make_news(lab=lab_b, title="Beta only news", slug="beta-news")
    make_person(lab=lab_b, full_name="Beta Only Person", slug="beta-person")
    make_publication(lab=lab_a, title="Alpha paper", slug="alpha-paper")
    assert client_a.get(secret.get_absolute_url()).status_code == 404
    assert client_a.get("/news/beta-news/").status_code == 404
    assert client_a.get("/people/beta-person/").status_code == 404
    for path in ("/", "/publications/", "/news/", "/people/", "/publications.bib"):
        body = client_a.get(path).content.decode()
        assert "Beta only" not in body and "Beta Only" not in body, path
    assert "Alpha paper" in client_a.get("/publications/").content.decode()


def test_a_lab_factory_with_hosts_serves_the_lab_on_them(client):
    lab = make_lab(name="Gamma Lab", hosts=["gamma.example.org", "www.gamma.example.org"])
    assert [(d.host, d.is_primary) for d in lab.domains.order_by("-is_primary")] == [
        ("gamma.example.org", True),
        ("www.gamma.example.org", False),
    ]
    assert "Gamma Lab" in client.get("/", HTTP_HOST="www.gamma.example.org").content.decode()


def test_a_taken_host_leaves_no_lab_behind(lab_a):
    with pytest.raises(Exception, match="(?i)unique|duplicate"):
        make_lab(slug="copycat", hosts=["fresh.example.org", "a.example.org"])
    assert not Lab.objects.filter(slug="copycat").exists()
    assert not Domain.objects.filter(host="fresh.example.org").exists()
