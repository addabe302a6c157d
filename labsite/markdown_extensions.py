"""labsite's own markdown: highlighted text and callouts, as the themes style them.

- ``==text==`` is ``<mark>text</mark>`` (a recruiting line, an availability note);
- a quote that starts with a GitHub-style alert marker is a callout::

      > [!IMPORTANT]
      > I am looking for students who …

  becomes ``<aside class="callout callout-important" role="note">`` with a visible label
  ("Important") above the text. The sanitiser (labsite/markdown.py) keeps exactly these
  classes and nothing else, so authors get emphasis without inline colour.
"""

import re
import xml.etree.ElementTree as ET

from markdown.extensions import Extension
from markdown.inlinepatterns import SimpleTagInlineProcessor
from markdown.treeprocessors import Treeprocessor

# GitHub's alert kinds, with the label shown on the page.
CALLOUT_LABELS = {
    "note": "Note",
    "tip": "Tip",
    "important": "Important",
    "warning": "Warning",
    "caution": "Caution",
}
CALLOUT_CLASSES = {"callout", *(f"callout-{kind}" for kind in CALLOUT_LABELS)}
CALLOUT_LABEL_CLASS = "callout-label"

# ==text==: no space just inside the marks, so "a == b" and "x ==" stay as typed.
_HIGHLIGHT = r"(==)(?![\s=])(.+?)(?<![\s=])=="
_MARKER = re.compile(r"^\s*\[!(" + "|".join(CALLOUT_LABELS) + r")\][ \t]*\n?", re.IGNORECASE)


class CalloutTreeprocessor(Treeprocessor):
    """Turns ``<blockquote><p>[!KIND] …`` into the callout, after inline markup is done.

    Python-Markdown joins quotes separated by a blank line into one ``<blockquote>``, so
    every paragraph of a quote that starts with a marker begins a callout of its own."""

    def run(self, root):
        parents = {child: parent for parent in root.iter() for child in parent}
        for quote in list(root.iter("blockquote")):
            if not any(_marker_kind(child) for child in quote):
                continue
            parent = parents[quote]
            blocks = _split_at_markers(quote)
            position = list(parent).index(quote)
            parent.remove(quote)
            for offset, block in enumerate(blocks):
                parent.insert(position + offset, block)


def _marker_kind(element) -> str | None:
    if element.tag != "p" or not element.text:
        return None
    found = _MARKER.match(element.text)
    return found.group(1).lower() if found else None


def _split_at_markers(quote) -> list:
    """The quote's children as a plain quote (what comes before any marker) and callouts."""
    blocks = []
    current = None
    for child in list(quote):
        kind = _marker_kind(child)
        if kind is not None:
            current = ET.Element("aside", {"class": f"callout callout-{kind}", "role": "note"})
            label = ET.SubElement(current, "p", {"class": CALLOUT_LABEL_CLASS})
            label.text = CALLOUT_LABELS[kind]
            blocks.append(current)
            child.text = _MARKER.sub("", child.text, count=1)
            if not child.text.strip() and not len(child):
                continue  # the marker stood on a line of its own
        elif current is None:
            current = ET.Element("blockquote")
            blocks.append(current)
        current.append(child)
    for block in blocks:
        block.text, block.tail = "\n", "\n"
    return blocks


class LabsiteMarkdownExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        # After strong/emphasis (60) so "**==a==**" nests either way round.
        md.inlinePatterns.register(SimpleTagInlineProcessor(_HIGHLIGHT, "mark"), "mark", 55)
        # After the inline patterns (20): the marker is plain text by then.
        md.treeprocessors.register(CalloutTreeprocessor(md), "callout", 15)
