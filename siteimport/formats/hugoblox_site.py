"""The Hugo Blox reader's view of a site: its pages read once (broken ones reported, never
raised), its bundles, and how to tell the theme's own demo content from the owner's."""

from __future__ import annotations

import re
from dataclasses import dataclass

from labsite.links import is_web_url
from siteimport.source import SiteSource
from siteimport.text.frontmatter import SiteFileError, as_date, front_matter, toml_data, yaml_data
from siteimport.types import Origin, SiteData, SiteDate, Skipped


@dataclass
class HugoPage:
    path: str
    meta: dict
    body: str
    body_line: int

    @property
    def origin(self) -> Origin:
        return Origin(self.path, 1)

    @property
    def folder(self) -> str:
        return self.path.rsplit("/", 1)[0]

    def text(self, key: str) -> str:
        return text_value(self.meta.get(key))


class HugoSite:
    """The source with the reader's bookkeeping: files read once, broken ones reported."""

    def __init__(self, source: SiteSource, data: SiteData):
        self.source = source
        self.data = data
        self.files = source.files()
        self._file_set = set(self.files)

    def has(self, path: str) -> bool:
        return path in self._file_set

    def page(self, path: str) -> HugoPage | None:
        try:
            meta, body, line = front_matter(self.source.read_text(path), path)
        except SiteFileError as error:
            self.warn(f"{error}; the file was left out, the rest was read.")
            return None
        return HugoPage(path, meta if isinstance(meta, dict) else {}, body, line)

    def yaml(self, path: str):
        """A YAML (or, by its extension, TOML) data file; None when it cannot be read."""
        reader = toml_data if path.endswith(".toml") else yaml_data
        try:
            return reader(self.source.read_text(path), path)
        except SiteFileError as error:
            self.warn(f"{error}; the file was left out, the rest was read.")
            return None

    def bundles(self, *folders: str) -> list[str]:
        """The pages of content/<folder>/: bundles (<slug>/index.md) and single files."""
        pattern = re.compile(
            rf"content/(?:{'|'.join(map(re.escape, folders))})/(?:[^/]+/index|(?!_index)[^/]+)\.md"
        )
        return [path for path in self.files if pattern.fullmatch(path)]

    def beside(self, folder: str, stem: str) -> str:
        """The first file named <stem>.<image extension> in folder ("featured.png")."""
        for extension in ("png", "jpg", "jpeg", "webp", "gif", "svg"):
            for name in (stem, stem.capitalize()):
                if self.has(f"{folder}/{name}.{extension}"):
                    return f"{folder}/{name}.{extension}"
        return ""

    def warn(self, message: str) -> None:
        self.data.warnings.append(message)

    def skip(self, what: str, reason: str, origin: Origin | None = None) -> None:
        self.data.skipped.append(Skipped(what=what, reason=reason, origin=origin))


# The theme's demo content (starters, exampleSite, the kit's templates): people's names,
# and phrases that only its sample pages contain.
DEMO_NAMES = frozenset({"alice bighetti", "nelson bighetti", "dr. alex johnson", "alex johnson"})
_DEMO_PHRASES = (
    "lorem ipsum",
    "an example conference paper",
    "an example journal article",
    "an example preprint",
    "wowchemy conference",
    "hugoblox kit conference",
    "source themes conference",
    "journal of source themes",
    "hugoblox showcase",
    "wowchemy hq",
    "welcome to wowchemy",
    "welcome to hugo blox",
    "use this area to speak to your mission",
    "build your own academic website like this",
    "along with its starter templates, is designed for",
)
# Addresses the template's profiles link to, left in place by sites that kept the demo's
# social list ("https://www.linkedin.com/" alone is the v5 starter's).
PLACEHOLDER_URLS = frozenset({
    "https://www.linkedin.com/",
    "https://twitter.com/georgecushen",
    "https://github.com/gcushen",
    "https://scholar.google.co.uk/citations?user=siwtmxoaaaaj",
    "https://x.com/example",
    "https://github.com/example",
    "https://www.linkedin.com/in/example/",
    "https://scholar.google.com/citations?user=example",
    "https://orcid.org/0000-0002-1825-0097",
    "mailto:alex.johnson@example.com",
})


def list_value(value) -> list:
    return value if isinstance(value, list) else []


def dict_value(value) -> dict:
    return value if isinstance(value, dict) else {}


def text_value(value) -> str:
    """A front-matter value that should be text, or "" when it is something else."""
    return value.strip() if isinstance(value, str) else ""


def web_url(value) -> str:
    """The value when it is a web address (http/https), else ""."""
    value = str(value or "").strip()
    return value if is_web_url(value) else ""


def demo_text_reason(text: str) -> str:
    """Why a text is the theme's sample content, or "" when it is the owner's."""
    lower = text.casefold()
    for phrase in _DEMO_PHRASES:
        if phrase in lower:
            return f"the theme's demo content (it reads “{phrase}”)"
    return ""


def demo_reason(page: HugoPage) -> str:
    """Why a page is the theme's sample content, or "" when it is the owner's."""
    fields = ("title", "publication", "event", "event_name", "location", "abstract", "summary")
    reason = demo_text_reason(" ".join(page.text(key) for key in fields) + " " + page.body[:3000])
    if not reason and "Demo" in list_value(page.meta.get("categories")):
        reason = "the theme's demo content (category “Demo”)"
    return reason


_COARSER = {"day": 0, "month": 1, "year": 2, "none": 3}


def coarser(first: str, second: str) -> str:
    return first if _COARSER[first] >= _COARSER[second] else second


def format_precision(date_format, default: str = "month") -> str:
    """How much of a date a Hugo layout shows, from its Go layout ("Jan 2006" → month,
    "January 2, 2006" → day, "2006" → year)."""
    if not isinstance(date_format, str) or "2006" not in date_format:
        return default
    rest = date_format.replace("2006", "")
    for name in ("January", "Jan", "Monday", "Mon"):
        rest = rest.replace(name, "M" if name.startswith("J") else "")
    if re.search(r"(?<!\d)(?:02|_2|2)(?!\d)", rest):
        return "day"
    if "M" in rest or re.search(r"(?<!\d)0?1(?!\d)", rest):
        return "month"
    return "year"


def site_date(value, precision: str = "day") -> SiteDate:
    """A front-matter date, at most as precise as the layout shows it: a bare year
    ("2012", 2012) stays a year and "2019-06" a month, whatever the layout."""
    if value is None or value == "":
        return SiteDate()
    written = "day"
    if isinstance(value, int) or (isinstance(value, str) and re.fullmatch(r"\s*\d{4}\s*", value)):
        written = "year"
    elif isinstance(value, str) and re.fullmatch(r"\s*\d{4}-\d{1,2}\s*", value):
        written = "month"
    date = as_date(value)
    if date is None:
        return SiteDate()
    shown = coarser(written, precision)
    # As labsite stores dates: the first day of the month or year that is shown.
    if shown == "month":
        date = date.replace(day=1)
    elif shown == "year":
        date = date.replace(month=1, day=1)
    return SiteDate(date, shown)
