"""Root URLs of a lab's host (docs/architecture.md, Public URLs): each app's pages, admin,
and uploaded media when the app serves them."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from labsite.media import serve_media

urlpatterns = [
    # labsite's own pages come first: they include the admin's login and invitation pages,
    # which must answer before the admin's catch-all.
    path("", include("labsite.urls")),
    # Before the admin's catch-all: "Import a site" (siteimport/admin_views.py) and
    # "Refresh metadata now" (metadata/admin_views.py).
    path("admin/site-import/", include("siteimport.urls")),
    path("admin/metadata/", include("metadata.urls")),
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
