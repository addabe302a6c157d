"""``/sitemap.xml`` of one lab, built from sitemap classes the apps contribute.

``labsite`` cannot import the apps above it, so it discovers them the way Django's admin
does: every installed app may have a ``sitemaps`` module with ``SITEMAPS``, a dict of
name → ``Sitemap`` subclass whose ``__init__`` takes the lab (:class:`LabSitemap`).
Each is instantiated with the lab of the request and must read only that lab's rows
(``Model.objects.for_lab(self.lab)``).
URLs are written on the lab's canonical host (see ``labsite.seo``).
"""

from dataclasses import dataclass
from functools import cache
from importlib import import_module

from django.apps import apps
from django.contrib.sitemaps import Sitemap
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import module_has_submodule
from django.views.decorators.http import require_GET

from labsite.cache import cached_page
from labsite.seo import canonical_base_url


class LabSitemap(Sitemap):
    """Base class: the items of one lab (any ``Sitemap`` whose ``__init__`` takes the lab
will do; this one just says so)."""

    def __init__(self, lab):
        self.lab = lab


class HomeSitemap(LabSitemap):
    """The lab home and the list pages of apps that have no sitemap of their own."""

    changefreq = "weekly"
    priority = 1.0
    url_names = ("home", "news:list", "awards:list")

    def items(self):
        paths = []
        for name in self.url_names:
            try:
                paths.append(reverse(name))
            except NoReverseMatch:  # that app is not installed
                continue
        return paths

    def location(self, item):
        return item


SITEMAPS = {"home": HomeSitemap}


@cache
def sitemap_classes() -> dict[str, type[Sitemap]]:
    """Every app's ``sitemaps.SITEMAPS``, in INSTALLED_APPS order.

    A ``sitemaps`` module without ``SITEMAPS`` contributes the ``Sitemap`` subclasses it
    defines itself.
    """
    found = {}
    for app_config in apps.get_app_configs():
        if not module_has_submodule(app_config.module, "sitemaps"):
            continue
        module = import_module(f"{app_config.name}.sitemaps")
        declared = getattr(module, "SITEMAPS", None)
        if declared is None:
            declared = {
                f"{app_config.label}-{name}": value
                for name, value in vars(module).items()
                if isinstance(value, type)
                and issubclass(value, Sitemap)
                and value.__module__ == module.__name__
            }
        found.update(declared)
    return found


@dataclass(frozen=True)
class _CanonicalSite:
    """What ``Sitemap.get_urls`` reads from a ``Site``: the host to write URLs on."""

    domain: str
    name: str = ""


def lab_sitemap_urls(lab, base_url: str) -> list[dict]:
    scheme, _, host = base_url.partition("://")
    site = _CanonicalSite(domain=host)
    urls = []
    for cls in sitemap_classes().values():
        urls.extend(cls(lab).get_urls(site=site, protocol=scheme))
    return urls


@cached_page()
@require_GET
def sitemap_xml(request):
    if request.lab is None or request.homepage_person_id is not None:
        raise Http404("No lab sitemap on this host.")
    urls = lab_sitemap_urls(request.lab, canonical_base_url(request))
    return TemplateResponse(
        request,
        "sitemap.xml",
        {"urlset": urls},
        content_type="application/xml; charset=utf-8",
    )
