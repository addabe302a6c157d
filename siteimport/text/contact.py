"""How people give their addresses: e-mail written for people only ("jane [at] x.edu"),
and the social usernames themes store, expanded to the URLs they mean."""

from __future__ import annotations

import re

from labsite.links import is_email, is_web_url
from siteimport.types import SiteLink

# "jane [at] x.edu", "jane (at) x (dot) edu", "jane at x dot edu", "jane{at}x.edu"
_OBFUSCATION = re.compile(
    r"[\[({<]\s*at\s*[\])}>]|\s+at\s+|[\[({]\s*dot\s*[\])}]|\s+dot\s+", re.I
)


def is_obfuscated_email(email: str) -> bool:
    """An address written for people only: shown as written, never made a ``mailto:``."""
    email = (email or "").strip()
    return bool(email) and ("@" not in email or bool(_OBFUSCATION.search(email)))


# "jane (at) x (dot) org", "jane [at] x.org", "jane at x dot org", "jane@x.org".
_AT = re.compile(r"\s*(?:\[at\]|\(at\)|\{at\}|<at>|\s+at\s+|@)\s*", re.IGNORECASE)
_DOT = re.compile(r"\s*(?:\[dot\]|\(dot\)|\{dot\}|<dot>|\s+dot\s+)\s*", re.IGNORECASE)


def deobfuscate_email(written: str) -> str:
    """The address an obfuscated e-mail stands for, or "" when it cannot be known (e.g.
    "contact (at) [my first name] (dot) net" leaves a riddle to the reader)."""
    text = written.strip().strip("<>").removeprefix("mailto:")
    text = _DOT.sub(".", _AT.sub("@", text, count=1))
    return text if is_email(text) else ""


# Person link kinds (people.PersonLink.Kind values) by the host of the address.
_PERSON_HOSTS = (
    ("scholar.google.", "scholar"),
    ("orcid.org", "orcid"),
    ("github.com", "github"),
    ("twitter.com", "x"),
    ("//x.com", "x"),
    ("linkedin.com", "linkedin"),
    ("dblp.", "dblp"),
    ("semanticscholar.org", "semantic-scholar"),
    ("openalex.org", "openalex"),
)


def person_link_kind(url: str) -> str:
    lowered = url.lower()
    return next((kind for host, kind in _PERSON_HOSTS if host in lowered), "other")


# Every network a theme names, with what its username means: (people.PersonLink.Kind value,
# URL template, label for a link of kind "other"). "{}" alone: the theme holds a full
# address there. Each reader maps its own keys (al-folio's ``github_username``,
# academicpages' ``author.github``, a Hugo icon) to these networks; a full http(s) address
# is kept as written whatever the network.
SOCIAL_URLS = {
    "homepage": ("homepage", "{}", "Website"),
    "github": ("github", "https://github.com/{}", ""),
    "twitter": ("x", "https://x.com/{}", ""),
    "x": ("x", "https://x.com/{}", ""),
    "linkedin": ("linkedin", "https://www.linkedin.com/in/{}", ""),
    "scholar": ("scholar", "https://scholar.google.com/citations?user={}", ""),
    "orcid": ("orcid", "https://orcid.org/{}", ""),
    "dblp": ("dblp", "https://dblp.org/pid/{}.html", ""),
    "semantic_scholar": ("semantic-scholar", "https://www.semanticscholar.org/author/{}", ""),
    "researchgate": ("other", "https://www.researchgate.net/profile/{}", "ResearchGate"),
    "gitlab": ("other", "https://gitlab.com/{}", "GitLab"),
    "bitbucket": ("other", "https://bitbucket.org/{}", "Bitbucket"),
    "scopus": ("other", "https://www.scopus.com/authid/detail.uri?authorId={}", "Scopus"),
    "inspirehep": ("other", "https://inspirehep.net/authors/{}", "INSPIRE HEP"),
    "acm": ("other", "https://dl.acm.org/profile/{}", "ACM DL"),
    "ieee": ("other", "https://ieeexplore.ieee.org/author/{}", "IEEE Xplore"),
    "arxiv": ("other", "{}", "arXiv"),
    "pubmed": ("other", "{}", "PubMed"),
    "impactstory": ("other", "{}", "Impactstory"),
    "publons": ("other", "https://publons.com/a/{}/", "Publons"),
    "wikidata": ("other", "https://www.wikidata.org/wiki/{}", "Wikidata"),
    "wikipedia": ("other", "{}", "Wikipedia"),
    "medium": ("other", "https://medium.com/@{}", "Medium"),
    "blogger": ("other", "{}", "Blog"),
    "work": ("other", "{}", "Work page"),
    "stackoverflow": ("other", "https://stackoverflow.com/users/{}", "Stack Overflow"),
    "keybase": ("other", "https://keybase.io/{}", "Keybase"),
    "kaggle": ("other", "https://www.kaggle.com/{}", "Kaggle"),
    # al-folio links a handle (@name); academicpages and its forks a legacy /user/ name.
    "youtube": ("other", "https://youtube.com/@{}", "YouTube"),
    "youtube_user": ("other", "https://www.youtube.com/user/{}", "YouTube"),
    "bluesky": ("other", "https://bsky.app/profile/{}", "Bluesky"),
    "mastodon": ("other", "https://{}", "Mastodon"),  # "mastodon.social/@jane"
    "facebook": ("other", "https://www.facebook.com/{}", "Facebook"),
    "instagram": ("other", "https://instagram.com/{}", "Instagram"),
    "weibo": ("other", "{}", "Weibo"),
    "zhihu": ("other", "{}", "Zhihu"),
}


def social_link(network: str, value: str) -> SiteLink | None:
    """The link a username or address under ``network`` ("github", "scholar"…) stands for;
    a value that already is an http(s) address is kept as it is. None for an empty value,
    or a network that wants a full address and got something else."""
    value = (value or "").strip()
    if not value:
        return None
    kind, template, label = SOCIAL_URLS.get(network, ("other", "{}", ""))
    if is_web_url(value):
        return SiteLink(kind, value, label)
    if template == "{}":
        return None
    return SiteLink(kind, template.format(value.strip("@/")), label)


# What themes ship in their config for the owner to replace: "your_email@example.com",
# "yourusername", "xxxx", "Lorem ipsum".
_PLACEHOLDER = re.compile(
    r"example\.com|^your|your_|yourusername|yourprofile|yourfull|xxxx|placeholder|lorem"
    r"|\be\.g\.",
    re.I,
)


def is_placeholder_value(value: str) -> bool:
    """A config value (an address, a username) that is still the theme's placeholder."""
    return bool(_PLACEHOLDER.search((value or "").strip()))
