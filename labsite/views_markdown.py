"""django-markdownx's preview and upload views, behind a staff login (URLs: markdownx_urls.py).

Out of the box both answer anonymous requests, and the upload view stores SVG (which can
carry scripts) and whatever else claims an image content type. Here only staff may use
them; the preview goes through our sanitising renderer, and an upload must be a real
JPEG, PNG or WebP image under ``MARKDOWNX_UPLOAD_MAX_SIZE``. It goes through the one image
pipeline (labsite/images.py), so nothing but pixels survives, and is stored under the lab's
own media folder (``labs/<lab-slug>/markdownx/``). The answers keep markdownx's JSON
shapes so its editor script works unchanged.
"""

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.template.defaultfilters import filesizeformat
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from labsite import images
from labsite.markdown import render_markdown
from labsite.permissions import acting_lab, scope_for

# Longest markdown text the preview renders (a long homepage is a few thousand characters).
PREVIEW_MAX_CHARS = 100_000
# Uploaded images are shrunk to fit this box; larger adds weight, not legibility.
UPLOAD_MAX_SIDE = images.DECODE_SIDE
# Lower than photos allow: a small file may still decode to a huge bitmap.
UPLOAD_MAX_PIXELS = 25_000_000
# JPEG, PNG and WebP stay themselves (a diagram stays a sharp, transparent PNG).
MARKDOWN_IMAGE_RECIPE = images.ImageRecipe(
    max_side=UPLOAD_MAX_SIDE, same_format=True, max_pixels=UPLOAD_MAX_PIXELS
)


@never_cache
@staff_member_required
@require_POST
def markdownify(request):
    """The editor's live preview: exactly what the public page will show."""
    content = request.POST.get("content", "")
    if len(content) > PREVIEW_MAX_CHARS:
        return HttpResponse(
            f"The text is too long to preview (over {PREVIEW_MAX_CHARS:,} characters).",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponse(render_markdown(content), content_type="text/html; charset=utf-8")


@never_cache
@staff_member_required
@require_POST
def upload(request):
    """An image dropped into a markdown editor: checked, re-encoded, stored per lab."""
    limit = settings.MARKDOWNX_UPLOAD_MAX_SIZE
    # Refuse an oversized body before Django spools it to disk.
    declared = _int(request.META.get("CONTENT_LENGTH"))
    if declared > limit + 64 * 1024:
        return _error(_too_big_message(declared, limit), status=413)
    lab = upload_lab(request)
    if lab is None:
        return _error(
            "Open the admin on your lab's own address to upload images, so they are stored "
            "with that lab.",
            status=403,
        )
    upload = request.FILES.get("image")
    if upload is None:
        return _error("No file was uploaded.")
    if upload.size > limit:
        return _error(_too_big_message(upload.size, limit), status=413)
    try:
        stored = images.store_image(
            upload, MARKDOWN_IMAGE_RECIPE, directory=images.lab_media_dir(lab.slug, "markdownx")
        )
    except ValidationError as error:
        return _error(" ".join(error.messages))
    return JsonResponse({"image_code": f"![]({default_storage.url(stored.name)})"})


def upload_lab(request):
    """The lab an upload belongs to: this host's lab if the user works in it, else (on a
    host of no lab) their only lab; None when that is ambiguous or they have none."""
    scope = scope_for(request)
    return acting_lab(
        request, None if scope.is_superuser else scope.lab_ids, fall_back_on_other_host=False
    )


def _too_big_message(size: int, limit: int) -> str:
    return (
        f"The image is too big ({filesizeformat(size)}). The limit is {filesizeformat(limit)}; "
        "please upload a smaller image."
    )


def _error(message: str, *, status: int = 400) -> JsonResponse:
    # markdownx's own error shape: {"field": [messages]}.
    return JsonResponse({"image": [message]}, status=status)


def _int(value) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0
