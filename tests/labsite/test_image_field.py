"""The image field does the re-encoding (labsite.images.ProcessedImageField): every way a
row is written stores the re-encoded image, never the raw upload, and models' save()
methods touch no files."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from labsite.images import ImageRecipe, store_image
from labsite.models import Lab
from people.models import Person
from publications.models import Publication
from tests.factories import make_person
from tests.people.imagedata import exif_with_gps, jpeg_bytes, png_bomb_header, png_bytes, upload

pytestmark = pytest.mark.django_db


def stored_files(media_root) -> list[Path]:
    return sorted(p for p in Path(media_root).rglob("*") if p.is_file())


def test_bulk_created_members_get_re_encoded_photos_not_the_raw_upload(lab_a, media_root):
    # bulk_create() calls no save(): the old pipeline in Person.save() stored the raw file,
    # GPS position and all.
    person = Person(lab=lab_a, full_name="Ada Moreau", slug="ada")
    person.photo = upload("IMG_0001.jpg", jpeg_bytes(1000, 800, exif=exif_with_gps()))
    Person.objects.bulk_create([person])
    person = Person.objects.for_lab(lab_a).get(slug="ada")
    assert person.photo.name.startswith("labs/lab-a/people/ada-")
    assert "IMG_0001" not in person.photo.name
    assert set(person.photo_sizes) == {"160", "320", "640"}
    for path in stored_files(media_root):
        assert b"ExampleCam" not in path.read_bytes()


def test_bulk_created_papers_and_labs_get_re_encoded_images(lab_a, media_root):
    paper = Publication(lab=lab_a, title="Pictures", slug="pictures", year=2024)
    paper.thumbnail = upload("teaser.jpg", jpeg_bytes(2000, 1000, exif=exif_with_gps()))
    Publication.objects.bulk_create([paper])
    lab = Lab(slug="lab-c", name="Gamma")
    lab.logo = upload("logo.png", png_bytes(64, 64), "image/png")
    Lab.objects.bulk_create([lab])
    assert Publication.objects.for_lab(lab_a).get().thumbnail.name.startswith(
        "labs/lab-a/publications/pictures-"
    )
    assert Lab.objects.get(slug="lab-c").logo.name.startswith("labs/lab-c/branding/logo-")
    assert all(b"ExampleCam" not in path.read_bytes() for path in stored_files(media_root))


def test_a_save_of_other_fields_writes_no_image_files(lab_a, media_root):
    # The old Person.save() re-encoded and stored the photo, then saved only full_name:
    # files nothing pointed to.
    person = make_person(lab=lab_a, full_name="Ada Moreau")
    person.full_name = "Ada M."
    person.photo = upload("one.jpg", jpeg_bytes())
    person.save(update_fields=["full_name"])
    assert stored_files(media_root) == []
    person.refresh_from_db()
    assert person.full_name == "Ada M." and not person.photo


def test_a_refused_image_leaves_the_transaction_usable(lab_a, media_root):
    person = make_person(lab=lab_a, full_name="Ada Moreau")
    with transaction.atomic():
        person.photo = upload("bomb.png", png_bomb_header())
        with pytest.raises(ValidationError, match="pixels"):
            person.save()
        # The image is refused before any SQL: the surrounding transaction goes on.
        assert Person.objects.for_lab(lab_a).get(pk=person.pk).full_name == "Ada Moreau"
    assert stored_files(media_root) == []


def test_another_labs_member_photo_goes_to_that_labs_folder_only(lab_a, lab_b, media_root):
    person = make_person(lab=lab_b, slug="bo")
    person.photo = upload("bo.jpg", jpeg_bytes())
    person.save()
    assert {path.relative_to(media_root).parts[:2] for path in stored_files(media_root)} == {
        ("labs", "lab-b")
    }


def test_one_pipeline_one_rule_for_markdown_images_and_photos(media_root, settings):
    # The same limits and messages for a markdown image as for a photo.
    settings.LABSITE_IMAGE_MAX_PIXELS = 100
    recipe = ImageRecipe(same_format=True)
    with pytest.raises(ValidationError) as markdown_error:
        store_image(upload("a.png", png_bytes(20, 20), "image/png"), recipe, directory="x")
    with pytest.raises(ValidationError) as photo_error:
        store_image(upload("a.png", png_bytes(20, 20), "image/png"), ImageRecipe(), directory="x")
    assert markdown_error.value.messages == photo_error.value.messages
    assert stored_files(media_root) == []
