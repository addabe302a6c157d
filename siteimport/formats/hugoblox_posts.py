"""News from ``content/post/`` (``content/blog/`` in the kit) and talks from
``content/event/`` (``content/events/``; ``content/talk/`` before late 2020)."""

from __future__ import annotations

from siteimport.formats.hugoblox_site import (
    HugoPage,
    HugoSite,
    demo_reason,
    list_value,
    site_date,
    web_url,
)
from siteimport.text.cleaning import blocks_to_markdown, plain_line
from siteimport.text.headings import talk_kind
from siteimport.types import SiteCVEntry, SiteNewsItem

# Posts and events show their day ("Jan 2, 2006" in the theme's listings).
PAGE_PRECISION = "day"

# Words of a talk's title or event that say what kind of talk it was (people/cv.py TalkKind).


def _leftover_or_draft(site: HugoSite, page: HugoPage, what: str) -> bool:
    title = page.text("title") or page.path
    if reason := demo_reason(page):
        site.skip(f"the {what} “{plain_line(title)}”", reason, page.origin)
        return True
    if page.meta.get("draft") is True:
        reason = "a draft (draft: true), never published"
        site.skip(f"the {what} “{plain_line(title)}”", reason, page.origin)
        return True
    return False


def read_posts(site: HugoSite) -> None:
    for path in site.bundles("post", "posts", "blog", "news"):
        page = site.page(path)
        if page is None or _leftover_or_draft(site, page, "post"):
            continue
        text = blocks_to_markdown(page.meta.get("summary") or "") or blocks_to_markdown(page.body)
        site.data.news.append(SiteNewsItem(
            title=plain_line(page.text("title")),
            text=text,
            date=site_date(page.meta.get("date"), PAGE_PRECISION),
            origin=page.origin,
        ))


def _talk_link(meta: dict) -> str:
    for key in ("url_slides", "url_video", "url_pdf", "url_code"):
        if url := web_url(meta.get(key)):
            return url
    for item in list_value(meta.get("links")):
        if isinstance(item, dict) and (url := web_url(item.get("url"))):
            return url
    return web_url(meta.get("event_url"))


def read_events(site: HugoSite) -> None:
    for path in site.bundles("event", "events", "talk", "talks"):
        page = site.page(path)
        if page is None or _leftover_or_draft(site, page, "talk"):
            continue
        meta = page.meta
        title = plain_line(page.text("title"))
        event = plain_line(meta.get("event") or meta.get("event_name") or "")
        site.data.cv.append(SiteCVEntry(
            kind="talk",
            title=title,
            organisation=event,
            place=plain_line(meta.get("location") or ""),
            start=site_date(meta.get("date") or meta.get("event_start"), PAGE_PRECISION),
            talk_kind=talk_kind(title, event),
            description=blocks_to_markdown(meta.get("summary") or meta.get("abstract") or ""),
            link=_talk_link(meta),
            origin=page.origin,
        ))
