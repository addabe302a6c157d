"""Lab logos and icons, and paper thumbnails: checked, re-encoded and kept per lab, like
member photos (hostile uploads: tests/people/test_images.py)."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from tests.factories import make_publication
from tests.people.imagedata import exif_with_gps, jpeg_bytes, png_bomb_header, png_bytes, upload

pytestmark = pytest.mark.django_db

# A real PNG with an HTML page appended: browsers sniffing it would find a script.
POLYGLOT = png_bytes(64, 64) + b"<html><body><script>alert(document.cookie)</script></body></html>"


def stored_bytes(fieldfile) -> bytes:
    fieldfile.open("rb")
    try:
        return fieldfile.read()
    finally:
        fieldfile.close()


def test_a_transparent_logo_stays_transparent_and_is_re_encoded(lab_a, media_root):
    lab_a.logo = upload("logo.png", POLYGLOT, "image/png")
    lab_a.save()
    assert lab_a.logo.name.startswith(f"labs/{lab_a.slug}/branding/logo-")
    assert lab_a.logo.name.endswith(".png")
    data = stored_bytes(lab_a.logo)
    assert b"<script" not in data and b"<html" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.mode == "RGBA" and image.getpixel((5, 5))[3] == 128


def test_an_icon_is_bounded_and_a_photo_logo_becomes_a_jpeg(lab_a, media_root):
    lab_a.favicon = upload("icon.png", png_bytes(1024, 1024, mode="RGB", colour=(1, 2, 3)),
                           "image/png")
    lab_a.logo = upload("logo.jpg", jpeg_bytes(1600, 400, exif=exif_with_gps()))
    lab_a.save()
    with Image.open(io.BytesIO(stored_bytes(lab_a.favicon))) as icon:
        assert icon.size == (256, 256)
    logo = stored_bytes(lab_a.logo)
    assert lab_a.logo.name.endswith(".jpg")
    with Image.open(io.BytesIO(logo)) as image:
        assert image.size == (512, 128) and not image.getexif()
    assert b"ExampleCam" not in logo


def test_a_paper_thumbnail_is_re_encoded_in_its_labs_folder(lab_a, media_root):
    paper = make_publication(lab=lab_a, title="Pictures", slug="pictures")
    paper.thumbnail = upload("teaser.jpg", jpeg_bytes(2000, 1000, exif=exif_with_gps()))
    paper.save()
    assert paper.thumbnail.name.startswith(f"labs/{lab_a.slug}/publications/pictures-")
    data = stored_bytes(paper.thumbnail)
    assert b"ExampleCam" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (800, 400)


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("page.png", b"<!doctype html><html><script>alert(1)</script></html>", "HTML"),
        ("drawing.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "SVG"),
        ("flood.png", png_bomb_header(), "pixels"),
    ],
)
def test_hostile_uploads_are_refused_with_a_reason_and_nothing_is_stored(
    lab_a, media_root, name, data, message
):
    lab_a.logo = upload(name, data, "image/png")
    with pytest.raises(ValidationError) as refused:
        lab_a.full_clean()
    assert message in " ".join(refused.value.messages)
    # Saved anyway (a shell, a script): re-encoding refuses it too, and writes nothing.
    with pytest.raises(ValidationError):
        lab_a.save()
    assert not (media_root / "labs").exists() or not any((media_root / "labs").rglob("*"))


def test_the_lab_admin_form_reports_a_bad_logo(lab_a, media_root, client):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", "r@example.org", "pw")
    client.force_login(root)
    response = client.post(
        f"/admin/labsite/lab/{lab_a.pk}/change/",
        {"slug": lab_a.slug, "name": lab_a.name, "accent_colour": "#1f5f8b",
         "logo": upload("logo.png", b"<html><script>alert(1)</script></html>", "image/png")},
        HTTP_HOST="a.example.org",
    )
    assert response.status_code == 200
    assert "HTML" in response.content.decode()
    lab_a.refresh_from_db()
    assert not lab_a.logo
