"""Markdown everywhere is rendered once on save and sanitised: XSS payloads end up inert.

Every markdown field (Lab.about, Person.bio, Person.about, CVEntry.description,
NewsItem.body, Award.description) gets the same set of classic payloads; the stored HTML
and the public pages that show it are parsed and checked for anything executable.
The markdownx preview and upload endpoints are checked at the end.
"""

import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from labsite.markdown import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_CLASSES,
    ALLOWED_TAGS,
    FORCED_ATTRIBUTES,
    render_markdown,
)
from labsite.models import LabRole
from news.feeds import FEED_ITEMS
from people.models import CVEntry
from tests.factories import make_award, make_news, make_person

pytestmark = pytest.mark.django_db

# Classic payloads; every one calls alert()/msgbox() so that execution contexts can be found.
PAYLOADS = {
    "markdown-javascript-link": "[click me](javascript:alert(1))",
    "markdown-javascript-image": "![pic](javascript:alert(1))",
    "markdown-reference-link": "[ref][1]\n\n[1]: javascript:alert(1)",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "svg-onload": "<svg onload=alert(1)>",
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "entity-encoded-javascript": '<a href="&#106;avascript:alert(1)">x</a>',
    "hex-entity-javascript": '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;'
    '&#x74;&#x3A;alert(1)">x</a>',
    "entity-in-markdown-link": "[x](&#106;avascript:alert(1))",
    "tab-in-scheme": '<a href="java&#x09;script:alert(1)">x</a>',
    "mixed-case-scheme": '<a href="JaVaScRiPt:alert(1)">x</a>',
    "iframe": '<iframe src="javascript:alert(1)"></iframe>',
    "iframe-srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "script": "<script>alert(1)</script>",
    "style-attribute": '<p style="background:url(javascript:alert(1))">styled</p>',
    "style-element": "<style>*{background:url(javascript:alert(1))}</style>",
    "data-url-link": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "data-url-html": '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "math-mglyph": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "form-action": '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">'
    "go</button><input type=submit></form>",
    "vbscript": '<a href="vbscript:msgbox(1)">x</a>',
    "details-ontoggle": "<details open ontoggle=alert(1)><summary>x</summary></details>",
    "object-embed": '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
    "noscript-breakout": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "base-and-meta": '<base href="javascript:alert(1)//"><meta http-equiv="refresh" '
    'content="0;url=javascript:alert(1)">',
    "attr-list": 'para\n{: onclick="alert(1)" style="color:red" }',
    "html-block-onclick": '<div markdown="1" onclick="alert(1)">*x*</div>',
    "srcset": '<img src="https://example.org/a.png" srcset="javascript:alert(1)" alt=a>',
}

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcset", "poster", "background",
                  "xlink:href", "srcdoc", "content"}  # fmt: skip
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data:text|data:application|livescript):")
NEVER_IN_PAGES = {"iframe", "object", "embed", "math", "base", "frame", "frameset", "applet"}
EXECUTABLE_MARKERS = ("alert(", "msgbox(")


class ActiveContentFinder(HTMLParser):
    """Collects everything in a document that could run script or load active content."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self._script_type = None
        self._script_text: list[str] = []
        self._in_style = False

    # C901: a flat list of checks on one tag of the rendered HTML.
    def handle_starttag(self, tag, attrs):  # noqa: C901
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            if name in URL_ATTRIBUTES:
                squashed = re.sub(r"[\x00-\x20]+", "", value).lower()
                if BAD_SCHEME.match(squashed) or "javascript:" in squashed:
                    self.problems.append(f"dangerous URL in {name}= on <{tag}>: {value!r}")
            if name == "style" and any(m in value or "javascript" in value.lower()
                                       for m in EXECUTABLE_MARKERS):  # fmt: skip
                self.problems.append(f"style= with script on <{tag}>")
            if name == "http-equiv" and value.lower() == "refresh":
                self.problems.append("meta refresh")
        if tag in NEVER_IN_PAGES:
            self.problems.append(f"<{tag}> element")
        if tag == "script":
            self._script_type = attributes.get("type") or "text/javascript"
            self._script_text = []
            if attributes.get("src", "").startswith(("http:", "https:", "//")):
                self.problems.append(f"external script {attributes['src']}")
        if tag == "style":
            self._in_style = True

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "script" and self._script_type is not None:
            text = "".join(self._script_text)
            if self._script_type == "application/ld+json":
                json.loads(text)  # data, and it must not have been broken out of
            elif any(marker in text for marker in EXECUTABLE_MARKERS):
                self.problems.append(f"script with payload: {text[:80]!r}")
            self._script_type = None
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._script_type is not None:
            self._script_text.append(data)
        elif self._in_style and ("javascript" in data.lower() or "alert(" in data):
            self.problems.append("<style> element with payload")


def active_content(html: str) -> ActiveContentFinder:
    finder = ActiveContentFinder()
    finder.feed(html)
    finder.close()
    return finder


def assert_inert_fragment(html: str, context: str = "") -> None:
    """Stored HTML: nothing active, and only allow-listed tags and attributes."""
    finder = active_content(html)
    assert not finder.problems, f"{context}: {finder.problems} in {html!r}"
    for tag, attributes in finder.tags:
        assert tag in ALLOWED_TAGS, f"{context}: <{tag}> in {html!r}"
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"} | set(FORCED_ATTRIBUTES.get(tag, ()))
        if tag in ALLOWED_CLASSES:
            allowed.add("class")
        assert set(attributes) <= allowed, f"{context}: {attributes} on <{tag}> in {html!r}"


def assert_inert_page(html: str, context: str = "") -> None:
    finder = active_content(html)
    assert not finder.problems, f"{context}: {finder.problems}"


# --- The renderer itself -------------------------------------------------------------------


@pytest.mark.parametrize("name", PAYLOADS)
def test_renderer_makes_each_payload_inert(name):
    assert_inert_fragment(render_markdown(PAYLOADS[name]), name)


def test_renderer_keeps_what_authors_need():
    html = render_markdown(
        "# Title\n\nHi **bold** *em* `code` ~~no~~ 🎉 [site](https://example.org) "
        "[mail](mailto:a@example.org) [local](/people/)\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n![alt](/media/x.png)\n\n- one\n- two"
    )
    assert "<h2>Title</h2>" in html  # the page owns <h1>
    assert "<strong>bold</strong>" in html and "<em>em</em>" in html and "🎉" in html
    assert "<code>code</code>" in html
    assert 'href="https://example.org"' in html and 'href="mailto:a@example.org"' in html
    assert 'href="/people/"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "<table>" in html and "<td>1</td>" in html
    assert 'src="/media/x.png"' in html and 'alt="alt"' in html and 'loading="lazy"' in html
    assert "<li>one</li>" in html


def test_code_shows_html_as_text():
    html = render_markdown("`<script>alert(1)</script>`")
    assert html == "<p><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></p>"


def test_empty_text_renders_empty():
    assert render_markdown("") == "" and render_markdown("  \n ") == ""


# --- Every markdown field: stored HTML --------------------------------------------------------


def save_field(field, lab, text):
    """Saves ``text`` into the field and returns the stored HTML."""
    if field == "Lab.about":
        lab.about = text
        lab.save()
        return lab.about_html
    if field == "Person.bio":
        return make_person(lab=lab, bio=text).bio_html
    if field == "Person.about":
        return make_person(lab=lab, about=text).about_html
    if field == "CVEntry.description":
        entry = CVEntry.objects.create(
            lab=lab, person=make_person(lab=lab), kind="talk", title="T", description=text
        )
        return entry.description_html
    if field == "NewsItem.body":
        return make_news(lab=lab, body=text).body_html
    if field == "Award.description":
        return make_award(lab=lab, person=make_person(lab=lab), description=text).description_html
    raise AssertionError(field)


FIELDS = ["Lab.about", "Person.bio", "Person.about", "CVEntry.description", "NewsItem.body",
          "Award.description"]  # fmt: skip


@pytest.mark.parametrize("field", FIELDS)
def test_every_field_stores_inert_html(field, lab_a):
    for name, payload in PAYLOADS.items():
        assert_inert_fragment(save_field(field, lab_a, payload), f"{field} / {name}")
    # And the field really is markdown rendered on save.
    assert save_field(field, lab_a, "**ok**") == "<p><strong>ok</strong></p>"


# --- Every markdown field: the public pages that show it ----------------------------------------


@pytest.mark.parametrize("name", PAYLOADS)
def test_lab_about_payload_is_inert_on_the_home_page(name, client_a, lab_a):
    lab_a.about = f"Intro MARK-{name}\n\n{PAYLOADS[name]}"
    lab_a.save()
    page = client_a.get("/").content.decode()
    assert f"MARK-{name}" in page
    assert_inert_page(page, name)


def test_person_bio_payloads_are_inert_on_the_team_page(client_a, lab_a):
    for name, payload in PAYLOADS.items():
        make_person(lab=lab_a, bio=f"Bio MARK-{name}\n\n{payload}")
    page = client_a.get("/people/").content.decode()
    assert all(f"MARK-{name}" in page for name in PAYLOADS)
    assert_inert_page(page, "team page")


@pytest.mark.parametrize("name", PAYLOADS)
def test_person_about_and_cv_payloads_are_inert_on_the_homepage(name, client_a, lab_a):
    person = make_person(lab=lab_a, slug="member", about=f"About MARK-{name}\n\n{PAYLOADS[name]}")
    for kind in CVEntry.Kind.values:
        CVEntry.objects.create(lab=lab_a, person=person, kind=kind, title=f"{kind} entry",
                               description=f"CV MARK-{kind}\n\n{PAYLOADS[name]}")  # fmt: skip
    make_award(lab=lab_a, person=person, description=f"Award MARK\n\n{PAYLOADS[name]}")
    make_news(lab=lab_a, person=person, body=f"News MARK\n\n{PAYLOADS[name]}")
    page = client_a.get("/people/member/").content.decode()
    assert f"About MARK-{name}" in page
    assert "CV MARK-education" in page and "CV MARK-talk" in page
    assert "Award MARK" in page and "News MARK" in page
    assert_inert_page(page, name)


def test_news_body_payloads_are_inert_on_list_detail_and_feed(client_a, lab_a):
    items = []
    for name, payload in PAYLOADS.items():
        items.append(make_news(lab=lab_a, slug=f"short-{name}", body=f"MARK-{name} {payload}"))
        items.append(
            make_news(
                lab=lab_a,
                slug=f"long-{name}",
                title=f"Long {name}",
                body=("filler words " * 40) + f"\n\nMARK-{name}\n\n{payload}",
            )  # fmt: skip
        )
    items.append(make_news(lab=lab_a, slug="all", title="All", body="\n\n".join(PAYLOADS.values())))
    listing = "".join(client_a.get(f"/news/?page={n}").content.decode() for n in (1, 2, 3))
    assert all(f"MARK-{name}" in listing for name in PAYLOADS)
    assert_inert_page(listing, "news list")
    for item in items:
        assert_inert_page(client_a.get(f"/news/{item.slug}/").content.decode(), item.slug)
    assert_inert_page(client_a.get("/").content.decode(), "home news section")

    feed = ET.fromstring(client_a.get("/news/feed/").content)  # noqa: S314 (our own output)
    summaries = [e.text or "" for e in feed.iter("{http://www.w3.org/2005/Atom}summary")]
    assert len(summaries) == min(len(items), FEED_ITEMS)
    for summary in summaries:
        assert_inert_fragment(summary, "feed summary")


def test_award_description_payloads_are_inert_on_the_awards_and_home_pages(client_a, lab_a):
    person = make_person(lab=lab_a)
    for name, payload in PAYLOADS.items():
        make_award(lab=lab_a, person=person, title=f"Prize {name}",
                   description=f"MARK-{name}\n\n{payload}")  # fmt: skip
    page = client_a.get("/awards/").content.decode()
    assert all(f"MARK-{name}" in page for name in PAYLOADS)
    assert_inert_page(page, "awards page")
    assert_inert_page(client_a.get("/").content.decode(), "home awards section")


# --- django-markdownx preview ---------------------------------------------------------------


@pytest.fixture
def editor(lab_a):
    user = get_user_model().objects.create_user("editor", is_staff=True)
    LabRole.objects.create(user=user, lab=lab_a, role=LabRole.Role.EDITOR)
    return user


def test_preview_sends_anonymous_visitors_to_the_login(client_a):
    response = client_a.post("/markdownx/markdownify/", {"content": "**x**"})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_preview_refuses_logged_in_non_staff(client_a, lab_a):
    user = get_user_model().objects.create_user("visitor")
    client_a.force_login(user)
    response = client_a.post("/markdownx/markdownify/", {"content": "**x**"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_preview_renders_with_the_sanitising_renderer(client_a, editor):
    client_a.force_login(editor)
    text = "**bold**\n\n" + "\n\n".join(PAYLOADS.values())
    response = client_a.post("/markdownx/markdownify/", {"content": text})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>bold</strong>" in html
    assert_inert_fragment(html, "preview")
    assert client_a.get("/markdownx/markdownify/").status_code == 405
    empty = client_a.post("/markdownx/markdownify/", {})
    assert empty.status_code == 200 and empty.content == b""
    too_long = client_a.post("/markdownx/markdownify/", {"content": "x" * 100_001})
    assert too_long.status_code == 400 and b"too long" in too_long.content


# --- django-markdownx upload ---------------------------------------------------------------


def png_bytes(size=(40, 30), comment="SECRET-METADATA", mode="RGB"):
    image = Image.new(mode, size, (200, 30, 30, 128) if mode == "RGBA" else (200, 30, 30))
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", comment)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def jpeg_bytes():
    image = Image.new("RGB", (64, 48), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam Inc."  # Make
    exif[0x0131] = "SECRET-SOFTWARE"  # Software
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=90)
    return buffer.getvalue()


def upload(client, name, data, content_type, host=None):
    extra = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
    if host:
        extra["HTTP_HOST"] = host
    return client.post(
        "/markdownx/upload/", {"image": SimpleUploadedFile(name, data, content_type)}, **extra
    )


def stored_files(media_root) -> list[Path]:
    return sorted(p for p in Path(media_root).rglob("*") if p.is_file())


def test_upload_refuses_anonymous_visitors(client_a, media_root):
    response = upload(client_a, "a.png", png_bytes(), "image/png")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert stored_files(media_root) == []


def test_valid_png_is_reencoded_and_stored_under_the_labs_folder(client_a, editor, media_root):
    client_a.force_login(editor)
    original = png_bytes()
    response = upload(client_a, "diagram.png", original, "image/png")
    assert response.status_code == 200, response.content
    code = response.json()["image_code"]
    match = re.fullmatch(r"!\[\]\((/media/labs/lab-a/markdownx/[0-9a-f]{32}\.png)\)", code)
    assert match, code
    [path] = stored_files(media_root)
    assert path.relative_to(media_root).parts[:3] == ("labs", "lab-a", "markdownx")
    data = path.read_bytes()
    assert data != original and b"SECRET-METADATA" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG" and image.size == (40, 30)
    # The markdown it answers renders to an image on the lab's pages.
    assert f'src="{match.group(1)}"' in render_markdown(code)


def test_png_transparency_survives_reencoding(client_a, editor, media_root):
    client_a.force_login(editor)
    response = upload(client_a, "logo.png", png_bytes(mode="RGBA"), "image/png")
    assert response.status_code == 200
    [path] = stored_files(media_root)
    with Image.open(path) as image:
        assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 128


def test_jpeg_metadata_is_dropped(client_a, editor, media_root):
    client_a.force_login(editor)
    response = upload(client_a, "photo.jpeg", jpeg_bytes(), "image/jpeg")
    assert response.status_code == 200, response.content
    [path] = stored_files(media_root)
    data = path.read_bytes()
    assert path.suffix == ".jpg"
    assert b"SecretCam" not in data and b"SECRET-SOFTWARE" not in data
    with Image.open(path) as image:
        assert image.format == "JPEG" and image.size == (64, 48)


@pytest.mark.parametrize(
    ("name", "data", "content_type", "message"),
    [
        ("evil.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
         "image/svg+xml", "SVG"),
        ("evil.png", b"<html><body><script>alert(1)</script></body></html>", "image/png",
         "not an image"),
        ("evil.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>',
         "image/png", "SVG"),
        ("anim.gif", b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01"
         b"\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
         "image/gif", "GIF"),
        ("broken.png", png_bytes()[:60], "image/png", "damaged"),
    ],
    ids=["svg", "html-named-png", "svg-named-png", "gif", "truncated-png"],
)  # fmt: skip
def test_upload_refuses_what_is_not_a_jpeg_png_or_webp(
    client_a, editor, media_root, name, data, content_type, message
):
    client_a.force_login(editor)
    response = upload(client_a, name, data, content_type)
    assert response.status_code == 400
    [error] = response.json()["image"]
    assert message.lower() in error.lower()
    assert stored_files(media_root) == []


def test_upload_cap_is_enforced_with_a_message(client_a, editor, media_root, settings):
    settings.MARKDOWNX_UPLOAD_MAX_SIZE = 100
    client_a.force_login(editor)
    response = upload(client_a, "big.png", png_bytes(), "image/png")
    assert response.status_code == 413
    assert "too big" in response.json()["image"][0]
    assert stored_files(media_root) == []


def test_default_upload_cap_is_lowered():
    from django.conf import settings

    assert settings.MARKDOWNX_UPLOAD_MAX_SIZE <= 5 * 1024 * 1024


def test_editor_of_another_lab_cannot_upload_into_this_lab(client_a, lab_b, media_root):
    outsider = get_user_model().objects.create_user("outsider", is_staff=True)
    LabRole.objects.create(user=outsider, lab=lab_b, role=LabRole.Role.ADMIN)
    client_a.force_login(outsider)
    response = upload(client_a, "a.png", png_bytes(), "image/png")
    assert response.status_code == 403
    assert stored_files(media_root) == []


def test_upload_on_a_host_without_lab_goes_to_the_editors_only_lab(
    client_a, editor, lab_b, media_root
):
    client_a.force_login(editor)
    response = upload(client_a, "a.png", png_bytes(), "image/png", host="admin.example.net")
    assert response.status_code == 200, response.content
    [path] = stored_files(media_root)
    assert path.relative_to(media_root).parts[:2] == ("labs", "lab-a")


def test_member_uploads_into_their_own_lab(client_a, lab_a, media_root):
    user = get_user_model().objects.create_user("member", is_staff=True)
    make_person(lab=lab_a, user=user)
    client_a.force_login(user)
    assert upload(client_a, "a.png", png_bytes(), "image/png").status_code == 200
    assert len(stored_files(media_root)) == 1


def test_webp_stays_webp(client_a, editor, media_root):
    buffer = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 128, 0, 255)).save(buffer, "WEBP")
    client_a.force_login(editor)
    response = upload(client_a, "shot.webp", buffer.getvalue(), "image/webp")
    assert response.status_code == 200, response.content
    [path] = stored_files(media_root)
    assert path.suffix == ".webp"
    with Image.open(path) as image:
        assert image.format == "WEBP" and image.size == (20, 20)


def test_large_images_are_shrunk_to_the_page_size(client_a, editor, media_root):
    from labsite.views_markdown import UPLOAD_MAX_SIDE

    buffer = io.BytesIO()
    Image.new("RGB", (UPLOAD_MAX_SIDE * 2, 100), (1, 2, 3)).save(buffer, "PNG")
    client_a.force_login(editor)
    assert upload(client_a, "wide.png", buffer.getvalue(), "image/png").status_code == 200
    [path] = stored_files(media_root)
    with Image.open(path) as image:
        assert image.size == (UPLOAD_MAX_SIDE, 50)
