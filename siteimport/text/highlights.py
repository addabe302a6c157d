"""A paper's highlights as pages write them, read with the vocabulary of
``awards.highlights``: red or bold text (``<font color=red>Spotlight</font>``,
``**Oral**``, ``<b>Best Paper Award</b>``), a part in parentheses ("(Best Paper Award)"),
a badge ("ICLR 2024 Spotlight"), or the words written out in a venue line or a note.
(al-folio's ``award`` field is a highlight by its key: see ``formats/alfolio_papers.py``.)
"""

from __future__ import annotations

import html
import re

from awards.highlights import ANY_WORD, WRITTEN_OUT, names_highlight
from people.pasted_lists import HTML_TAG

MAX_HIGHLIGHTS = 5  # per paper; a page that marks more is not marking prizes
MAX_WHOLE = 100  # a marked part longer than this keeps only its highlight words
_MARKED = re.compile(
    r"<(?P<tag>font|b|strong|em|span|u)\b[^>]*>(?P<html>.{0,500}?)</(?P=tag)\s*>"
    r"|\*\*(?P<bold>[^*]{1,300}?)\*\*|\((?P<parens>[^()]*)\)",
    re.I | re.S,
)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
# Colour and parentheses mark a highlight alone ("(<font color=red>IISA 2018 Best Student
# Paper</font>)"); bold also marks venues and names, so dated bold ("**ICCV 2023 Oral**")
# gives its words only.
_COLOURED = ("font", "span")


def _plain(text: str) -> str:
    return " ".join(html.unescape(HTML_TAG.sub("", text)).replace("*", "").split()).strip(" ,;")


def _capitalised(words: str) -> str:
    words = " ".join(words.split())
    return words.title() if words.islower() or words.isupper() else words


def _scan(text: str, marked: bool) -> tuple[list[str], str]:
    """(highlights in order, the text without them). A marked part that names a highlight
    counts whole ("(Best Paper Award)"), unless it is long or dated bold: then its words do."""
    found: list[tuple[int, str]] = []
    kept, masked, last = [], [], 0  # the text without them; the same with blanks in place
    for match in _MARKED.finditer(text):
        inner = _plain(match["html"] or match["bold"] or match["parens"] or "")
        if not names_highlight(inner):
            continue
        coloured = match["parens"] is not None or (match["tag"] or "").lower() in _COLOURED
        if len(inner) <= MAX_WHOLE and (coloured or not _YEAR.search(inner)):
            found.append((match.start(), _capitalised(inner)))
        else:
            found += [(match.start(), _capitalised(hit[0])) for hit in ANY_WORD.finditer(inner)]
        kept.append(text[last:match.start()])
        masked += [text[last:match.start()], " " * (match.end() - match.start())]
        last = match.end()
    kept.append(text[last:])
    masked.append(text[last:])
    words = ANY_WORD if marked else WRITTEN_OUT
    found += [(hit.start(), _capitalised(hit[0])) for hit in words.finditer("".join(masked))]
    return [words for _, words in sorted(found, key=lambda pair: pair[0])], "".join(kept)


def paper_highlights(*texts: str, marked: bool = False) -> list[str]:
    """The highlights the texts of one paper name, each once, in the order written.
    ``marked``: the texts are badges or emphasised venues, where a single word ("Oral")
    counts; otherwise only marked parts and written-out prizes do."""
    unique: dict[str, str] = {}
    for text in texts:
        for highlight in _scan(text or "", marked)[0]:
            unique.setdefault(highlight.casefold(), highlight)
    return list(unique.values())[:MAX_HIGHLIGHTS]


def without_highlights(text: str, *, marked: bool = False) -> str:
    """The text (a venue line, a badge) with the highlights ``paper_highlights`` finds in it
    taken out, for the venue: "ICML 2023 (Best Paper Award)" is "ICML 2023 "."""
    remainder = _scan(text or "", marked)[1]
    return (ANY_WORD if marked else WRITTEN_OUT).sub("", remainder)
