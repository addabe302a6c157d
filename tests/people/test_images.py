"""labsite.images (validation, re-encoding) and member photos stored with it."""

import io
import os
import sys
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.forms import modelform_factory
from django.test import RequestFactory
from PIL import ExifTags, Image

from labsite.images import ImageUploadFormField, check_image, process_image
from people.models import Person
from tests.factories import make_person
from tests.memory import run_measuring_peak
from tests.people.imagedata import (
    exif_with_gps,
    jpeg_bytes,
    noise_jpeg_bytes,
    png16_bytes,
    png_bomb_header,
    png_bytes,
    upload,
)

pytestmark = pytest.mark.django_db


def refused(data: bytes, name="photo.jpg") -> str:
    with pytest.raises(ValidationError) as caught:
        check_image(upload(name, data))
    return " ".join(caught.value.messages).replace("\xa0", " ")


# --- Refusals, each with a message that says what is wrong ------------------------------------


def test_a_text_file_named_jpg_is_refused():
    message = refused(b"Dear committee, please find attached my CV.\n" * 20)
    assert "not an image" in message
    assert "JPEG, PNG or WebP" in message


def test_html_renamed_png_is_refused_as_html():
    message = refused(b"<!doctype html><html><script>alert(1)</script></html>", "me.png")
    assert "HTML" in message


def test_svg_renamed_png_is_refused_with_a_reason():
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    message = refused(svg, "me.png")
    assert "SVG" in message and "scripts" in message


def test_unsupported_formats_are_named():
    tiff = io.BytesIO()
    Image.new("RGB", (10, 10)).save(tiff, "TIFF")
    assert "TIFF images are not supported" in refused(tiff.getvalue(), "scan.tif")
    assert "PDF" in refused(b"%PDF-1.7\n%...", "cv.jpg")
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"
    assert "HEIC/HEIF" in refused(heic, "IMG_0001.jpg")


def test_an_empty_file_is_refused():
    assert "empty" in refused(b"")


def test_an_oversized_file_is_refused_before_decoding(settings):
    settings.LABSITE_IMAGE_MAX_BYTES = 50_000
    data = noise_jpeg_bytes(400, 300)
    assert len(data) > 50_000
    message = refused(data)
    assert "too big" in message and "limit" in message


def test_an_image_with_too_many_pixels_is_refused(settings):
    settings.LABSITE_IMAGE_MAX_PIXELS = 1_000_000
    message = refused(jpeg_bytes(1600, 1200))
    assert "1600×1200 pixels" in message and "limit" in message


def test_a_decompression_bomb_header_is_refused_without_decoding():
    data = png_bomb_header(30000, 30000)
    assert len(data) < 200  # the file is tiny; decoding it would need 2.7 GB
    message = refused(data, "innocent.png")
    assert "too large" in message or "more pixels" in message
    assert "megapixels" in message


def test_a_bomb_just_over_our_limit_names_its_size():
    # Under Pillow's own limit, over ours: our header check names the size.
    message = refused(png_bomb_header(8000, 7000), "big.png")
    assert "8000×7000 pixels" in message


def test_a_truncated_jpeg_is_refused():
    data = jpeg_bytes(400, 300)
    message = refused(data[: len(data) // 2])
    assert "damaged" in message


def test_the_form_field_shows_our_message_not_djangos():
    field = ImageUploadFormField()
    with pytest.raises(ValidationError) as caught:
        field.clean(upload("bomb.png", png_bomb_header()))
    assert "megapixels" in " ".join(caught.value.messages)


def test_the_admin_form_of_a_person_refuses_a_bad_photo_with_the_message(lab_a):
    user = get_user_model().objects.create_superuser("root", password="x" * 12)
    request = RequestFactory().get("/admin/")
    request.user, request.lab = user, lab_a
    person = make_person(lab=lab_a, full_name="Ada Moreau")
    form_class = admin.site._registry[Person].get_form(request, person)
    assert isinstance(form_class.base_fields["photo"], ImageUploadFormField)
    form = form_class(
        data={},
        files={"photo": upload("me.png", b"<html>not a photo</html>")},
        instance=person,
    )
    assert not form.is_valid()
    assert "HTML" in " ".join(form.errors["photo"])


def test_a_model_form_with_a_good_photo_is_valid(lab_a):
    person = make_person(lab=lab_a)
    form = modelform_factory(Person, fields=["photo"])(
        data={}, files={"photo": upload("me.jpg", jpeg_bytes())}, instance=person
    )
    assert form.is_valid(), form.errors


def test_model_full_clean_refuses_a_bad_upload(lab_a):
    person = make_person(lab=lab_a)
    person.photo = upload("me.jpg", b"GIF89a but not really")
    with pytest.raises(ValidationError) as caught:
        person.full_clean()
    assert "photo" in caught.value.message_dict


# --- Re-encoding ---------------------------------------------------------------------------


def test_exif_and_gps_are_stripped_and_orientation_applied():
    original = jpeg_bytes(800, 400, exif=exif_with_gps(orientation=6))
    source = Image.open(io.BytesIO(original))
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the input does carry GPS
    assert b"ExampleCam" in original

    result = process_image(upload("gps.jpg", original), max_side=1200, squares=(160,))

    assert b"Exif" not in result.main.data
    assert b"ExampleCam" not in result.main.data
    encoded = Image.open(io.BytesIO(result.main.data))
    assert not encoded.getexif()
    assert not encoded.info.get("exif")
    # Orientation 6 = rotate 90° clockwise: landscape pixels become a portrait image,
    # and the red top-left corner ends up top-right.
    assert (result.main.width, result.main.height) == (400, 800)
    red, green, blue = encoded.convert("RGB").getpixel((390, 10))
    assert red > 200 and green < 80 and blue < 80


def test_sizes_are_made_square_and_never_enlarged():
    result = process_image(
        upload("me.jpg", jpeg_bytes(900, 600)), max_side=500, squares=(160, 320, 640)
    )
    assert (result.main.width, result.main.height) == (500, 333)
    widths = {target: (image.width, image.height) for target, image in result.squares.items()}
    # 640 would enlarge a 600 px high photo: it is made at 600 instead.
    assert widths == {160: (160, 160), 320: (320, 320), 640: (600, 600)}
    for image in result.squares.values():
        assert Image.open(io.BytesIO(image.data)).format == "JPEG"


def test_transparent_png_is_flattened_to_jpeg():
    result = process_image(upload("logo.png", png_bytes(), "image/png"), squares=(160,))
    decoded = Image.open(io.BytesIO(result.squares[160].data))
    assert decoded.format == "JPEG" and decoded.mode == "RGB"


def test_cmyk_jpeg_is_converted_to_rgb():
    buffer = io.BytesIO()
    Image.new("CMYK", (200, 200), (0, 200, 200, 0)).save(buffer, "JPEG")
    result = process_image(upload("print.jpg", buffer.getvalue()), squares=(160,))
    assert Image.open(io.BytesIO(result.main.data)).mode == "RGB"


# --- Person photos --------------------------------------------------------------------------


def test_a_person_photo_is_re_encoded_resized_and_stored_per_lab(lab_a):
    person = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada")
    person.photo = upload("IMG_0001.jpg", jpeg_bytes(1000, 800, exif=exif_with_gps()))
    person.save()
    person.refresh_from_db()

    assert person.photo.name.startswith("labs/lab-a/people/ada-")
    assert person.photo.name.endswith(".jpg") and "IMG_0001" not in person.photo.name
    assert set(person.photo_sizes) == {"160", "320", "640"}
    for name in [person.photo.name, *person.photo_sizes.values()]:
        assert name.startswith("labs/lab-a/people/")
        with default_storage.open(name) as stored:
            data = stored.read()
        assert b"ExampleCam" not in data and b"Exif" not in data
    with default_storage.open(person.photo_sizes["160"]) as stored:
        assert Image.open(stored).size == (160, 160)
    assert person.photo_url(120).endswith("-160.jpg")
    assert person.photo_url(300).endswith("-320.jpg")
    assert person.photo_srcset.count("w,") == 2 and person.photo_srcset.endswith("640w")


def test_replacing_a_photo_deletes_the_old_files(lab_a, django_capture_on_commit_callbacks):
    person = make_person(lab=lab_a)
    with django_capture_on_commit_callbacks(execute=True):
        person.photo = upload("one.jpg", jpeg_bytes())
        person.save()
    old = [person.photo.name, *person.photo_sizes.values()]
    person = Person.objects.get(pk=person.pk)
    with django_capture_on_commit_callbacks(execute=True):
        person.photo = upload("two.jpg", jpeg_bytes(colour=(0, 0, 0)))
        person.save()
    assert all(not default_storage.exists(name) for name in old)
    assert default_storage.exists(person.photo.name)


def test_clearing_a_photo_deletes_its_files(lab_a, django_capture_on_commit_callbacks):
    person = make_person(lab=lab_a)
    person.photo = upload("one.jpg", jpeg_bytes())
    person.save()
    names = [person.photo.name, *person.photo_sizes.values()]
    person = Person.objects.get(pk=person.pk)
    person.photo = None
    with django_capture_on_commit_callbacks(execute=True):
        person.save()
    person.refresh_from_db()
    assert not person.photo and person.photo_sizes == {}
    assert all(not default_storage.exists(name) for name in names)


def test_a_refused_photo_changes_nothing(lab_a):
    person = make_person(lab=lab_a, full_name="Ada Moreau")
    person.photo = upload("ok.jpg", jpeg_bytes())
    person.save()
    before = (person.photo.name, dict(person.photo_sizes))
    files_before = set(default_storage.listdir("labs/lab-a/people")[1])

    person = Person.objects.get(pk=person.pk)
    person.full_name = "Changed"
    person.photo = upload("bomb.png", png_bomb_header())
    with pytest.raises(ValidationError):
        person.save()

    person.refresh_from_db()
    assert person.full_name == "Ada Moreau"
    assert (person.photo.name, person.photo_sizes) == before
    assert set(default_storage.listdir("labs/lab-a/people")[1]) == files_before


def test_deleting_a_person_deletes_their_photo(lab_a, django_capture_on_commit_callbacks):
    person = make_person(lab=lab_a)
    person.photo = upload("one.jpg", jpeg_bytes())
    person.save()
    names = [person.photo.name, *person.photo_sizes.values()]
    with django_capture_on_commit_callbacks(execute=True):
        person.delete()
    assert all(not default_storage.exists(name) for name in names)


# --- Decoded size and decoding once ---------------------------------------------------------

BASE_DIR = Path(__file__).resolve().parents[2]


def peak_memory_mb(code: str, tmp_path) -> tuple[float, str]:
    """Runs ``code`` in a fresh Python with Django set up; returns its peak RSS and output."""
    script = (
        "import os, django\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')\n"
        "django.setup()\n"
        f"{code}\n"
    )
    env = {**os.environ, "DEBUG": "1", "LABSITE_VAR_DIR": str(tmp_path)}
    result, peak = run_measuring_peak([sys.executable, "-c", script], env=env, cwd=BASE_DIR)
    assert result.returncode == 0, result.stderr
    return peak, result.stdout


def test_a_small_16_bit_png_is_refused_by_its_decoded_size_before_decoding():
    data = png16_bytes(7000, 7000, channels=4)
    assert len(data) < 500_000  # under the pixel limit (49 MP) and tiny on disk
    message = refused(data, "scan.png")
    assert "7000×7000 pixels at 16 bits per channel" in message
    # 16-bit samples counted as 2 bytes each: 7000 × 7000 × 4 × 2 bytes = 373.8 MiB.
    assert "373.8 MB of memory" in message and "the limit is 100.0 MB" in message
    assert "8 bits per channel" in message


def test_refusing_a_16_bit_png_costs_little_memory(tmp_path):
    peak, output = peak_memory_mb(
        "from django.core.exceptions import ValidationError\n"
        "from labsite.images import check_image\n"
        "from tests.people.imagedata import png16_bytes, upload\n"
        "data = png16_bytes(7000, 7000, channels=4)\n"
        "try:\n"
        "    check_image(upload('scan.png', data, 'image/png'))\n"
        "except ValidationError as error:\n"
        "    print('refused', error.messages[0])\n",
        tmp_path,
    )
    assert "refused The image is too large to open" in output
    assert peak < 150, f"peak {peak:.0f} MB"  # decoding it would take 196 MB or more


def test_the_decoded_limit_is_a_setting(settings):
    settings.LABSITE_IMAGE_MAX_DECODED_BYTES = 1_000_000
    message = refused(png_bytes(600, 600, mode="RGB", colour=(1, 2, 3)), "wide.png")
    assert "600×600 pixels at 8 bits per channel" in message  # RGB is kept in 4 bytes a pixel
    assert "1.4 MB of memory" in message and "976.6 KB" in message
    assert check_image(upload("small.png", png_bytes(400, 400), "image/png")).width == 400


def test_a_16_bit_grey_scan_under_the_limit_becomes_a_fair_grey_jpeg():
    result = process_image(upload("scan.png", png16_bytes(3000, 2000, channels=1)), max_side=600)
    assert (result.main.width, result.main.height) == (600, 400)
    grey = Image.open(io.BytesIO(result.main.data)).convert("RGB").getpixel((300, 200))
    assert all(abs(value - 0x12) <= 2 for value in grey)  # 0x1234 of 0xFFFF, not clipped


def test_a_large_jpeg_photo_still_works():
    result = process_image(upload("IMG_1.jpg", jpeg_bytes(6000, 4000)), max_side=1200,
                           squares=(160,))
    assert (result.main.width, result.main.height) == (1200, 800)
    assert Image.open(io.BytesIO(result.squares[160].data)).size == (160, 160)


@pytest.fixture
def decodes(monkeypatch):
    """Counts real decodes: ImageFile.load with tiles left to decode (the real one runs)."""
    from PIL import ImageFile

    counted = []
    original = ImageFile.ImageFile.load

    def counting_load(self):
        if self.tile:
            counted.append(self.format)
        return original(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counting_load)
    return counted


def test_an_uploaded_photo_is_decoded_once_from_form_to_stored_files(lab_a, decodes):
    person = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada")
    form = modelform_factory(Person, fields=["photo"])(
        data={}, files={"photo": upload("me.png", png_bytes(900, 700), "image/png")},
        instance=person,
    )
    assert form.is_valid(), form.errors  # the form field and the model validator both check
    assert form.cleaned_data["photo"].content_type == "image/png"
    form.save()
    person.refresh_from_db()
    assert person.photo.name.startswith("labs/lab-a/people/ada-") and person.photo_sizes
    assert decodes == ["PNG"]
