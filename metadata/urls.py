"""The admin pages of fresh metadata, mounted under /admin/ by config/urls.py."""

from django.contrib import admin
from django.urls import path

from metadata.admin_views import lab_metadata_view, lab_refresh_view

urlpatterns = [
    path("lab/<int:pk>/", admin.site.admin_view(lab_metadata_view), name="metadata_lab"),
    path("lab/<int:pk>/refresh/", admin.site.admin_view(lab_refresh_view),
         name="metadata_refresh_lab"),
]
