"""``MEDIA_STORAGE_URL=s3://…`` against the same S3 server the publisher uses: a photo
through the image pipeline lands in the bucket, and the ``<img>`` of the dynamic page and
of the page published to S3 serves it."""

import html
import re

import pytest
from django.test import Client
from PIL import Image

from labsite.storage_url import storage_from_url
from publishing.services import publish_lab
from tests.factories import make_person
from tests.people.imagedata import jpeg_bytes, upload
from tests.publishing.s3server import bucket_keys, http_get

pytestmark = pytest.mark.django_db

IMG_SRC = re.compile(rb'<img[^>]*\ssrc="([^"]+)"')


@pytest.fixture
def media_in_bucket(settings, s3_endpoint, s3_bucket):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": storage_from_url(
            f"s3://{s3_bucket}/media?endpoint_url={s3_endpoint}&querystring_auth=0"),
    }
    return s3_bucket


def test_an_uploaded_photo_is_stored_in_the_bucket_and_served_by_the_pages_img(
        media_in_bucket, s3_endpoint, s3_target, lab_a):
    ada = make_person(lab=lab_a, full_name="Ada Moreau", slug="ada")
    ada.photo = upload("IMG_0001.jpg", jpeg_bytes(900, 700))
    ada.save()
    ada.refresh_from_db()

    stored = bucket_keys(s3_endpoint, media_in_bucket, "media/")
    names = {f"media/{name}" for name in [ada.photo.name, *ada.photo_sizes.values()]}
    assert names == set(stored)
    assert all(name.startswith("media/labs/lab-a/people/ada-") for name in names)

    page = Client(HTTP_HOST="a.example.org").get("/people/ada/")
    assert page.status_code == 200
    sources = [html.unescape(src.decode()) for src in IMG_SRC.findall(page.content)]
    photo_urls = [src for src in sources if "/labs/lab-a/people/ada-" in src]
    assert photo_urls and all(
        src.startswith(f"{s3_endpoint}/{media_in_bucket}/media/") for src in photo_urls)
    status, headers, body = http_get(photo_urls[0])
    assert headers["Content-Type"] == "image/jpeg"
    with ada.photo.storage.open(photo_urls[0].split(f"/{media_in_bucket}/media/", 1)[1]) as f:
        assert body == f.read()
    assert Image.open(ada.photo.storage.open(ada.photo_sizes["640"])).size == (640, 640)

    # The page published to the bucket names the same object, which serves the photo.
    publish_lab(lab=lab_a)
    endpoint, bucket, prefix = s3_target
    _, _, published = http_get(f"{endpoint}/{bucket}/{prefix}a.example.org/people/ada/index.html")
    assert [html.unescape(src.decode()) for src in IMG_SRC.findall(published)] == sources
