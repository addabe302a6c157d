"""What the Allan Lab template (mpa139/allanlab) ships as its own content, which forks often
leave in place: the Allan lab's members and papers, the "This could be you !" card and the
stand-in pictures. Read from the template's _data files (see the fixture's README.md).

A site that is the Allan lab's own keeps them: they are its data there.
"""

from __future__ import annotations

import re

# The template lab's people are recognised by their addresses, which no fork shares.
_TEMPLATE_EMAILS = re.compile(r"milan\.allan@gmail\.com|@(?:fmd\.)?physics\.leidenuniv\.nl$", re.I)
# Its papers all list its PI, written "MP Allan", "M.P. Allan" or "M. P. Allan".
_TEMPLATE_AUTHOR = re.compile(r"\bM\.?\s?P\.?\s+Allan\b")
# Its visitors carry no address; their names, from _data/alumni_visitors.yml @2052e59b.
_TEMPLATE_VISITORS = frozenset(
    {
        "nikolaos iliopoulos",
        "vitaly fedoseev",
        "alexander vanstone",
        "ramakrishna aluru",
        "changwei zou",
        "kemal demir",
    }
)
_INVITATION = re.compile(r"^\s*(?:this could be you|your name|join us|you\?)", re.I)
STAND_IN_PHOTOS = frozenset({"rock.jpg"})  # images/teampic/ stand-in of the template
STAND_IN_PAPER_IMAGES = frozenset({"dummy.png"})  # images/pubpic/ stand-in of the template

TEMPLATE_MEMBER = "the template's own member (Allan lab, Leiden), left in place"
TEMPLATE_PAGE = "the template's own page (Allan lab, Leiden), left in place"
TEMPLATE_PAPER = "the template's own paper (Allan lab, Leiden), left in place"
INVITATION = "the template's invitation card, not a member"
STAND_IN_PHOTO = "the template's stand-in picture, not a photo of this person"
STAND_IN_IMAGE = "the template's stand-in image, not a figure of this paper"


def is_template_site(site_title: str) -> bool:
    """The Allan lab's own site: its members and papers are real there."""
    return "allan" in (site_title or "").casefold()


def is_template_member(email: str, name: str = "") -> bool:
    if _TEMPLATE_EMAILS.search((email or "").strip()):
        return True
    return name.partition(",")[0].strip().casefold() in _TEMPLATE_VISITORS


def is_invitation(name: str) -> bool:
    return bool(_INVITATION.match(name or ""))


def is_template_paper(authors: str) -> bool:
    return bool(_TEMPLATE_AUTHOR.search(authors or ""))


def mentions_template(text: str) -> bool:
    """A page that still writes the template lab's address (its openings, contact page)."""
    return "milan.allan@gmail.com" in (text or "").casefold() or "allanlab.org" in (text or "")
