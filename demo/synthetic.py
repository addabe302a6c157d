"""Synthetic labs of any size, for the benchmark (``manage.py bench``) and query-budget tests.

:func:`build_lab` writes a lab with ``papers`` publications and everything that grows with
them, in proportions taken from the seed sites: about one member per 20 papers (alumni
included), 3 links and 5 CV entries per member, 4–8 authors per paper of whom about 30%
are members (the PI on most papers), 0–3 links and 0–2 topics per paper, one news item per
5 papers, a paper award per 25 papers and an honour per 5 members. The lab, its domain,
groups and topics come from :mod:`demo.factories`; the rows that grow with the lab are
model instances written with ``bulk_create`` (a 5,000-paper lab takes about 4 s of CPU;
a factory call per row would more than double it: 30,000 authorships take 0.3 s as model
instances, 2.0 s through ``AuthorshipFactory.build``), so their stored HTML is rendered
here and the lab's cached pages are made stale at the end.

:func:`make_bibtex` writes a Scholar-style BibTeX export of any size for import timings.
"""

from __future__ import annotations

import datetime
import random

from django.apps import apps

from awards.models import Award
from demo.factories import GroupFactory, LabFactory, TagFactory
from labsite.cache import bump_content_version
from labsite.markdown import render_markdown
from labsite.models import Lab
from labsite.sections import LabSection
from news.models import NewsItem
from people.models import CVEntry, Person, PersonLink, PersonSection, ResearchInterest
from people.section_defaults import DEFAULT_PERSON_KINDS
from people.services import section_rows
from publications.importers.normalize import title_key
from publications.models import Authorship, Publication, PublicationLink

# fmt: off
GIVEN = [
    "Ada", "Bruno", "Chiara", "Dmitri", "Elif", "Farah", "Goran", "Hana", "Ines", "Jonas", "Kenji",
    "Lucía", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tamar", "Umar", "Vera",
    "Wen", "Ximena", "Yusuf", "Zofia",
]
SURNAMES = [
    "Moreau", "Okafor", "Lindqvist", "Tanaka", "Haddad", "Novák", "Ferreira", "Kowalski", "Nguyen",
    "Rossi", "Schmidt", "Demir", "Iyer", "Larsen", "Müller", "García", "Petrov", "Sato", "Walker",
    "Zhou", "Abara", "Brennan", "Castillo", "Dubois", "Eriksen", "Fischer",
]
WORDS = [
    "efficient", "scalable", "sparse", "attention", "memory", "learning", "inference", "training",
    "language", "graph", "neural", "systems", "distributed", "storage", "caching", "compression",
    "quantization", "retrieval", "robust", "private", "federated", "kernels", "hardware",
    "streaming", "serving", "context", "vision", "diffusion", "agents", "planning",
]
# fmt: on
VENUES = [
    ("conference", "Advances in Neural Information Processing Systems", "NeurIPS"),
    ("conference", "International Conference on Machine Learning", "ICML"),
    ("conference", "International Conference on Learning Representations", "ICLR"),
    ("conference", "USENIX Symposium on Operating Systems Design and Implementation", "OSDI"),
    ("journal", "Journal of Machine Learning Research", "JMLR"),
    ("journal", "Proceedings of Machine Learning and Systems", "MLSys"),
    ("workshop", "Workshop on Efficient Systems for Foundation Models", "ES-FoMo"),
    ("preprint", "arXiv preprint", "arXiv"),
]
GROUPS = [
    ("faculty", "Faculty"),
    ("postdoc", "Postdocs"),
    ("phd", "PhD students"),
    ("masters", "Master's students"),
    ("undergrad", "Undergraduates"),
]
LINK_KINDS = ["scholar", "github", "orcid", "homepage", "x"]
CV_KINDS = ["education", "education", "position", "talk", "teaching", "service"]
PAPER_LINK_KINDS = ["pdf", "code", "project", "slides", "video"]
TAGS = [
    "Efficient ML", "Systems", "Language models", "Vision", "Theory", "Security", "Databases",
    "Robotics", "Compilers", "Networking", "Privacy", "Graphs",
]
ABOUT = (
    "We build **efficient** and *reliable* systems for machine learning. "
    "[Join us](https://example.org/join) — we are hiring."
)


def proportions(papers: int) -> dict[str, int]:
    """How many rows of each kind a lab of ``papers`` publications gets."""
    people = max(10, papers // 20)
    return {
        "papers": papers,
        "people": people,
        "news": max(5, papers // 5),
        "paper_awards": max(2, papers // 25),
        "person_awards": max(2, people // 5),
    }


INTERESTS = ["Efficient ML", "Systems", "Compilers"]
CUSTOM_BODY = "We are **hiring**: see [how to join](https://example.org/join)."


def _compose_pages(lab, people) -> None:
    """Every member's default sections and interests; the PI's page and the lab home also
    get a custom section, and the PI a team (every third member) as on seed 002."""
    pi = people[0]
    sections = [row for person in people for row in section_rows(
        person=person, kinds=DEFAULT_PERSON_KINDS)]  # fmt: skip
    body_html = render_markdown(CUSTOM_BODY)
    sections += [
        PersonSection(lab=lab, person=pi, kind="team", anchor="team", order=105,
                      heading="👥 Team", body=CUSTOM_BODY, body_html=body_html),
        PersonSection(lab=lab, person=pi, kind="custom", anchor="join-us", order=5,
                      heading="Join us", body=CUSTOM_BODY, body_html=body_html),
    ]  # fmt: skip
    PersonSection.objects.bulk_create(sections, batch_size=1000)
    ResearchInterest.objects.bulk_create(
        (ResearchInterest(lab=lab, person=person, title=title, order=order)
         for person in people for order, title in enumerate(INTERESTS)),
        batch_size=1000,
    )  # fmt: skip
    Person.objects.for_lab(lab).filter(pk__in=[p.pk for p in people[1::3]]).update(team_lead=pi)
    LabSection(lab=lab, kind="custom", heading="🔥 Join us", body=CUSTOM_BODY, order=15).save()


# C901: a linear script that builds one synthetic lab; left for the demo/bench work.
def build_lab(*, slug: str, host: str, papers: int, seed: int = 1) -> Lab:  # noqa: C901
    """Create the lab ``slug`` served on ``host``, filled with synthetic content."""
    rng = random.Random(seed)
    sizes = proportions(papers)
    today = datetime.date.today()
    this_year = today.year

    lab = LabFactory(
        slug=slug,
        name=f"Synthetic Lab {slug}",
        hosts=[host],
        tagline="Benchmark data",
        about=ABOUT,
        institution="University of Examples",
        email="lab@example.org",
    )
    groups = [
        GroupFactory(lab=lab, kind=kind, name=name, order=order)
        for order, (kind, name) in enumerate(GROUPS)
    ]

    # --- People: the PI first, then a realistic spread; a third of them alumni. -----------
    bio = "Works on *efficient* systems. Previously at [Example](https://example.org)."
    bio_html = render_markdown(bio)
    about = ABOUT + "\n\nSee my [publications](/publications/)."
    about_html = render_markdown(about)
    people = []
    for n in range(sizes["people"]):
        full_name = f"{GIVEN[n % len(GIVEN)]} {SURNAMES[(n * 7 + n // len(GIVEN)) % len(SURNAMES)]}"
        group = groups[0] if n == 0 else groups[1 + rng.randrange(len(groups) - 1)]
        joined = datetime.date(this_year - rng.randint(0, 12), rng.randint(1, 12), 1)
        left = None
        if n and rng.random() < 0.35:
            left = min(today - datetime.timedelta(days=30), joined + datetime.timedelta(days=900))
            left = max(left, joined)
        people.append(
            Person(
                lab=lab,
                slug=f"person-{n}",
                full_name=f"{full_name} {n}" if n >= 26 else full_name,
                group=group,
                position="Professor" if n == 0 else group.name.rstrip("s"),
                affiliation="University of Examples",
                joined=joined,
                left=left,
                now="Research scientist at Example Corp" if left else "",
                bio=bio,
                bio_html=bio_html,
                about=about,
                about_html=about_html,
                email=f"person{n}@example.org",
                order=n,
            )
        )
    people = Person.objects.bulk_create(people)
    pi = people[0]
    _compose_pages(lab, people)

    PersonLink.objects.bulk_create(
        PersonLink(
            lab=lab,
            person=person,
            kind=kind,
            url=f"https://example.org/{person.slug}/{kind}",
            order=order,
        )
        for person in people
        for order, kind in enumerate(rng.sample(LINK_KINDS, 3))
    )
    description = "Thesis on *caching*; advised by the PI."
    description_html = render_markdown(description)
    CVEntry.objects.bulk_create(
        CVEntry(
            lab=lab,
            person=person,
            kind=rng.choice(CV_KINDS),
            title=f"Entry {k} of {person.full_name}",
            organisation="University of Examples",
            place="Example City",
            start_year=this_year - 10 + k,
            end_year=this_year - 8 + k,
            description=description,
            description_html=description_html,
            order=k,
        )
        for person in people
        for k in range(5)
    )

    tags = [TagFactory(lab=lab, name=name) for name in TAGS]

    # --- Publications with authors (4–8, ~30% members), links, tags. ----------------------
    abstract = "We study " + " ".join(WORDS[:20]) + "."
    publications = []
    for n in range(papers):
        kind, venue, short = rng.choice(VENUES)
        year = this_year - (n * 15) // max(papers, 1)
        title = " ".join(rng.sample(WORDS, 6)).capitalize() + f" ({n})"
        publications.append(
            Publication(
                lab=lab,
                slug=f"paper-{n}",
                title=title,
                title_key=title_key(title),
                kind=kind,
                venue=venue,
                venue_short=f"{short} {year}",
                year=year,
                month=rng.randint(1, 12),
                pages=f"{rng.randint(1, 900)}--{rng.randint(901, 999)}",
                doi=f"10.5555/bench.{slug}.{n}" if rng.random() < 0.6 else "",
                arxiv_id=f"{year % 100:02d}{rng.randint(1, 12):02d}.{10000 + n % 90000}"
                if rng.random() < 0.5
                else "",
                abstract=abstract,
                selected=rng.random() < 0.02,
                citation_count=rng.randint(0, 500),
            )
        )
    publications = Publication.objects.bulk_create(publications, batch_size=500)

    authorships, links, tagged = [], [], []
    members = people[1:]
    for publication in publications:
        count = rng.randint(4, 8)
        linked = max(1, round(count * 0.3))
        member_positions = {count} if rng.random() < 0.9 else set()  # the PI, last
        while len(member_positions) < linked:
            member_positions.add(rng.randint(1, count - 1))
        chosen = rng.sample(members, len(member_positions)) if members else []
        for position in range(1, count + 1):
            person = None
            if position in member_positions:
                person = pi if position == count and pi not in chosen else chosen.pop()
            name = person.full_name if person else (f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}")
            authorships.append(
                Authorship(
                    lab=lab,
                    publication=publication,
                    position=position,
                    name=name,
                    person=person,
                    equal_contribution=position <= 2 and rng.random() < 0.15,
                    corresponding=position == count and rng.random() < 0.3,
                )
            )
        for order, kind in enumerate(rng.sample(PAPER_LINK_KINDS, rng.randint(0, 3))):
            links.append(
                PublicationLink(
                    lab=lab,
                    publication=publication,
                    kind=kind,
                    order=order,
                    url=f"https://example.org/{publication.slug}/{kind}",
                )
            )
        for tag in rng.sample(tags, rng.randint(0, 2)):
            tagged.append(Publication.tags.through(publication=publication, tag=tag))
    Authorship.objects.bulk_create(authorships, batch_size=1000)
    PublicationLink.objects.bulk_create(links, batch_size=1000)
    Publication.tags.through.objects.bulk_create(tagged, batch_size=1000)

    # --- Awards and news. -----------------------------------------------------------------
    award_description = "For *outstanding* work."
    award_html = render_markdown(award_description)
    awards = [
        Award(
            lab=lab,
            title=rng.choice(["Best Paper Award", "Oral", "Spotlight"]),
            kind="paper",
            granting_body=publication.venue_short,
            year=publication.year,
            publication=publication,
            description=award_description,
            description_html=award_html,
        )
        for publication in rng.sample(publications, min(sizes["paper_awards"], papers))
    ]
    awards += [
        Award(
            lab=lab,
            title="Graduate Fellowship",
            kind="fellowship",
            granting_body="Example Foundation",
            year=this_year - rng.randint(0, 8),
            person=person,
            description=award_description,
            description_html=award_html,
        )
        for person in rng.sample(people, min(sizes["person_awards"], len(people)))
    ]
    Award.objects.bulk_create(awards)

    news = []
    for n in range(sizes["news"]):
        body = f"Our paper **{n}** was accepted. [Read it](https://example.org/news/{n})."
        date = today - datetime.timedelta(days=3 * n + 1)
        news.append(
            NewsItem(
                lab=lab,
                date=date,
                title=f"Paper {n} accepted" if n % 2 == 0 else "",
                slug=f"{date.isoformat()}-news-{n}",
                body=body,
                body_html=render_markdown(body),
                person=people[n % len(people)] if n % 3 == 0 else None,
                publication=publications[n % papers] if papers and n % 4 == 0 else None,
                pinned=n == 0,
                status="draft" if n % 10 == 9 else "published",
            )
        )
    NewsItem.objects.bulk_create(news, batch_size=500)

    bump_content_version(lab.pk)  # bulk writes send no signals
    return lab


def delete_lab(lab: Lab) -> None:
    """Delete a synthetic lab fast: one DELETE per table, no per-row signals.

    Every installed model with a ``lab`` key is emptied of the lab's rows, those that point
    at other tenant rows first, so a model an app adds later cannot leave a row behind that
    makes the lab's own DELETE fail on its foreign keys.
    """
    models = _tenant_models_referrers_first()
    for model in models:  # many-to-many rows (paper topics) point at both ends: first
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                lab_rows = {f"{field.m2m_field_name()}__lab": lab}
                through._base_manager.filter(**lab_rows)._raw_delete("default")
    for model in models:
        model._base_manager.filter(lab=lab)._raw_delete("default")  # Domain, LabRole too
    lab.delete()


def _tenant_models_referrers_first() -> list[type]:
    tenant = [
        model for model in apps.get_models()
        if any(field.name == "lab" and field.is_relation for field in model._meta.fields)
    ]  # fmt: skip
    ordered: list[type] = []

    def visit(model, seen=()):
        if model in ordered or model in seen:
            return
        for other in tenant:
            if other is not model and any(
                field.is_relation and field.related_model is model
                for field in other._meta.fields
            ):
                visit(other, (*seen, model))
        ordered.append(model)

    for model in tenant:
        visit(model)
    return ordered


# --- BibTeX export of any size --------------------------------------------------------------


def make_bibtex(count: int, *, seed: int = 5, member: str = "Moreau, Ada") -> str:
    """A Scholar-style export: ``count`` distinct entries, ``member`` an author of each."""
    rng = random.Random(seed)
    entries = []
    for n in range(count):
        words = rng.sample(WORDS, 7)
        title = f"{words[0].capitalize()}: {' '.join(words[1:])} {n}"
        authors = [f"{rng.choice(SURNAMES)}, {rng.choice(GIVEN)}" for _ in range(rng.randint(3, 7))]
        authors.insert(rng.randint(0, len(authors)), member)
        year = rng.randint(2005, 2025)
        kind, venue, _short = rng.choice(VENUES)
        if kind == "preprint":
            body = [
                (
                    "journal",
                    f"arXiv preprint arXiv:{year % 100:02d}{rng.randint(1, 12):02d}."
                    f"{rng.randint(10000, 99999)}",
                )
            ]
            entry_type = "article"
        elif kind == "journal":
            body = [
                ("journal", venue),
                ("volume", str(rng.randint(1, 40))),
                ("pages", f"{rng.randint(1, 900)}--{rng.randint(901, 2000)}"),
            ]
            entry_type = "article"
        else:
            body = [
                ("booktitle", venue),
                ("pages", f"{rng.randint(1, 900)}--{rng.randint(901, 2000)}"),
            ]
            entry_type = "inproceedings"
        fields = [("title", title), ("author", " and ".join(authors)), *body, ("year", str(year))]
        lines = ",\n".join(f"  {name}={{{value}}}" for name, value in fields)
        entries.append(f"@{entry_type}{{key{n}{words[0]},\n{lines}\n}}")
    return "\n\n".join(entries) + "\n"
