"""What a paper's link is (``publications.PublicationLink.Kind``), from its label as the
page writes it ("[Code]", "url_slides", "Project page") and its address."""

from __future__ import annotations

from publications.choices import LinkKind

# Tried in order. The version a host names (arXiv, a DOI) wins over a "Paper" label; then
# the label's words; then what other hosts mean (a GitHub repository is code unless the
# label says slides or a poster); then a PDF by its path.
_VERSION_HOSTS = ((LinkKind.ARXIV, ("arxiv.org/",)), (LinkKind.DOI, ("doi.org/",)))
_LABEL_WORDS = (
    (LinkKind.ARXIV, ("arxiv",)),
    (LinkKind.DOI, ("doi",)),
    (LinkKind.CODE, ("code", "github")),
    (LinkKind.PROJECT, ("project", "page", "website")),
    (LinkKind.VIDEO, ("video", "youtube")),
    (LinkKind.SLIDES, ("slides",)),
    (LinkKind.POSTER, ("poster",)),
    (LinkKind.DATASET, ("dataset",)),
    (LinkKind.BLOG, ("blog",)),
    (LinkKind.PDF, ("paper", "pdf")),
)
_OTHER_HOSTS = (
    (LinkKind.CODE, ("github.com/",)),
    (LinkKind.VIDEO, ("youtube.com/", "youtu.be/")),
)


def _is_pdf(url: str) -> bool:
    path = url.lower().split("?")[0]
    return path.endswith(".pdf") or "/pdf/" in path or path.endswith("/pdf")


def paper_link_kind(label: str, url: str, default: str = LinkKind.OTHER) -> str:
    """The kind a paper's link is: by the version its address names, its label's words,
    other addresses (GitHub, YouTube, a PDF file), else ``default``."""
    words = (label or "").casefold().strip()
    url = url or ""
    for kind, hosts in _VERSION_HOSTS:
        if any(host in url for host in hosts):
            return kind.value
    if words == "data":
        return LinkKind.DATASET.value
    for kind, label_words in _LABEL_WORDS:
        if any(word in words for word in label_words):
            return kind.value
    for kind, hosts in _OTHER_HOSTS:
        if any(host in url for host in hosts):
            return kind.value
    return LinkKind.PDF.value if _is_pdf(url) else str(getattr(default, "value", default))
