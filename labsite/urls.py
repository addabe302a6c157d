"""labsite's own pages on a lab's host: home, health, robots, favicon, sitemap, theme, and
the admin pages labsite adds (login, invitation, scoped "View on site"). Included first by
config/urls.py."""

from django.contrib import admin
from django.urls import path

from labsite import admin as labsite_admin
from labsite import sitemaps, theme, views, views_auth

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
]
