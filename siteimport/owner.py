"""Who a site belongs to when its config does not say: read from what the readers found."""

from __future__ import annotations

from collections import Counter

from siteimport.types import SiteData


def infer_owner_name(data: SiteData) -> None:
    """No name in the config: the name the papers bold most often (each paper's
    ``owner_index``), set and reported as inferred. Linear in the papers."""
    if data.profile.name:
        return
    bold = Counter(
        paper.entry.authors[paper.owner_index].name
        for paper in data.papers
        if paper.owner_index is not None
    )
    if bold:
        data.profile.name, data.profile.name_inferred = bold.most_common(1)[0][0], True
