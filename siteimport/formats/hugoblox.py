"""Hugo Blox / Wowchemy / Hugo Academic sites (HugoBlox/hugo-blox-builder and its starters).

Where the theme keeps what (tests/siteimport/sites/hugo-blox/README.md names the real
repositories read):

* the owner: ``content/authors/<user>/_index.md`` (v5: ``title``, ``role``, ``organizations``,
  ``social``, ``education.courses``; body = biography; ``avatar.*`` beside it) or, in the
  newest kit, ``data/authors/<slug>.yaml`` (``name.display``, ``links``, ``education``,
  ``experience``, ``awards``; photo ``assets/media/authors/<slug>.*``);
* the home page: widgets ``content/home/*.md`` ordered by ``weight`` (up to 2022), or the
  ``sections:`` blocks of ``content/_index.md`` in their order (later);
* papers: ``content/publication(s)/<slug>/index.md`` with an optional ``cite.bib``;
* news: ``content/post/`` (``content/blog/`` in the kit); talks: ``content/event(s)/``
  (``content/talk/`` before late 2020).

The theme's own demo content, which many sites still carry, is skipped with the reason.
"""

from __future__ import annotations

import re

from siteimport.formats import hugoblox_home, hugoblox_papers, hugoblox_people, hugoblox_posts
from siteimport.formats.hugoblox_site import HugoSite
from siteimport.source import SiteSource
from siteimport.types import SiteData

NAME = "hugo-blox"

_THEME_MARKS = ("wowchemy", "hugoblox", "hugo-blox", "academic-cv", "starter-academic",
                "gcushen/hugo-academic")
_AUTHOR_PAGE = re.compile(r"content/authors/[^/]+/_index\.md")
_AUTHOR_DATA = re.compile(r"data/authors/[^/]+\.ya?ml")
_WIDGET = re.compile(r"content/home/[^/]+\.md")
_PUBLICATION = re.compile(r"content/publications?/[^/]+/index\.md")


def detect(source: SiteSource) -> int:
    """100 for a go.mod or module.yaml (Hugo modules) or .gitmodules (the older theme as a
    git submodule) naming the theme, 80 for files only this theme writes (author profiles,
    home widgets), 40 for page bundles of publications alone."""
    # The newest kit may declare its modules in config/_default/module.yaml as well.
    for path in ("go.mod", ".gitmodules", "config/_default/module.yaml"):
        if source.exists(path) and any(mark in source.read_text(path).casefold()
                                       for mark in _THEME_MARKS):
            return 100
    score = 0
    for path in source.files():
        if _AUTHOR_PAGE.fullmatch(path) or _AUTHOR_DATA.fullmatch(path):
            return 80
        if _WIDGET.fullmatch(path) and path != "content/home/index.md":
            score = max(score, 80)
        elif _PUBLICATION.fullmatch(path):
            score = max(score, 40)
    return score


def read(source: SiteSource) -> SiteData:
    data = SiteData(format=NAME)
    site = HugoSite(source, data)
    owner = hugoblox_people.read_owner(site)
    hugoblox_home.read_home(site, owner)
    hugoblox_posts.read_posts(site)
    hugoblox_posts.read_events(site)
    hugoblox_papers.read_papers(site, owner)
    return data
