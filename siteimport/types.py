"""What a site reader finds in a theme's files: plain data, no database.

Every reader (``siteimport/formats/<theme>.py``) turns a :class:`~siteimport.source.SiteSource`
into one :class:`SiteData`; ``siteimport.writing`` alone turns that into rows, so the rules of
merging, idempotence and tenancy live in one place whatever the theme. Dates carry their
precision (``labsite.dates.DatePrecision`` values) exactly as the page wrote them; text is
markdown (HTML already converted, see ``siteimport.text``); every item names the file and
line it came from so the report and the preview can point at it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from publications.importers.base import ParsedEntry


@dataclass(frozen=True)
class Origin:
    """Where an item was read: shown in the preview and the report."""

    path: str  # inside the site, "/"-separated: "_pages/about.md"
    line: int | None = None

    def describe(self) -> str:
        return f"{self.path}, line {self.line}" if self.line else self.path


@dataclass
class SiteDate:
    date: datetime.date | None = None
    precision: str = "none"  # a labsite.dates.DatePrecision value


@dataclass
class SiteLink:
    kind: str  # a people.PersonLink.Kind (person) or publications.PublicationLink.Kind value
    url: str  # absolute http(s) URL, or "mailto:…"
    label: str = ""


@dataclass
class SiteProfile:
    name: str = ""
    name_inferred: bool = False  # read from bold names in author lists, not from a config
    native_name: str = ""
    position: str = ""
    affiliation: str = ""
    email: str = ""  # as written; an obfuscated address ("jane [at] x.edu") stays text
    email_obfuscated: bool = False
    address: str = ""  # several lines
    photo: str = ""  # path inside the site
    about: str = ""  # markdown: the free text of the page
    bio: str = ""  # one or two sentences, for the team page
    links: list[SiteLink] = field(default_factory=list)
    origin: Origin | None = None


@dataclass
class SiteSection:
    """A section of the page in the page's order: a built-in kind (labsite.sections.SectionKind)
    with the page's own heading, or kind "custom" with its markdown body."""

    kind: str
    heading: str = ""
    body: str = ""
    origin: Origin | None = None


@dataclass
class SiteInterest:
    title: str
    description: str = ""


@dataclass
class SiteNewsItem:
    text: str  # markdown
    title: str = ""
    date: SiteDate = field(default_factory=SiteDate)
    origin: Origin | None = None


@dataclass
class SiteAward:
    title: str
    granting_body: str = ""
    description: str = ""
    date: SiteDate = field(default_factory=SiteDate)
    origin: Origin | None = None


@dataclass
class SiteCVEntry:
    kind: str  # a people.CVEntry.Kind value
    title: str
    organisation: str = ""
    place: str = ""
    start: SiteDate = field(default_factory=SiteDate)
    end: SiteDate = field(default_factory=SiteDate)
    talk_kind: str = ""  # for talks, a people.CVEntry talk kind value
    description: str = ""
    link: str = ""
    origin: Origin | None = None


@dataclass
class SitePaper:
    """One paper as the site shows it: the bibliographic record goes through the existing
    publication import pipeline (one merge policy); the rest is what only sites carry."""

    entry: ParsedEntry
    links: list[SiteLink] = field(default_factory=list)
    selected: bool = False
    highlights: list[str] = field(default_factory=list)  # "Spotlight", "Best Paper Award"
    thumbnail: str = ""  # path inside the site
    scholar_id: str = ""  # "SCHOLARID:PAPERID", kept for refreshing counts
    origin: Origin | None = None
    # 0-based index in entry.authors of the site's owner (the bold name; al-folio's
    # scholar: block), None when the site does not say.
    owner_index: int | None = None


@dataclass
class SiteTeamMember:
    """A lab template's member or alumnus."""

    name: str
    group: str = ""  # a people.Group.Kind value, or "" when the site does not say
    position: str = ""
    info: str = ""  # markdown
    email: str = ""
    photo: str = ""
    alumnus: bool = False
    joined: SiteDate = field(default_factory=SiteDate)
    left: SiteDate = field(default_factory=SiteDate)
    now: str = ""
    origin: Origin | None = None
    # lab-template: the team page's own heading over this person's list ("PhD Students"),
    # and an e-mail written to dodge robots ("jane [at] x.edu"), kept as text.
    group_heading: str = ""
    email_obfuscated: bool = False


@dataclass
class Skipped:
    """Something read and deliberately not imported (a template leftover, a placeholder,
    HTML that cannot be kept), with the reason the report gives."""

    what: str
    reason: str
    origin: Origin | None = None


@dataclass
class SiteData:
    format: str  # a siteimport.formats name: "al-folio", "academicpages", …
    profile: SiteProfile = field(default_factory=SiteProfile)
    sections: list[SiteSection] = field(default_factory=list)
    interests: list[SiteInterest] = field(default_factory=list)
    news: list[SiteNewsItem] = field(default_factory=list)
    awards: list[SiteAward] = field(default_factory=list)
    cv: list[SiteCVEntry] = field(default_factory=list)
    papers: list[SitePaper] = field(default_factory=list)
    team: list[SiteTeamMember] = field(default_factory=list)  # lab sites only
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
