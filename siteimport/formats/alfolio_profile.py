"""The owner of an al-folio site: name and socials in ``_config.yml`` (older versions),
socials in ``_data/socials.yml`` (newer), the ``profile:`` block of ``_pages/about.md``
(image, address / more_info), and JSON Resume's ``basics`` when present.
"""

from __future__ import annotations

import re

from labsite.links import is_web_url
from people.models import PersonLink
from people.pasted_lists import plain_text
from siteimport.text.cleaning import clean_markdown, html_lines
from siteimport.text.contact import is_obfuscated_email, is_placeholder_value, social_link
from siteimport.types import Origin, SiteData, SiteLink, Skipped

CONFIG = "_config.yml"
SOCIALS = "_data/socials.yml"
ABOUT = "_pages/about.md"
IMAGE_FOLDER = "assets/img/"

# al-folio's social keys (markup.social_link and _includes/social.liquid) -> the network
# of siteimport.text.contact.SOCIAL_URLS whose URL the theme builds from the value.
_NETWORKS = {
    "github_username": "github", "twitter_username": "twitter", "x_username": "x",
    "linkedin_username": "linkedin", "scholar_userid": "scholar", "orcid_id": "orcid",
    "dblp_url": "dblp", "semanticscholar_id": "semantic_scholar",
    "research_gate_profile": "researchgate", "gitlab_username": "gitlab",
    "scopus_id": "scopus", "inspirehep_id": "inspirehep", "acm_id": "acm", "ieee_id": "ieee",
    "medium_username": "medium", "stackoverflow_id": "stackoverflow",
    "keybase_username": "keybase", "kaggle_id": "kaggle", "youtube_id": "youtube",
    "wikidata_id": "wikidata", "publons_id": "publons", "blogger_url": "blogger",
    "work_url": "work", "bluesky_url": "bluesky", "mastodon_username": "mastodon",
}
# Config keys that name no link (icons, switches, the site's own settings).
_NOT_LINKS = {"email", "rss_icon", "wechat_qr", "whatsapp_number", "contact_note"}
_EMAIL = re.compile(r"[^\s@<>]+@[^\s@<>]+\.\w+")
TEMPLATE_DESCRIPTION = "A simple, whitespace theme for academics."
# The template's about-page subtitle ("<a href='#'>Affiliations</a>. Address. Contacts.
# Moto. Etc."), often half-edited.
_TEMPLATE_SUBTITLE = re.compile(r"Address\. Contacts\. Mott?o\. Etc\.", re.I)


def read_profile(config: dict, socials: dict, about_meta: dict, resume: dict,
                 data: SiteData) -> None:
    profile = data.profile
    profile.origin = Origin(CONFIG)
    names = [config.get(key) for key in ("first_name", "middle_name", "last_name")]
    profile.name = " ".join(str(name).strip() for name in names if name)
    basics = resume.get("basics") if isinstance(resume.get("basics"), dict) else {}
    if not profile.name:
        title = str(config.get("title") or "").strip()
        profile.name = str(basics.get("name") or ("" if title == "blank" else title))
    profile.position = str(basics.get("label") or "")
    profile.bio = str(basics.get("summary") or "")
    if str(config.get("description") or "").strip().startswith(TEMPLATE_DESCRIPTION):
        data.skipped.append(Skipped("site description", "the al-folio template's sentence",
                                    Origin(CONFIG)))
    lines = _about_block(about_meta, data)
    email = _email(socials, config, basics, data)
    if not email:  # more_info often holds nothing but the address to write to
        email = next((line for line in lines if _EMAIL.fullmatch(line.strip())), "")
    lines = [line for line in lines if line.strip() != email]
    if not lines and isinstance(basics.get("location"), dict):
        location = basics["location"]
        lines = [str(location.get(key)) for key in ("address", "city", "region", "postalCode")
                 if location.get(key)]
    profile.address = "\n".join(lines)
    profile.email = email
    profile.email_obfuscated = is_obfuscated_email(email)
    # Socials: the newer file replaces the config's keys; the order is the file's.
    found = socials or config
    origin = Origin(SOCIALS if socials else CONFIG)
    profile.links = _links(found, origin, data)
    if not profile.links and isinstance(basics.get("profiles"), list):
        profile.links = _resume_links(basics["profiles"])


def _about_block(about_meta: dict, data: SiteData) -> list[str]:
    """Affiliation (the subtitle) and photo from the about page; its address lines."""
    profile = data.profile
    subtitle = plain_text(clean_markdown(str(about_meta.get("subtitle") or "")))
    if _TEMPLATE_SUBTITLE.search(subtitle):
        data.skipped.append(Skipped(f"subtitle “{subtitle}”", "the al-folio template's "
                                    "placeholder", Origin(ABOUT)))
    elif subtitle:  # the line under the name: where the owner works
        profile.affiliation = subtitle
    block = about_meta.get("profile") if isinstance(about_meta.get("profile"), dict) else {}
    if block.get("image"):
        image = str(block["image"]).strip().lstrip("/")
        profile.photo = image if image.startswith("assets/") else IMAGE_FOLDER + image
    lines = []
    for key in ("address", "more_info"):
        if block.get(key):
            lines += html_lines(str(block[key])).splitlines()
    return lines


def _email(socials, config, basics, data) -> str:
    for where, values in ((SOCIALS, socials), (CONFIG, config), ("resume", basics)):
        value = str(values.get("email") or "").strip()
        if value and is_placeholder_value(value):
            data.skipped.append(Skipped(f"e-mail {value}", "a template placeholder",
                                        Origin(where)))
        elif value:
            return value
    return ""


def _links(values: dict, origin: Origin, data: SiteData) -> list[SiteLink]:
    links = []
    for key, value in values.items():
        if key in _NOT_LINKS or value in (None, "", False, True):
            continue
        if isinstance(value, dict):  # custom_social / any named {logo, title, url}
            url = str(value.get("url") or "")
            if is_web_url(url):
                links.append(SiteLink(PersonLink.Kind.OTHER, url, str(value.get("title") or key)))
            continue
        # "name# your LinkedIn user name": YAML keeps a comment that has no space before it.
        value = str(value).split("# ")[0].strip()
        if key not in _NETWORKS:
            continue  # a setting of the site, not a social (config keys are mostly settings)
        if is_placeholder_value(value):
            data.skipped.append(Skipped(f"{key}: {value}", "a template placeholder", origin))
            continue
        if found := social_link(_NETWORKS[key], value):
            links.append(found)
    return links


def _resume_links(profiles: list) -> list[SiteLink]:
    links = []
    for item in profiles:
        if not isinstance(item, dict):
            continue
        network = str(item.get("network") or "").casefold()
        url = str(item.get("url") or "")
        if url and not is_web_url(url):
            url = "https://" + url
        found = social_link(network, url or str(item.get("username") or ""))
        if found:
            label = "" if found.kind != PersonLink.Kind.OTHER else str(item.get("network") or "")
            links.append(SiteLink(found.kind, found.url, label))
    return links
