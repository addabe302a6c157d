"""How people give their addresses: e-mail written for people only ("jane [at] x.edu"),
and the social usernames themes store, expanded to the URLs they mean."""

from __future__ import annotations

import re

from labsite.links import is_email

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
)


def person_link_kind(url: str) -> str:
    lowered = url.lower()
    return next((kind for host, kind in _PERSON_HOSTS if host in lowered), "other")


# Social usernames as the themes store them, expanded to the addresses they mean:
# (people.PersonLink.Kind value, URL template).
SOCIAL_URLS = {
    "github": ("github", "https://github.com/{}"),
    "twitter": ("x", "https://x.com/{}"),
    "x": ("x", "https://x.com/{}"),
    "linkedin": ("linkedin", "https://www.linkedin.com/in/{}"),
    "scholar": ("scholar", "https://scholar.google.com/citations?user={}"),
    "orcid": ("orcid", "https://orcid.org/{}"),
    "dblp": ("dblp", "https://dblp.org/pid/{}.html"),
    "semantic_scholar": ("semantic-scholar", "https://www.semanticscholar.org/author/{}"),
}


def social_link(network: str, value: str) -> tuple[str, str] | None:
    """(kind, URL) for a username or address under ``network`` ("github", "scholar"…);
    a value that already is an http(s) address is kept as it is."""
    value = (value or "").strip()
    if not value:
        return None
    kind, template = SOCIAL_URLS.get(network, ("other", "{}"))
    if value.startswith(("http://", "https://")):
        return kind, value
    if template == "{}":
        return None
    return kind, template.format(value.strip("@/"))


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
