"""Text of every export: whitespace, Scholar's artefacts, LaTeX to Unicode, title keys.

Part of the normalisation every parser shares (publications/importers/normalize.py).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from pylatexenc.latex2text import LatexNodes2Text


def collapse_whitespace(text: str) -> str:
    return " ".join(text.split())


LATEX_TRIGGERS = frozenset("\\{}$~")

# Scholar escapes BibTeX case-protection braces as math: "$\{$USENIX$\}$". When two
# protected words touch ("$\{$USENIX$\}$$\{$ATC$\}$"), the space between them is lost.
_SCHOLAR_ARTIFACTS = (
    ("$\\}$$\\{$", " "),
    ("$\\{$", ""),
    ("$\\}$", ""),
    ("$\\backslash$", "\\"),
)
# "%" starts a comment and "&" is a column separator in LaTeX; in titles they are text.
_UNESCAPED_TEXT_SPECIALS = re.compile(r"(?<!\\)([%&#])")
# A math group that is just a sub/superscript number: "H$_2$O", "10$^{3}$".
_MATH_SCRIPT = re.compile(r"\$([_^])\{?(\d+)\}?\$")
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

_latex_decoder = LatexNodes2Text(math_mode="text")

# The TeX that Scholar and DBLP actually write (accents in names, case-protecting
# braces, "--") is decoded by the regexes below, two orders of magnitude faster than
# pylatexenc, which remains the fallback for anything else.
_ACCENT_COMMAND = re.compile(
    r"""\\(?:([`'^"~=.])|([uvHckrdb])(?=[\s{]))\s*"""
    r"""(?:\{\s*(\\[ij](?![A-Za-z])|[A-Za-z])\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))"""
)
_COMBINING_ACCENTS = {
    "`": "\u0300",
    "'": "\u0301",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    "u": "\u0306",
    ".": "\u0307",
    '"': "\u0308",
    "r": "\u030a",
    "H": "\u030b",
    "v": "\u030c",
    "d": "\u0323",
    "c": "\u0327",
    "k": "\u0328",
    "b": "\u0331",
}
_LETTERS = {
    "ss": "ß",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "o": "ø",
    "O": "Ø",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
}
_LETTER_COMMAND = re.compile(r"\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L|i|j)(?![A-Za-z])(?:\s*\{\})?\s*")
_ESCAPED_CHARACTER = re.compile(r"\\([&%_#])")
_LIGATURES = (("---", "—"), ("--", "–"), ("``", "“"), ("''", "”"))


def strip_scholar_artifacts(text: str) -> str:
    """Undo Scholar's "$\\{$...$\\}$" escaping; safe on text that has none."""
    if "$\\" not in text:
        return text
    for artifact, replacement in _SCHOLAR_ARTIFACTS:
        text = text.replace(artifact, replacement)
    return text


def _script_digits(match: re.Match[str]) -> str:
    table = _SUBSCRIPTS if match.group(1) == "_" else _SUPERSCRIPTS
    return match.group(2).translate(table)


def _accented(match: re.Match[str]) -> str:
    accent = match.group(1) or match.group(2)
    letter = match.group(3) or match.group(4)
    return letter.lstrip("\\") + _COMBINING_ACCENTS[accent]


def _decode_common_latex(text: str) -> str | None:
    """Decode accents, escaped characters and braces; None if other TeX is left."""
    decoded = _ACCENT_COMMAND.sub(_accented, text)
    decoded = _LETTER_COMMAND.sub(lambda match: _LETTERS[match.group(1)], decoded)
    decoded = _ESCAPED_CHARACTER.sub(r"\1", decoded)
    if "\\" in decoded or "$" in decoded or "`" in decoded.replace("``", ""):
        return None
    for ligature, character in _LIGATURES:
        decoded = decoded.replace(ligature, character)
    return decoded.replace("{", "").replace("}", "").replace("~", " ")


@functools.lru_cache(maxsize=8192)
def _decode_latex(text: str) -> str:
    # Cached: co-author names and venues repeat across a profile.
    prepared = strip_scholar_artifacts(text)
    decoded = _decode_common_latex(prepared)
    if decoded is None:
        decoded = _decode_any_latex(prepared)
    return collapse_whitespace(unicodedata.normalize("NFC", decoded))


def _decode_any_latex(text: str) -> str:
    text = _UNESCAPED_TEXT_SPECIALS.sub(r"\\\1", text)
    text = _MATH_SCRIPT.sub(_script_digits, text)
    try:
        return _latex_decoder.latex_to_text(text)
    except Exception:
        # Arbitrary uploaded TeX must never break an import; fall back to plain text.
        return re.sub(r"[{}$\\]", "", text)


def latex_to_text(text: str) -> str:
    """Readable text from a BibTeX value: "R{\\'e}" -> "Ré", "{USENIX}" -> "USENIX"."""
    if LATEX_TRIGGERS.isdisjoint(text):
        return collapse_whitespace(text)
    return _decode_latex(text)


def clean_text(text: str) -> str:
    """Tidy a value that is already plain text (decoded BibTeX, CSV, RIS, EndNote)."""
    return collapse_whitespace(strip_scholar_artifacts(text))


def title_key(title: str) -> str:
    """Key under which two records of the same title collide, whatever their case,
    accents, TeX markup, punctuation or spacing."""
    folded = unicodedata.normalize("NFKD", latex_to_text(title)).casefold()
    return _NOT_ALNUM.sub("", folded)  # keeps exactly the characters str.isalnum() accepts


_NOT_ALNUM = re.compile(r"[\W_]+")
