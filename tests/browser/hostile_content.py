"""A lab whose content is hostile to narrow screens but real: what editors do paste.

Long unbroken words and URLs in every field a page prints, a 1600x900 PNG thumbnail, an
oversized image, tables and code blocks in markdown bodies. Used by test_layout.py.
"""

import datetime
import io
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from people.models import Person, PersonSection
from tests.factories import (
    make_award,
    make_cv_entry,
    make_domain,
    make_group,
    make_lab,
    make_news,
    make_person,
    make_person_link,
    make_publication,
    make_tag,
)

# A real German compound: 94 letters, no hyphen, no break opportunity.
LONG_WORD = (
    "Donaudampfschifffahrtselektrizitätenhauptbetriebswerk"
    "bauunterbeamtengesellschaftskapitänswitwe"
)
# A 200-character link as Scholar or a cloud drive hands it out: one unbreakable token.
LONG_URL = "https://scholar.example.org/citations?user=" + (
    "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789" * 5
)[:157]
LONG_EMAIL = "donaudampfschifffahrtselektrizitaetenhauptbetriebswerk@example.org"
# Badges and link labels are short fields: fill each to its limit with one word (a venue
# or award badge and a member's link label take 100 characters, a paper's link label 60).
LONG_BADGE = (LONG_WORD * 2)[:100]
LONG_LABEL = LONG_WORD[:60]
LONG_MEMBER_LABEL = (LONG_WORD * 2)[:100]
LONG_CODE_LINE = "result = " + "very_long_identifier_" * 12 + "()"

# Markdown that a lab writes into news, bios and CV entries.
MARKDOWN = f"""Read more at <{LONG_URL}> or [{LONG_URL}]({LONG_URL}).

The {LONG_WORD} project.

| Benchmark | Link | Score |
| --- | --- | --- |
| {LONG_WORD} | {LONG_URL} | 97.3 |
| Baseline | <{LONG_URL}> | 81.0 |

```
{LONG_CODE_LINE}
{"x" * 200}
```

Inline `{LONG_WORD}{LONG_WORD}` code.
"""


@dataclass
class HostileLab:
    lab: object
    host: str
    member_host: str
    paths: list[tuple[str, str]] = field(default_factory=list)
    foreign_title: str = ""


def png_bytes(width: int, height: int) -> bytes:
    image = Image.new("RGB", (width, height), (30, 90, 160))
    image.paste((230, 160, 20), (0, 0, width // 3, height // 3))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def build_hostile_lab(*, host: str, member_host: str) -> HostileLab:
    """The lab on ``host``, one member's own domain on ``member_host``, and every public
    path of the lab as (name, path)."""
    lab = make_lab(
        slug="hostile",
        name=f"{LONG_WORD} Lab",
        hosts=[host],
        tagline=f"{LONG_WORD} {LONG_URL}",
        institution=f"Universität {LONG_WORD}",
        address=f"{LONG_WORD}straße 1\n{LONG_URL}",
        email=LONG_EMAIL,
        about=MARKDOWN,
        footer_text=f"© {LONG_WORD}",
    )
    figure = default_storage.save(
        f"labs/{lab.slug}/news/figure.png", ContentFile(png_bytes(1600, 900))
    )
    # Raw HTML in markdown keeps width and height: an image declared 1600 px wide.
    figure_html = (
        f'<img src="{default_storage.url(figure)}" width="1600" height="900" alt="A figure">'
    )

    faculty = make_group(lab=lab, name=LONG_WORD, kind="faculty")
    sections = ("about,interests,custom,publications,news,awards,education,positions,talks,"
                "teaching,service,team")
    common = {
        "position": f"Professor of {LONG_WORD}",
        "affiliation": f"Institut für {LONG_WORD}",
        "bio": f"Works on {LONG_WORD}. {LONG_URL}",
        "about": MARKDOWN + "\n\n" + figure_html,
        "research_interests": f"{LONG_WORD}\n{LONG_URL}\nSystems",
        "email": LONG_EMAIL,
        "location": f"{LONG_WORD}\n{LONG_URL}",
        "sections": sections,
        "group": faculty,
    }
    ada = make_person(lab=lab, full_name=f"Ada {LONG_WORD}", slug="ada", **common)
    ben = make_person(lab=lab, full_name=f"Ben {LONG_WORD}", slug="ben", **common)
    make_person(
        lab=lab, full_name=f"Cleo {LONG_WORD}", slug="cleo", position=f"Student {LONG_WORD}",
        joined=datetime.date(2018, 9, 1), left=datetime.date(2022, 6, 30),
        now=f"Research scientist at {LONG_WORD}",
    )
    make_domain(lab=lab, host=member_host, person=ben)
    # Ada's custom section and the team she leads: long words and URLs there too.
    custom = PersonSection.objects.for_lab(lab).get(person=ada, kind="custom")
    custom.heading, custom.body = f"🔥 {LONG_WORD}", MARKDOWN
    custom.save()
    Person.objects.for_lab(lab).filter(slug__in=["ben", "cleo"]).update(team_lead=ada)
    for person in (ada, ben):
        for kind in ("github", "homepage", "other"):
            make_person_link(
                lab=lab, person=person, kind=kind, url=LONG_URL, label=LONG_MEMBER_LABEL
            )
        for kind in ("education", "position", "talk", "teaching", "service"):
            make_cv_entry(
                lab=lab, person=person, kind=kind, title=f"{LONG_WORD} {kind}",
                organisation=LONG_WORD,
                place=LONG_URL, start_year=2019, start_month=9, end_year=2023,
                description=MARKDOWN, link=LONG_URL,
            )

    tag = make_tag(lab=lab, name=LONG_WORD[:80])
    paper = make_publication(
        lab=lab,
        slug="long-paper",
        title=f"{LONG_WORD}: {LONG_WORD} for {LONG_URL}",
        authors=[(f"Ada {LONG_WORD}", ada), (f"Ben {LONG_WORD}", ben), LONG_WORD, "Kim Lee"],
        venue=f"Proceedings of the {LONG_WORD} Conference on {LONG_WORD}",
        venue_short=LONG_BADGE,
        year=2025,
        volume="12",
        pages="1--20",
        publisher=f"{LONG_WORD} Press",
        doi="10.1145/" + "9" * 150,
        arxiv_id="2501.00001",
        abstract=f"We study {LONG_WORD}.\n\n{LONG_URL}\n\n{'y' * 300}",
        note=f"Also {LONG_WORD} {LONG_URL[:180]}",
        selected=True,
        citation_count=12,
        tags=[tag],
        links=[(kind, LONG_URL, LONG_LABEL) for kind in ("pdf", "code", "other")],
    )
    paper.thumbnail.save("teaser.png", ContentFile(png_bytes(1600, 900)), save=True)
    plain = make_publication(
        lab=lab, slug="plain-paper", title="A Plain Workshop Paper", authors=[("Ada", ada)],
        kind="workshop", venue=LONG_WORD, venue_short="WS 2023", year=2023, selected=True,
    )

    make_award(
        lab=lab, title=LONG_WORD, granting_body=f"{LONG_WORD} Society",
        year=2024, month=5, person=ada, link=LONG_URL, description=MARKDOWN,
    )
    make_award(
        lab=lab, title=f"Best Paper {LONG_WORD}", badge=LONG_BADGE, kind="paper",
        granting_body=LONG_WORD, year=2025, publication=paper, link=LONG_URL,
    )
    for year in (2019, 2020, 2021, 2022):  # enough years for the year navigation
        make_award(lab=lab, title=f"Fellowship {year}", year=year, person=ben)

    long_news = make_news(
        lab=lab, slug="long-news", title=f"{LONG_WORD} at {LONG_URL[:100]}",
        body=MARKDOWN + "\n\n" + figure_html, date=datetime.date(2025, 3, 1),
        person=ada, publication=paper, pinned=True,
    )
    short_news = make_news(
        lab=lab, slug="short-news", body=f"Congratulations {LONG_WORD}! {LONG_URL}",
        date=datetime.date(2025, 2, 1), person=ben,
    )
    url_only = make_news(
        lab=lab, slug="url-only", title="Slides", body=f"<{LONG_URL}>",
        date=datetime.date(2025, 1, 1),
    )

    for day in range(1, 21):  # a second page of news, and the pagination links
        make_news(lab=lab, slug=f"update-{day}", body=f"Update {LONG_WORD}",
                  date=datetime.date(2024, 12, day))

    # Another lab's paper: must never show on this lab's pages.
    other = make_lab(slug="other", name="Other Lab")
    foreign = make_publication(lab=other, slug="foreign", title="Zyxwvut Foreign Paper")

    hostile = HostileLab(lab=lab, host=host, member_host=member_host,
                         foreign_title=foreign.title)
    hostile.paths = [
        ("home", "/"),
        ("team", "/people/"),
        ("homepage-ada", ada.get_absolute_url()),
        ("homepage-ben", ben.get_absolute_url()),
        ("publications", "/publications/"),
        ("publications-year", "/publications/?year=2025"),
        ("publications-person", "/publications/?person=ada"),
        ("publications-kind", "/publications/?kind=workshop&group=kind"),
        ("publications-tag", f"/publications/?tag={tag.slug}"),
        ("publications-search", f"/publications/?q={LONG_WORD}"),
        ("publications-bad-filter", f"/publications/?person={LONG_WORD.lower()[:50]}&year=abc"),
        ("paper", paper.get_absolute_url()),
        ("paper-plain", plain.get_absolute_url()),
        ("foreign-paper", foreign.get_absolute_url()),
        ("news", "/news/"),
        ("news-page-2", "/news/?page=2"),
        *((f"news-{item.slug}", item.get_absolute_url())
          for item in (long_news, short_news, url_only)),
        ("awards", "/awards/"),
        ("not-found", f"/{LONG_WORD.lower()}/"),
    ]
    return hostile
