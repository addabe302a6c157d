"""labsite.slug_urls.slug_url gives exactly what reverse() gives, one reverse per view."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix, set_urlconf

from labsite import slug_urls
from labsite.slug_urls import slug_url

VIEWS = ("publications:detail", "people:detail", "news:detail")
SLUGS = ("a", "ada-moreau", "paper_2024-x", "Z9", "slug-placeholder-7f3a-1")


@pytest.mark.parametrize("viewname", VIEWS)
def test_the_same_string_as_reverse_for_every_slug(viewname):
    for slug in SLUGS:
        assert slug_url(viewname, slug) == reverse(viewname, kwargs={"slug": slug})


def test_one_reverse_per_view_and_prefix_however_many_slugs(monkeypatch):
    slug_urls._with_placeholder.cache_clear()
    calls = []
    real = slug_urls.reverse
    monkeypatch.setattr(slug_urls, "reverse", lambda *a, **k: calls.append(a) or real(*a, **k))
    urls = [slug_url("people:detail", f"person-{n}") for n in range(200)]
    assert len(calls) == 1 and urls[7] == "/people/person-7/"
    set_script_prefix("/sub/")
    try:
        assert slug_url("people:detail", "ada") == "/sub/people/ada/"  # a new prefix: reversed
    finally:
        clear_script_prefix()
    assert len(calls) == 2 and slug_url("people:detail", "ada") == "/people/ada/"


def test_a_member_domain_urlconf_is_its_own_and_the_lab_urlconf_can_be_asked_for(settings):
    set_urlconf("people.urls_domain")
    try:
        with pytest.raises(NoReverseMatch):  # a member's domain has no team pages
            slug_url("people:detail", "ada")
        root = settings.ROOT_URLCONF
        lab = slug_url("people:detail", "ada", urlconf=root)
        assert lab == reverse("people:detail", kwargs={"slug": "ada"}, urlconf=root)
    finally:
        set_urlconf(None)


@pytest.mark.parametrize("slug", ["", "has space", "ünï", "a/b", "x?y"])
def test_anything_the_slug_converter_refuses_goes_through_reverse(slug):
    with pytest.raises(NoReverseMatch):
        slug_url("people:detail", slug)
