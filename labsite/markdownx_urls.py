"""django-markdownx's preview and upload URLs, served by our own views (views_markdown.py)."""

from django.urls import path

from labsite.views_markdown import markdownify, upload

urlpatterns = [
    path("upload/", upload, name="markdownx_upload"),
    path("markdownify/", markdownify, name="markdownx_markdownify"),
]
