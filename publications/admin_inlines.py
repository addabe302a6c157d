"""Inlines that higher apps add to the publication form (awards: the paper's highlights).

publications never imports those apps: each registers its inline class here from its
``AppConfig.ready()``; ``PublicationAdmin`` shows them after the authors and links.
"""

from __future__ import annotations

_inlines: list[type] = []


def register_publication_inline(inline: type) -> None:
    if inline not in _inlines:
        _inlines.append(inline)


def publication_inlines() -> list[type]:
    return list(_inlines)
