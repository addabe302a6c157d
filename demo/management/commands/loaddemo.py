"""Create a demo lab so that a newcomer's `make run` shows a living site.

Everything here is fictional. It never touches a database that already has content.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify

from demo.factories import (
    AwardFactory,
    CVEntryFactory,
    GroupFactory,
    NewsItemFactory,
    PersonFactory,
    PersonLinkFactory,
    PublicationFactory,
    RedirectFactory,
)
from demo.recorded_metadata import record_metadata
from labsite.models import Lab, LabRole
from labsite.sections import LabSection
from labsite.services import create_lab
from people.models import Group, Person, PersonSection
from people.services import add_interests, add_sections
from publications.list_settings import get_or_create_list_settings

DEMO_ADMIN_USERNAME = "demo-admin"
DEMO_ADMIN_PASSWORD = "demo-admin-password"  # noqa: S105  (printed for the newcomer)
ADMIN_URL = "http://127.0.0.1:8000/admin/"  # where `make run` serves it

PEOPLE = [
    # slug, name, variants, group kind, position, joined, left, now
    ("ada-moreau", "Ada Moreau", "Moreau, Ada\nA. Moreau\nA Moreau", "faculty",
     "Associate Professor, lab director", "2016-09-01", None, ""),
    ("kenji-sato", "Kenji Sato", "Sato, Kenji\nK. Sato", "postdoc",
     "Postdoctoral researcher", "2023-01-15", None, ""),
    ("lena-fischer", "Lena Fischer", "Fischer, Lena\nL. Fischer", "phd",
     "Third year Ph.D. student", "2022-09-01", None, ""),
    ("omar-haddad", "Omar Haddad", "Haddad, Omar", "phd",
     "First year Ph.D. student", "2024-09-01", None, ""),
    ("priya-raman", "Priya Raman", "Raman, Priya", "masters",
     "Second year master's student", "2023-09-01", None, ""),
    ("tomas-novak", "Tomás Novák", "Novák, Tomás\nNovak, Tomas\nT. Novak", "undergrad",
     "Fourth year undergraduate", "2024-02-01", None, ""),
    ("mei-lin", "Mei Lin", "Lin, Mei", "phd",
     "Ph.D. student", "2018-09-01", "2023-06-30", "Research scientist at a systems startup"),
    ("jonas-berg", "Jonas Berg", "Berg, Jonas", "masters",
     "Master's student", "2021-09-01", "2023-08-31", "Ph.D. student at ETH Zürich"),
]

PAPERS = [
    # slug, title, kind, venue, short, year, authors ("*" = equal contribution), selected, links
    ("moreau2025tidal", "Tidal: Elastic Scheduling for Shared GPU Clusters", "conference",
     "USENIX Symposium on Operating Systems Design and Implementation", "OSDI 2025", 2025,
     ["Lena Fischer*", "Kenji Sato*", "Rui Costa", "Ada Moreau"], True,
     [("pdf", "https://example.org/papers/tidal.pdf"), ("code", "https://github.com/example/tidal")]),
    ("fischer2024sparse", "Sparse Speculation: Faster Decoding with Draft Trees", "conference",
     "Advances in Neural Information Processing Systems", "NeurIPS 2024", 2024,
     ["Lena Fischer", "Omar Haddad", "Wei Zhang", "Ada Moreau"], True,
     [("arxiv", "https://arxiv.org/abs/2409.00001"), ("blog", "https://example.org/blog/sparse")]),
    ("sato2024quant", "Four Bits Are Enough: Quantising the KV Cache", "conference",
     "International Conference on Machine Learning", "ICML 2024", 2024,
     ["Kenji Sato", "Priya Raman", "Ada Moreau"], True,
     [("pdf", "https://example.org/papers/fourbits.pdf")]),
    ("lin2023pollen", "Pollen: Co-adaptive Batching for Deep Learning Inference", "journal",
     "ACM Transactions on Computer Systems", "TOCS 2023", 2023,
     ["Mei Lin", "Jonas Berg", "Ada Moreau"], False,
     [("doi", "https://doi.org/10.1145/0000001")]),
    ("haddad2025drift", "Measuring Drift in Long-Context Benchmarks", "preprint",
     "arXiv", "arXiv 2025", 2025,
     ["Omar Haddad", "Tomás Novák", "Ada Moreau"], False,
     [("arxiv", "https://arxiv.org/abs/2502.00002")]),
    ("raman2024edge", "Energy-Aware Inference at the Edge", "workshop",
     "Workshop on Efficient Systems for Foundation Models", "ES-FoMo 2024", 2024,
     ["Priya Raman", "Kenji Sato", "Ada Moreau"], False, []),
]

NEWS = [
    ("2025-09-12", "Tidal accepted at OSDI 2025", "Our paper **Tidal** on elastic GPU scheduling "
     "was accepted at OSDI 2025. Congratulations Lena and Kenji! 🎉", None, "moreau2025tidal",
     True),
    ("2025-06-02", "", "Omar gave an invited talk on long-context evaluation at the summer school.",
     "omar-haddad", None, False),
    ("2024-12-10", "", "Lena presented *Sparse Speculation* at NeurIPS 2024 in Vancouver.",
     "lena-fischer", "fischer2024sparse", False),
    ("2024-09-01", "Welcome, Omar!", "Omar Haddad joined the lab as a Ph.D. student.", None, None,
     False),
]

AWARDS = [
    # title, badge, body, year, kind, person slug, paper slug
    ("Best Paper Award", "Best Paper", "OSDI 2025", 2025, "paper", None, "moreau2025tidal"),
    ("Spotlight presentation", "Spotlight", "NeurIPS 2024", 2024, "paper", None,
     "fischer2024sparse"),
    ("Graduate Fellowship", "", "Example Foundation", 2024, "fellowship", "lena-fischer", None),
    ("Early Career Award", "", "Example Computing Society", 2022, "honour", "ada-moreau", None),
]


class Command(BaseCommand):
    help = "Load a fictional demo lab into an empty database (does nothing otherwise)."

    def handle(self, *args, **options):
        if Lab.objects.exists():
            self.stdout.write("The database already has content: the demo was not loaded.")
            self.stdout.write(f"Admin: {ADMIN_URL}  {self._existing_login()}")
            return
        with transaction.atomic():
            lab = build_demo_lab()
            user = create_demo_admin(lab)
        self.stdout.write(self.style.SUCCESS(f'Loaded the demo lab "{lab.name}".'))
        self.stdout.write(f"Admin: {ADMIN_URL}  user {user.username}  password "
                          f"{DEMO_ADMIN_PASSWORD}")

    @staticmethod
    def _existing_login() -> str:
        """What a later `make run` says about logging in: the demo's login while it works."""
        user = get_user_model().objects.filter(username=DEMO_ADMIN_USERNAME).first()
        if user is not None and user.is_active and user.check_password(DEMO_ADMIN_PASSWORD):
            return f"user {DEMO_ADMIN_USERNAME}  password {DEMO_ADMIN_PASSWORD}"
        return "(make a login: DEBUG=1 .venv/bin/python manage.py createsuperuser)"


def create_demo_admin(lab):
    user = get_user_model().objects.create_user(
        DEMO_ADMIN_USERNAME, password=DEMO_ADMIN_PASSWORD, is_staff=True
    )
    LabRole.objects.create(user=user, lab=lab, role=LabRole.Role.ADMIN)
    return user


def build_demo_lab():
    # The lab through the service (validated hosts); its content through demo.factories.
    lab = create_lab(
        slug="demo",
        name="Lab for Efficient Learning Systems",
        domains=["localhost"],
        tagline="We build the systems that make machine learning fast, cheap and fair to share.",
        institution="Example University, School of Computer Science",
        address="Room 3014, 100 Example Street, Springfield",
        about="We study **machine learning systems**: schedulers for shared GPU clusters, "
        "fast inference for large models, and the benchmarks that keep us honest.\n\n"
        "> [!IMPORTANT]\n> We are looking for Ph.D. students. "
        "[Read how to join](https://example.org/join).",
    )
    # The old site's addresses keep working (labsite.Redirect).
    RedirectFactory(lab=lab, old_path="/about.html", target="/", note="The old lab site")
    groups = {
        kind: GroupFactory(lab=lab, kind=kind, name=name, order=index)
        for index, (kind, name) in enumerate(Group.DEFAULTS)
    }
    people = {}
    for order, (slug, name, variants, kind, position, joined, left, now) in enumerate(PEOPLE):
        people[name] = PersonFactory(
            lab=lab, slug=slug, full_name=name, name_variants=variants, group=groups[kind],
            position=position, joined=_date(joined), left=_date(left), now=now, order=order,
            email=f"{slug.split('-')[0]}@example.org", affiliation="Example University",
        )
    ada = people["Ada Moreau"]
    ada.about = (
        "I lead the Lab for Efficient Learning Systems. My research interests lie broadly in "
        "**efficient ML systems, algorithms and architectures**.\n\n"
        "Before that I received my Ph.D. from Example Institute of Technology.\n\n"
        "==Prospective students:== please read [how to join](https://example.org/join) first."
    )
    ada.bio = "Works on schedulers and inference systems."
    ada.location = "Room 3014, 100 Example Street, Springfield"
    ada.save()
    lena = people["Lena Fischer"]
    lena.about = "I work on speculative decoding and GPU scheduling, advised by Ada Moreau."
    lena.team_lead = ada
    lena.save()
    _compose_demo_pages(lab, ada, lena, people)
    for person, kind, url in [
        (ada, "scholar", "https://scholar.google.com/citations?user=EXAMPLE0001"),
        (ada, "github", "https://github.com/example-ada"),
        (ada, "orcid", "https://orcid.org/0000-0002-1825-0097"),
        (ada, "x", "https://x.com/example_ada"),
        (lena, "scholar", "https://scholar.google.com/citations?user=EXAMPLE0002"),
        (lena, "github", "https://github.com/example-lena"),
    ]:
        PersonLinkFactory(lab=lab, person=person, kind=kind, url=url)
    for person, kind, title, org, start, end in [
        (ada, "education", "Ph.D. in Computer Science", "Example Institute of Technology", 2010,
         2015),
        (ada, "education", "B.Sc. in Mathematics", "Example College", 2006, 2010),
        (ada, "position", "Associate Professor", "Example University", 2016, None),
        (ada, "talk", "Scheduling for the GPU-poor (keynote)", "Systems Summer School", 2025, 2025),
        (ada, "teaching", "CS 544: Machine Learning Systems", "Example University", 2019, None),
        (ada, "service", "Program committee, OSDI and MLSys", "", 2022, None),
        (lena, "education", "Ph.D. in Computer Science (in progress)", "Example University", 2022,
         None),
        (lena, "talk", "Sparse Speculation", "NeurIPS 2024, Vancouver", 2024, 2024),
    ]:
        CVEntryFactory(
            lab=lab, person=person, kind=kind, title=title, organisation=org, start_year=start,
            end_year=end,
        )
    papers = {}
    for slug, title, kind, venue, short, year, authors, selected, links in PAPERS:
        papers[slug] = PublicationFactory(
            lab=lab, slug=slug, title=title, kind=kind, venue=venue, venue_short=short,
            year=year, selected=selected,
            abstract="A fictional abstract for the demo lab: what we built, why it matters, and "
            "how much faster it is.",
            authors=[
                (printed.rstrip("*"), people.get(printed.rstrip("*")),
                 {"equal_contribution": printed.endswith("*")})
                for printed in authors
            ],
            links=links,
        )
    record_metadata(lab, papers)
    _show_citations(lab, ada)
    by_slug = {person.slug: person for person in people.values()}
    for date, title, body, person_slug, paper_slug, pinned in NEWS:
        NewsItemFactory(
            lab=lab, date=_date(date), title=title, body=body, pinned=pinned,
            slug=slugify(f"{date} {title or body[:40]}")[:60].strip("-"),
            person=by_slug.get(person_slug), publication=papers.get(paper_slug),
        )
    for title, badge, body, year, kind, person_slug, paper_slug in AWARDS:
        AwardFactory(
            lab=lab, title=title, badge=badge, granting_body=body, year=year, kind=kind,
            person=by_slug.get(person_slug), publication=papers.get(paper_slug),
        )
    return lab


JOIN_US = (
    "We are looking for Ph.D. students who like making machine learning fast. "
    "**Applications for 2026 are open.** [Read how to join](https://example.org/join)."
)


def _compose_demo_pages(lab, ada, lena, people) -> None:
    """Renamed headings (with emoji), a custom section and a team, as members compose them."""
    add_interests(person=ada, titles=[
        ("Machine learning systems", "Schedulers and runtimes for shared GPU clusters."),
        ("Distributed scheduling", ""),
        ("Efficient inference", "Serving large models on less hardware."),
    ])  # fmt: skip
    add_interests(person=lena, titles=["Speculative decoding", "GPU scheduling"])
    headings = {"news": "🔥 News", "publications": "📝 Publications",
                "awards": "🎖 Honors and Awards", "education": "📖 Educations",
                "talks": "💬 Presentations"}  # fmt: skip
    for row in PersonSection.objects.for_lab(lab).filter(person=ada, kind__in=headings):
        row.heading = headings[row.kind]
        row.save()
    add_sections(person=ada, kinds=["team"])
    team = PersonSection.objects.for_lab(lab).get(person=ada, kind="team")
    team.heading, team.order = "👥 Team", 35
    team.body = "I lead the lab's systems team. Its members, past and present:"
    team.save()
    PersonSection(lab=lab, person=ada, kind="custom", heading="🧑‍🎓 Join us", body=JOIN_US,
                  order=15).save()  # fmt: skip
    others = [person.pk for person in people.values() if person.pk not in (ada.pk, lena.pk)]
    for person in Person.objects.for_lab(lab).filter(pk__in=others[:3]):
        person.team_lead = ada
        person.save()
    news = LabSection.objects.for_lab(lab).get(kind="news")
    news.heading = "🔥 News"
    news.save()
    LabSection(lab=lab, kind="custom", heading="Join the lab", body=JOIN_US, order=15).save()


def _show_citations(lab, ada) -> None:
    """Counts, stars and totals where a lab would switch them on: the lab's list (with
    Altmetric and Dimensions links), the home's about and papers, Ada's about and papers."""
    settings = get_or_create_list_settings(lab=lab)
    settings.show_citations = settings.show_metric_links = True
    settings.save()
    kinds = ["about", "publications"]
    home_rows = LabSection.objects.for_lab(lab).filter(kind__in=kinds)
    ada_rows = PersonSection.objects.for_lab(lab).filter(person=ada, kind__in=kinds)
    for row in [*home_rows, *ada_rows]:
        row.show_citation_total = row.kind == "about"
        row.show_citations = row.kind == "publications"
        row.save()


def _date(value):
    return datetime.date.fromisoformat(value) if value else None
