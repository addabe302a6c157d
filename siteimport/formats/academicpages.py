"""The academicpages theme (academicpages/academicpages.github.io, a Minimal Mistakes fork).

Where it keeps what (the fixtures' READMEs in tests/siteimport/sites/ name the real
repositories read): the owner in ``_config.yml``'s
``author:`` block (usernames for github/linkedin/twitter…, full addresses for googlescholar,
orcid…; ``avatar`` under ``images/``), the home page in ``_pages/about.md``, the CV in
``_pages/cv.md``, one file a paper in ``_publications/``, a talk in ``_talks/``, a course in
``_teaching/``. Other pages of the menu (``_data/navigation.yml``) become sections too.

Files that cannot be read (bad YAML front matter, an unreadable citation) become warnings
naming the file and line; the rest of the site is still read.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from labsite.links import is_web_url
from people.cv import CVEntry
from siteimport.formats.academicpages_cv import collection_entry
from siteimport.formats.academicpages_pages import read_blocks
from siteimport.formats.academicpages_papers import read_paper
from siteimport.formats.academicpages_template import (
    demo_page_reason,
    demo_reason,
    placeholder_reason,
)
from siteimport.owner import infer_owner_name
from siteimport.source import SiteSource
from siteimport.text.blocks import split_blocks
from siteimport.text.cleaning import clean_lines
from siteimport.text.contact import is_obfuscated_email, social_link
from siteimport.text.from_html import line_to_markdown
from siteimport.text.frontmatter import SiteFileError, front_matter, yaml_data
from siteimport.text.headings import section_kind
from siteimport.types import Origin, SiteData, SiteLink, SiteProfile, Skipped

NAME = "academicpages"
MAX_COLLECTION_FILES = 2000  # papers, talks, courses or posts read per collection
MAX_PAGE_BYTES = 1024 * 1024  # a markdown file larger than this is not a page

# author-profile.html's links, in its order: key -> the network of
# siteimport.text.contact.SOCIAL_URLS (usernames for github/linkedin/twitter…, full
# addresses for the others).
PROFILE_LINKS = {
    "uri": "homepage", "googlescholar": "scholar", "orcid": "orcid",
    "semantic": "semantic_scholar", "arxiv": "arxiv", "pubmed": "pubmed",
    "researchgate": "researchgate", "impactstory": "impactstory", "github": "github",
    "linkedin": "linkedin", "twitter": "twitter", "bluesky": "bluesky", "mastodon": "mastodon",
    "bitbucket": "bitbucket", "kaggle": "kaggle", "stackoverflow": "stackoverflow",
    "facebook": "facebook", "instagram": "instagram", "youtube": "youtube_user",
    "medium": "medium", "zhihu": "zhihu",
}
_LISTING = re.compile(r"\{%\s*for\s+\w+\s+in\s+site\.")
# AcadHomepage's own marks (sites.md): it shares academicpages' about-page front matter.
_OTHER_THEMES = (
    "paper-box",
    "google_scholar_stats",
    "show_paper_citations",
    "<span class='anchor'",
)


def _front_matter_of(source: SiteSource, pattern: str, marker: str, limit: int = 5) -> bool:
    return any(marker in source.read_text(path)[:2000] for path in source.glob(pattern)[:limit])


def detect(source: SiteSource) -> int:
    """High for the collections only academicpages writes (``collection: publications`` in
    ``_publications/``); 0 for AcadHomepage, which shares the about page's front matter."""
    config = source.read_text("_config.yml") if source.exists("_config.yml") else ""
    about = source.read_text("_pages/about.md") if source.exists("_pages/about.md") else ""
    if any(marker in about or marker in config for marker in _OTHER_THEMES):
        return 0
    score = 30 if "academicpages" in config.lower() else 0
    if _front_matter_of(source, "_publications/*.md", "collection: publications"):
        score += 40
    if _front_matter_of(source, "_talks/*.md", "collection: talks") or _front_matter_of(
        source, "_teaching/*.md", "collection: teaching"
    ):
        score += 20
    if re.search(r"^author_profile:\s*true", about, re.M):
        score += 10
    return score


class _Reader:
    def __init__(self, source: SiteSource):
        self.source = source
        self.data = SiteData(format=NAME)
        self.base_url = ""

    # -- files ---------------------------------------------------------------------------

    def page(self, path: str):
        """(metadata, body, body line) of a markdown file, or None with a warning."""
        if self.source.size(path) > MAX_PAGE_BYTES:
            self.data.warnings.append(f"{path}: larger than {MAX_PAGE_BYTES // 1024} KB; not read.")
            return None
        try:
            return front_matter(self.source.read_text(path), path)
        except SiteFileError as error:
            self.data.warnings.append(f"{error}; the file was not imported.")
            return None

    def collection(self, folder: str) -> list[str]:
        paths = [
            path for path in self.source.glob(f"{folder}/*") if path.endswith((".md", ".markdown"))
        ]
        if len(paths) > MAX_COLLECTION_FILES:
            self.data.warnings.append(
                f"{folder}/ holds {len(paths):,} files; "
                f"the first {MAX_COLLECTION_FILES:,} were read."
            )
        return paths[:MAX_COLLECTION_FILES]

    def resolve(self, raw: str) -> str:
        """An address as a browser would follow it from the site: relative ones against
        the site's ``url``; "" when it cannot be made absolute."""
        value = (raw or "").replace("\ufeff", "").strip()
        if value.startswith(("http://", "https://", "mailto:")):
            return value
        if value and self.base_url:
            return urljoin(self.base_url, re.sub(r"^(?:\.\./|\./|/)+", "", value))
        return ""

    # -- the parts of the site -------------------------------------------------------------

    def config(self) -> dict:
        if not self.source.exists("_config.yml"):
            self.data.warnings.append(
                "_config.yml: not found; the profile is read from the pages only."
            )
            return {}
        try:
            config = yaml_data(self.source.read_text("_config.yml"), "_config.yml")
        except SiteFileError as error:
            self.data.warnings.append(f"{error}; the profile was not read from it.")
            return {}
        config = config if isinstance(config, dict) else {}
        url = str(config.get("url") or "").strip()
        if is_web_url(url):
            self.base_url = url.rstrip("/") + "/" + str(config.get("baseurl") or "").strip("/ ")
            self.base_url = self.base_url.rstrip("/") + "/"
        return config

    def profile(self, config: dict) -> None:
        author = config.get("author") if isinstance(config.get("author"), dict) else {}
        profile = self.data.profile
        origin = Origin("_config.yml")
        profile.origin = origin
        values = {
            key: str(value).strip() for key, value in author.items() if value not in (None, "")
        }
        values.setdefault("name", str(config.get("name") or "").strip())
        for key, value in list(values.items()):
            reason = placeholder_reason(key, value)
            if reason:
                self.data.skipped.append(Skipped(f"_config.yml author.{key}", reason, origin))
                del values[key]
        profile.name = values.get("name", "")
        profile.bio = line_to_markdown(values.get("bio", ""))
        profile.affiliation = values.get("employer", "")
        profile.address = values.get("location", "")
        self._email(profile, values.get("email", ""))
        self._photo(profile, values.get("avatar", ""), placeholder=not profile.name)
        profile.links = self._links(values, origin)

    def _email(self, profile: SiteProfile, email: str) -> None:
        email = email.removeprefix("mailto:")
        profile.email = email
        profile.email_obfuscated = is_obfuscated_email(email)

    def _photo(self, profile: SiteProfile, avatar: str, *, placeholder: bool) -> None:
        if not avatar:
            return
        if "://" in avatar:
            self.data.warnings.append(
                f"_config.yml: the avatar {avatar} is on another site; not imported."
            )
            return
        path = avatar.lstrip("/") if "/" in avatar else f"images/{avatar}"
        if placeholder and avatar == "profile.png":
            self.data.skipped.append(Skipped("images/profile.png", "the template's sample avatar"))
        elif not self.source.exists(path):
            self.data.warnings.append(f"_config.yml: the avatar {path} is not in the site.")
        else:
            profile.photo = path

    def _links(self, values: dict, origin: Origin) -> list[SiteLink]:
        links = []
        for key, network in PROFILE_LINKS.items():
            value = values.get(key, "")
            if not value:
                continue
            if found := social_link(network, value):
                links.append(found)
            else:
                self.data.warnings.append(
                    f"{origin.describe()}: author.{key} {value!r} is not a web address."
                )
        return links

    def pages(self) -> None:
        if found := self.owner_page("_pages/about.md"):
            read_blocks(split_blocks(clean_lines(found[1]), found[2]), "_pages/about.md", self.data)
        for path, title in self.menu_pages():
            if found := self.owner_page(path):
                blocks = split_blocks(clean_lines(found[1]), found[2])
                read_blocks(
                    blocks, path, self.data, intro_kind=section_kind(title), intro_heading=title
                )
        if found := self.owner_page("_pages/cv.md"):
            blocks = split_blocks(clean_lines(found[1]), found[2])
            title = str(found[0].get("title") or "CV")
            read_blocks(blocks, "_pages/cv.md", self.data, intro_kind="custom", intro_heading=title)
        if self.source.exists("_data/cv.json"):
            reason = "a JSON Resume CV is not read; _pages/cv.md is"
            self.data.skipped.append(Skipped("_data/cv.json", reason, Origin("_data/cv.json")))

    def owner_page(self, path: str):
        """The page, unless it is missing, unreadable or still the template's own."""
        if not self.source.exists(path):
            return None
        found = self.page(path)
        if found is not None and (reason := demo_page_reason(path, found[1])):
            self.data.skipped.append(Skipped(path, reason, Origin(path)))
            return None
        return found

    def menu_pages(self) -> list[tuple[str, str]]:
        """Markdown pages the menu links to, other than the home page, CV and the
        collection listings (whose items are read from the collections)."""
        if not self.source.exists("_data/navigation.yml"):
            return []
        try:
            navigation = yaml_data(
                self.source.read_text("_data/navigation.yml"), "_data/navigation.yml"
            )
        except SiteFileError as error:
            self.data.warnings.append(str(error))
            return []
        menu = navigation.get("main") if isinstance(navigation, dict) else None
        urls = {
            _slashed(item.get("url")): str(item.get("title") or "")
            for item in menu or []
            if isinstance(item, dict)
        }
        found = []
        for path in self.source.glob("_pages/*.md"):
            if path in ("_pages/about.md", "_pages/cv.md"):
                continue
            text = self.source.read_text(path)[:MAX_PAGE_BYTES]
            if _LISTING.search(text):
                continue  # a collection's listing: its items are read from the collection
            permalink = re.search(r"^permalink:\s*['\"]?(\S+?)['\"]?\s*$", text, re.M)
            if permalink and _slashed(permalink.group(1)) in urls:
                found.append((path, urls[_slashed(permalink.group(1))]))
        return found

    def papers(self, config: dict) -> None:
        categories = config.get("publication_category")
        categories = categories if isinstance(categories, dict) else {}
        for path in self.collection("_publications"):
            found = self.page(path)
            if found is None:
                continue
            metadata, body, line = found
            paper = read_paper(
                metadata,
                body,
                Origin(path, 1),
                categories=categories,
                resolve=self.resolve,
                warnings=self.data.warnings,
            )
            if isinstance(paper, Skipped):
                self.data.skipped.append(paper)
            elif paper is not None:
                self.data.papers.append(paper)

    def cv_collections(self) -> None:
        for folder, kind in (("_talks", CVEntry.Kind.TALK), ("_teaching", CVEntry.Kind.TEACHING)):
            for path in self.collection(folder):
                found = self.page(path)
                if found is None:
                    continue
                entry = collection_entry(kind, found[0], found[1], Origin(path, 1), self.resolve)
                (self.data.skipped if isinstance(entry, Skipped) else self.data.cv).append(entry)

    def posts(self) -> None:
        """Blog posts and portfolio items are listed as skipped, never dropped unseen."""
        kept_out = {
            "_posts": "blog posts are not imported (copy the ones to keep as news by hand)",
            "_portfolio": "portfolio items are not imported (copy them into a custom section)",
        }
        for folder, why in kept_out.items():
            for path in self.collection(folder):
                found = self.page(path)
                title = str(found[0].get("title") or path) if found else path
                reason = demo_reason(title) or why
                self.data.skipped.append(Skipped(f"{path}: {title}", reason, Origin(path)))


def _slashed(url) -> str:
    return "/" + str(url or "").strip().strip("/") + "/"


def read(source: SiteSource) -> SiteData:
    reader = _Reader(source)
    config = reader.config()
    reader.profile(config)
    reader.pages()
    reader.papers(config)
    reader.cv_collections()
    reader.posts()
    infer_owner_name(reader.data)
    return reader.data
