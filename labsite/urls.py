"""Root URLs of a lab's host (see DESIGN.md, Public contract)."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from labsite import sitemaps, theme, views
from labsite.media import serve_media

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemaps.sitemap_xml, name="sitemap"),
    path("theme/", theme.set_theme, name="theme"),
    path("admin/", admin.site.urls),
    path("markdownx/", include("labsite.markdownx_urls")),
    path("", include("people.urls")),
    path("", include("publications.urls")),
    path("", include("news.urls")),
    path("", include("awards.urls")),
]

if settings.LABSITE_SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(re_path(rf"^{media_prefix}(?P<path>.+)$", serve_media, name="media"))
