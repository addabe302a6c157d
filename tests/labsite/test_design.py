"""The shared design layer: brand colours, theme choice, base template, error pages."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.template.loader import get_template
from django.test import Client

from labsite.branding import (
    DARK_BACKGROUNDS,
    DEFAULT_ACCENT,
    LIGHT_BACKGROUNDS,
    brand_colours,
    contrast_ratio,
    worst_contrast,
)
from labsite.theme import THEME_COOKIE
from tests.factories import make_lab

pytestmark = pytest.mark.django_db

HEX = re.compile(r"^#[0-9a-f]{6}$")


def html_tag(page: str) -> str:
    return re.search(r"<html[^>]*>", page).group(0)


# --- Contrast -------------------------------------------------------------------------------


def test_contrast_ratio_matches_the_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    # #767676 is the classic lightest grey that passes 4.5:1 on white.
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#777777", "#ffffff") < 4.5


@pytest.mark.parametrize(
    "accent",
    ["#1f5f8b", "#ffcc00", "#ffffff", "#000000", "#7cb8e4", "#e60012", "#00ff00", "#123456"],
)
def test_every_accent_passes_aa_on_every_background_of_both_themes(accent):
    brand = brand_colours(accent)
    assert HEX.match(brand.light) and HEX.match(brand.dark)
    assert worst_contrast(brand.light, LIGHT_BACKGROUNDS) >= 4.5
    assert worst_contrast(brand.dark, DARK_BACKGROUNDS) >= 4.5
    # Text on an accent-filled button or skip link reads too.
    assert contrast_ratio(brand.on_light, brand.light) >= 4.5
    assert contrast_ratio(brand.on_dark, brand.dark) >= 4.5


def test_a_passing_accent_is_kept_and_a_failing_one_is_adjusted_in_its_hue():
    kept = brand_colours("#1f5f8b")
    assert kept.light == "#1f5f8b"

    yellow = brand_colours("#ffcc00")  # 1.6:1 on white
    assert yellow.dark == "#ffcc00"  # fine on the dark theme
    assert yellow.light != "#ffcc00" and yellow.adjusted
    red, green, blue = (int(yellow.light[i : i + 2], 16) for i in (1, 3, 5))
    assert red > green > blue  # still a yellow/brown, not grey or black

    navy = brand_colours("#123456")
    assert navy.light == "#123456"
    assert navy.dark != "#123456"  # too dark to read on the dark theme: lightened


def test_an_invalid_stored_colour_falls_back_to_the_default():
    assert brand_colours("red; } body { display:none").chosen == DEFAULT_ACCENT
    assert brand_colours("").chosen == DEFAULT_ACCENT


def test_pages_carry_the_adjusted_brand_colours_for_both_themes():
    lab = make_lab(hosts=["brand.example.org"], accent_colour="#FFCC00")
    brand = brand_colours("#ffcc00")
    tag = html_tag(Client(HTTP_HOST="brand.example.org").get("/").content.decode())
    assert f"--brand-light:{brand.light};" in tag
    assert f"--brand-dark:{brand.dark};" in tag
    assert "#ffcc00;--on-brand-light" not in tag  # the failing colour is never the light accent
    assert lab.accent_colour == "#FFCC00"  # the lab's choice itself is kept


def test_site_css_reads_the_brand_properties_in_both_themes():
    from django.contrib.staticfiles import finders

    with open(finders.find("labsite/site.css"), encoding="utf-8") as file:
        css = file.read()
    assert "--accent: var(--brand-light" in css
    assert css.count("--accent: var(--brand-dark") == 2  # chosen dark, and system dark
    assert "prefers-color-scheme: dark" in css
    assert "@media print" in css
    assert ":focus-visible" in css
    assert "http://" not in css and "https://" not in css and "@import" not in css  # no CDN


# --- Theme ------------------------------------------------------------------------------------


def test_theme_link_sets_a_cookie_and_returns_to_the_page(client_a):
    response = client_a.get("/theme/", {"set": "dark", "next": "/people/?x=1"})
    assert response.status_code == 302
    assert response["Location"] == "/people/?x=1"
    assert response.cookies[THEME_COOKIE].value == "dark"
    assert response.cookies[THEME_COOKIE]["samesite"] == "Lax"
    assert "noindex" in response["X-Robots-Tag"]


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"],
)
def test_theme_link_never_redirects_off_site(client_a, target):
    response = client_a.get("/theme/", {"set": "light", "next": target})
    assert response["Location"] == "/"


def test_theme_auto_forgets_the_choice(client_a):
    client_a.cookies[THEME_COOKIE] = "dark"
    response = client_a.get("/theme/", {"set": "auto", "next": "/"})
    assert response.cookies[THEME_COOKIE].value == ""  # deleted


def test_server_renders_the_chosen_theme_and_the_page_cache_keeps_them_apart(client_a):
    assert "data-theme" not in html_tag(client_a.get("/").content.decode())
    dark = Client(HTTP_HOST="a.example.org")
    dark.cookies[THEME_COOKIE] = "dark"
    assert 'data-theme="dark"' in html_tag(dark.get("/").content.decode())
    # Served from the cache now: each visitor still gets their own theme.
    assert "data-theme" not in html_tag(client_a.get("/").content.decode())
    assert 'data-theme="dark"' in html_tag(dark.get("/").content.decode())
    bogus = Client(HTTP_HOST="a.example.org")
    bogus.cookies[THEME_COOKIE] = '"><script>'
    assert "data-theme" not in html_tag(bogus.get("/").content.decode())


def test_theme_toggle_works_without_javascript(client_a):
    # Back to the same page with the parameters it reads (others are not part of the page).
    page = client_a.get("/publications/?year=2024&utm=x").content.decode()
    assert 'href="/theme/?set=dark&amp;next=/publications/%3Fyear%3D2024"' in page
    assert 'href="/theme/?set=light&amp;next=/publications/%3Fyear%3D2024"' in page
    assert "Switch to the dark theme" in page


# --- Base template ----------------------------------------------------------------------------


def test_base_template_has_landmarks_skip_link_and_one_script_deferred(client_a):
    page = client_a.get("/").content.decode()
    assert '<html lang="en"' in page
    body = page.split("<body>", 1)[1]
    # The skip link is the first thing in the body and points at <main id="main">.
    assert body.lstrip().startswith('<a class="skip-link" href="#main">')
    assert '<main id="main"' in page
    for landmark in ("<header", '<nav class="site-nav" aria-label="Main"', "<footer"):
        assert landmark in page
    scripts = re.findall(r"<script[^>]*>", page)
    assert all("defer" in tag or "ld+json" in tag for tag in scripts)
    assert "cdn" not in page.lower()
    assert 'name="viewport"' in page


def test_navigation_marks_the_current_section(client_a):
    page = client_a.get("/publications/").content.decode()
    assert '<a href="/publications/" aria-current="page">Publications</a>' in page
    assert '<a href="/people/">People</a>' in page


def test_logo_favicon_and_footer_text_come_from_the_lab(client_a, lab_a, media_root):
    from tests.people.imagedata import png_bytes

    page = client_a.get("/").content.decode()
    assert "labsite/favicon.svg" in page  # the default icon
    assert 'class="brand-mark"' in page and ">AS<" in page  # Alpha Systems Lab
    png = png_bytes(64, 64)
    lab_a.logo = SimpleUploadedFile("logo.png", png, content_type="image/png")
    lab_a.favicon = SimpleUploadedFile("icon.png", png, content_type="image/png")
    lab_a.footer_text = "Funded by <b>nobody</b> & friends"
    lab_a.save()
    page = client_a.get("/").content.decode()
    branding = f"/media/labs/{lab_a.slug}/branding"
    assert re.search(rf'<link rel="icon" href="{branding}/favicon-[^"]*\.png">', page)
    assert re.search(rf'<img src="{branding}/logo-[^"]*\.png" alt="" height="40">', page)
    assert "brand-mark" not in page
    assert "Funded by &lt;b&gt;nobody&lt;/b&gt; &amp; friends" in page  # escaped, never raw


def test_icon_tag_and_monogram_filter():
    out = Template('{% load labsite_tags %}{% icon "scholar" %}|{% icon "nope" %}').render(
        Context()
    )
    first, second = out.split("|")
    assert 'aria-hidden="true"' in first and "#i-cap" in first and "icons.svg" in first
    assert "#i-link" in second  # unknown kinds get the generic link icon
    monogram = Template("{% load labsite_tags %}{{ name|monogram }}")
    assert monogram.render(Context({"name": "Lab for Efficient Learning Systems"})) == "ELS"
    assert monogram.render(Context({"name": "Lab"})) == "L"
    assert monogram.render(Context({"name": "<b>x</b> Ünïcode lab"})) == "Ü"


def test_static_assets_exist_and_icons_cover_every_alias():
    from django.contrib.staticfiles import finders

    from labsite.templatetags.labsite_tags import ICON_ALIASES, ICONS

    with open(finders.find("labsite/icons.svg"), encoding="utf-8") as file:
        sprite = file.read()
    for name in ICONS | set(ICON_ALIASES.values()):
        assert f'id="i-{name}"' in sprite, name
    assert finders.find("labsite/site.js") and finders.find("labsite/favicon.svg")


def test_person_link_kinds_all_have_icons():
    from labsite.templatetags.labsite_tags import icon_name
    from people.models import PersonLink
    from publications.choices import LinkKind

    for kind in [*PersonLink.Kind.values, *LinkKind.values]:
        assert icon_name(kind) != "link" or kind in {"other", "doi"}, kind


# --- Error pages ------------------------------------------------------------------------------


def test_404_is_styled_noindexed_and_offers_a_way_back(client_a):
    response = client_a.get("/no/such/page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert 'content="noindex"' in page
    assert "labsite/site.css" in page
    assert 'href="/people/"' in page
    assert 'rel="canonical"' not in page


def test_500_template_renders_without_a_request_or_context():
    page = get_template("500.html").render()
    assert "Something went wrong" in page and "labsite/site.css" in page


def test_503_page_needs_no_database(client_a, monkeypatch, django_assert_max_num_queries):
    from django.db.utils import OperationalError

    from labsite import tenancy

    def refuse(host):
        raise OperationalError("down")

    monkeypatch.setattr(tenancy, "_lookup", refuse)
    client_a.cookies[THEME_COOKIE] = "dark"
    with django_assert_max_num_queries(0):
        response = client_a.get("/", HTTP_HOST="down.example.org")
    assert response.status_code == 503
    page = response.content.decode()
    assert 'data-theme="dark"' in page and "labsite/site.css" in page
