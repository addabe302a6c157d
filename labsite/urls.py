"""Root URLs of a lab's host (see DESIGN.md, Public contract)."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from labsite import admin as labsite_admin
from labsite import sitemaps, theme, views, views_auth
from labsite.media import serve_media

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon_ico, name="favicon"),
    path("sitemap.xml", sitemaps.sitemap_xml, name="sitemap"),
    path("theme/", theme.set_theme, name="theme"),
    # Before the admin's own URLs: its catch-all would answer first.
    path("admin/login/", views_auth.admin_login, name="labsite_admin_login"),
    path(
        "admin/invitation/<uidb64>/<token>/",
        views_auth.InvitationConfirmView.as_view(),
        name="invitation",
    ),
    # Django's "View on site" redirect, scoped by lab (labsite/admin/views.py).
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(labsite_admin.view_on_site),
        name="labsite_view_on_site",
    ),
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
