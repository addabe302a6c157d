"""The words that name a paper highlight (an ``Award`` of kind ``PAPER``, shown as the
paper's badge): "Best Paper Award", "Outstanding Demo Award Runner-up", "Spotlight", "Oral",
"Honourable mention"… This app owns the vocabulary; importers (siteimport) read text with it.
"""

from __future__ import annotations

import re

# A prize named in full: "Best Student Paper Award Finalist", "Distinguished Paper",
# "Outstanding Dataset Award", "Most Influential Paper", "Test of Time Award".
_PRIZE = (
    r"(?:(?:best|outstanding|distinguished|most\s+influential)\b[\w\s-]{0,30}?"
    r"\b(?:paper|demo|dataset|poster|presentation|artifact)\b|test[\s-]of[\s-]time)"
    r"(?:\s+award)?(?:\s+(?:nominee|finalist|runner-up|candidate|honou?rable\s+mention))?"
)
# Written out, a highlight is one in any text, a venue line or a note included.
WRITTEN_OUT = re.compile(
    rf"\b(?:{_PRIZE}|spotlight|oral\s+presentation|honou?rable\s+mention)\b", re.I
)
# Where the page marks a highlight (a badge, red or bold text, parentheses), a single word
# is one too; in running text it is an ordinary word ("Journal of Oral Biology").
ANY_WORD = re.compile(
    rf"\b(?:{_PRIZE}|spotlight|oral(?:\s+presentation)?|honou?rable\s+mention|highlight"
    r"|award)\b",
    re.I,
)


def names_highlight(text: str) -> bool:
    """Whether marked text (a badge, an emphasised or parenthesised part) names a highlight."""
    return bool(ANY_WORD.search(text or ""))
