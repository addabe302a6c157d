"""django-markdownx's preview and upload URLs, behind a staff login.

Out of the box both answer anonymous requests; here only people who may edit in the
admin can preview or upload, and uploads accept only re-encoded raster images.
"""

from django.contrib.admin.views.decorators import staff_member_required
from django.urls import path
from markdownx.views import ImageUploadView, MarkdownifyView

urlpatterns = [
    path("upload/", staff_member_required(ImageUploadView.as_view()), name="markdownx_upload"),
    path(
        "markdownify/",
        staff_member_required(MarkdownifyView.as_view()),
        name="markdownx_markdownify",
    ),
]
