"""The readers, one module per theme, each with the same two functions:

* ``detect(source) -> int``: how sure it is that the site is of its theme (0 = not at all;
  a file only that theme writes scores high);
* ``read(source) -> SiteData``: everything the site holds, as plain data.

``detect_format`` picks the highest score; ``--format`` names one directly.
"""

from __future__ import annotations

import importlib

from siteimport.scholar_data import add_scholar_data
from siteimport.source import SiteSource
from siteimport.types import SiteData

# name -> module under siteimport.formats; order breaks ties in detection.
FORMATS = {
    "al-folio": "alfolio",
    "academicpages": "academicpages",
    "acadhomepage": "acadhomepage",
    "hugo-blox": "hugoblox",
    "lab-template": "labtemplate",
    "markdown": "markdown",
}

# What each format is, for the admin's menu (the command line takes the names).
FORMAT_LABELS = {
    "al-folio": "al-folio (Jekyll)",
    "academicpages": "academicpages (Jekyll)",
    "acadhomepage": "AcadHomepage (Jekyll)",
    "hugo-blox": "Hugo Blox, Wowchemy or Hugo Academic (Hugo)",
    "lab-template": "the Allan Lab template and its forks (Jekyll)",
    "markdown": "plain markdown pages (index.md or README.md)",
}


class UnknownSiteFormat(ValueError):
    pass


class ReaderNotInstalled(UnknownSiteFormat):
    """A registered format whose reader module is not (yet) part of this installation."""


def reader(name: str):
    try:
        module = FORMATS[name]
    except KeyError:
        raise UnknownSiteFormat(
            f"Unknown site format {name!r}; use one of: {', '.join(FORMATS)}."
        ) from None
    path = f"siteimport.formats.{module}"
    try:
        return importlib.import_module(path)
    except ModuleNotFoundError as error:
        if error.name != path:
            raise  # a reader that is there but imports something missing: a real bug
        raise ReaderNotInstalled(
            f"The {name} reader is not available in this version of labsite."
        ) from None


def available_readers() -> list[tuple[str, object]]:
    """(name, module) of every registered reader that is installed, in FORMATS order."""
    found = []
    for name in FORMATS:
        try:
            found.append((name, reader(name)))
        except ReaderNotInstalled:
            continue
    return found


def installed_formats() -> list[str]:
    """The names in FORMATS whose reader is installed; detection tries only these."""
    return [name for name, _module in available_readers()]


def detect_format(source: SiteSource) -> str:
    scores = [(module.detect(source), -index, name)
              for index, (name, module) in enumerate(available_readers())]
    scores.append((0, 0, ""))
    score, _, name = max(scores)
    if score <= 0:
        raise UnknownSiteFormat(_not_recognised(source))
    return name


def _not_recognised(source: SiteSource) -> str:
    """Why no reader took the site, from what it does hold, and what to do (one line)."""
    files = source.files()
    start = "This does not look like a site labsite can read"
    if source.exists("_config.yml"):
        return (f"{start}: it has a Jekyll _config.yml, but not the files of al-folio, "
                "academicpages, AcadHomepage or the Allan Lab template; if it is one of them, "
                "choose its theme instead of letting labsite recognise it.")
    if any(path.startswith(("content/", "config/")) for path in files):
        return (f"{start}: it has Hugo's content/ or config/ folder, but none of the files of "
                "a Hugo Blox (Wowchemy, Academic) site: a go.mod naming the theme, "
                "content/authors/, data/authors/, content/home/ or content/publication/; if "
                "it is one, choose Hugo Blox as its theme instead of letting labsite "
                "recognise it.")
    if any(path.casefold().endswith((".html", ".htm")) for path in files):
        return (f"{start}: it holds HTML pages but no markdown (no index.md or README.md), so it "
                "is a built site or one written in HTML. Upload the repository's source (the "
                "branch with _config.yml or content/, not gh-pages), or copy the text into the "
                "admin.")
    return f"{start}: there is no _config.yml, content/ folder, index.md or README.md in it."


def read_site(source: SiteSource, format: str = "auto", *, scholar_data: bytes | None = None,
              scholar_data_name: str = "gs_data.json") -> SiteData:
    """The site read by its theme's reader, with the Scholar crawler's gs_data.json
    (``scholar_data`` given beside it, called ``scholar_data_name`` in messages, else the
    site's own) joined to its papers."""
    name = detect_format(source) if format == "auto" else format
    module = reader(name)
    if getattr(module, "READS_SCHOLAR_DATA", False):  # its own read() joins it
        return module.read(source, scholar_data=scholar_data, scholar_data_name=scholar_data_name)
    site = module.read(source)
    add_scholar_data(site, source, given=scholar_data, given_name=scholar_data_name)
    return site
