"""The readers, one module per theme, each with the same two functions:

* ``detect(source) -> int``: how sure it is that the site is of its theme (0 = not at all;
  a file only that theme writes scores high);
* ``read(source) -> SiteData``: everything the site holds, as plain data.

``detect_format`` picks the highest score; ``--format`` names one directly.
"""

from __future__ import annotations

import importlib
import importlib.util

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


FORMATS_ORDER = {name: index for index, name in enumerate(FORMATS)}


class UnknownSiteFormat(ValueError):
    pass


def reader(name: str):
    try:
        module = FORMATS[name]
    except KeyError:
        raise UnknownSiteFormat(
            f"Unknown site format {name!r}; use one of: {', '.join(FORMATS)}."
        ) from None
    if importlib.util.find_spec(f"siteimport.formats.{module}") is None:
        raise UnknownSiteFormat(f"The {name!r} reader is not installed in this version.")
    return importlib.import_module(f"siteimport.formats.{module}")


def installed_formats() -> list[str]:
    """The names in FORMATS whose reader module is present (one may be named ahead of
    its reader, as "markdown" was); detection tries only these."""
    return [
        name for name in FORMATS
        if importlib.util.find_spec(f"siteimport.formats.{FORMATS[name]}") is not None
    ]


def detect_format(source: SiteSource) -> str:
    names = installed_formats()
    scores = [(reader(name).detect(source), -FORMATS_ORDER[name], name) for name in names]
    score, _, name = max(scores)
    if score <= 0:
        raise UnknownSiteFormat(
            "This does not look like a site labsite can read: no _config.yml, content/ folder, "
            "index.md or README.md was found."
        )
    return name


def read_site(source: SiteSource, format: str = "auto") -> SiteData:
    name = detect_format(source) if format == "auto" else format
    return reader(name).read(source)
