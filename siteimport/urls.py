"""The admin pages of "Import a site", mounted under /admin/ by config/urls.py."""

from django.contrib import admin
from django.urls import path

from siteimport.admin_views import lab_import_view, person_import_view

urlpatterns = [
    path("person/<int:pk>/", admin.site.admin_view(person_import_view),
         name="siteimport_person"),
    path("lab/<int:pk>/", admin.site.admin_view(lab_import_view), name="siteimport_lab"),
]
