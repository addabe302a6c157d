"""URLs of a member's own domain: their homepage at / (see labsite.middleware).

That host serves only the member's homepage (and the media it shows). Every other path,
including the lab's pages that the homepage links to, redirects to the lab's primary host.
"""

from django.conf import settings
from django.urls import path, re_path

from labsite.media import serve_media
from labsite.views import favicon_ico
from people import views

urlpatterns = [
    path("", views.domain_homepage, name="domain-home"),
    path("robots.txt", views.domain_robots_txt, name="domain-robots"),
    path("favicon.ico", favicon_ico, name="domain-favicon"),
]

if settings.LABSITE_SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns.append(re_path(rf"^{media_prefix}(?P<path>.+)$", serve_media, name="media"))

urlpatterns.append(re_path(r"^(?P<path>.*)$", views.to_lab_host, name="to-lab-host"))
