"""Import previews keep their uploads in the database: bounded per uploader (in a lab)
and per lab, expired ones purged, another lab's never counted and never readable."""

import datetime

import pytest
from django.utils import timezone

from publications.models import ImportUpload
from tests.admin.test_import_page import IMPORT_URL, PROFILE_BIB, confirm, preview, upload

pytestmark = pytest.mark.django_db


def previewed(client, lab, name="citations.bib", data=PROFILE_BIB):
    return preview(client, lab, [upload(name, data)])


def refused(response) -> str:
    """The message of a refused preview (the form again), or fail."""
    html = response.content.decode()
    assert response.status_code == 200
    assert "Check the import" not in html and 'name="files"' in html
    return html


def stored(lab=None):
    uploads = ImportUpload.objects.all() if lab is None else ImportUpload.objects.for_lab(lab)
    return sorted(uploads.values_list("filename", flat=True))


def test_a_user_may_keep_a_few_previews_waiting(world, clients, settings):
    settings.LABSITE_IMPORT_PREVIEWS_PER_USER = 2
    editor = clients["editor_a"]
    first = previewed(editor, world.lab_a, "one.bib")
    previewed(editor, world.lab_a, "two.bib")

    html = refused(previewed(editor, world.lab_a, "three.bib"))

    assert ("Nothing was uploaded: you have 2 import previews waiting for a confirmation in "
            "Alpha Systems Lab, the most one person may keep.") in html
    assert stored() == ["one.bib", "two.bib"]  # nothing of the third
    # Another person of the lab is not held up by the editor's previews.
    assert "Check the import" in previewed(clients["admin_a"], world.lab_a, "admin.bib").content \
        .decode()
    # "Start again" deletes a preview: then there is room again.
    editor.post(IMPORT_URL, {"discard": "1", "batch": first.context["batch"]})
    assert stored(world.lab_a) == ["admin.bib", "two.bib"]
    assert "Check the import" in previewed(editor, world.lab_a, "three.bib").content.decode()


def test_a_user_may_keep_a_bounded_number_of_bytes(world, clients, settings):
    settings.LABSITE_IMPORT_PREVIEW_BYTES_PER_USER = len(PROFILE_BIB) * 3 // 2
    editor = clients["editor_a"]
    previewed(editor, world.lab_a, "one.bib")

    html = refused(previewed(editor, world.lab_a, "two.bib"))

    assert "Nothing was uploaded: this upload (" in html
    assert "and the previews you have waiting in Alpha Systems Lab (" in html
    assert "the most one person may keep" not in html and "one person may keep" in html
    assert stored() == ["one.bib"]


def test_a_lab_is_bounded_and_another_labs_previews_do_not_count(world, clients, settings):
    settings.LABSITE_IMPORT_PREVIEWS_PER_LAB = 2
    settings.LABSITE_IMPORT_PREVIEW_BYTES_PER_LAB = len(PROFILE_BIB) * 5 // 2
    # Lab B full to its limit: lab A is not affected.
    previewed(clients["admin_b"], world.lab_b, "b1.bib")
    previewed(clients["admin_b"], world.lab_b, "b2.bib")
    previewed(clients["editor_a"], world.lab_a, "a1.bib")
    previewed(clients["admin_a"], world.lab_a, "a2.bib")

    html = refused(previewed(clients["superuser"], world.lab_a, "a3.bib"))
    assert ("the lab has 2 import previews waiting for a confirmation in Alpha Systems Lab, "
            "the most a lab may keep") in html
    assert stored(world.lab_a) == ["a1.bib", "a2.bib"]
    assert stored(world.lab_b) == ["b1.bib", "b2.bib"]

    settings.LABSITE_IMPORT_PREVIEWS_PER_LAB = 10
    html = refused(previewed(clients["superuser"], world.lab_a, "a3.bib"))
    assert "and the previews the lab has waiting in Alpha Systems Lab (" in html
    assert "a lab may keep" in html


def test_a_users_previews_in_another_lab_do_not_count_here(world, clients, settings):
    settings.LABSITE_IMPORT_PREVIEWS_PER_USER = 1
    root = clients["superuser"]
    previewed(root, world.lab_b, "b.bib")

    assert "Check the import" in previewed(root, world.lab_a, "a.bib").content.decode()
    refused(previewed(root, world.lab_b, "b2.bib"))
    assert stored(world.lab_a) == ["a.bib"] and stored(world.lab_b) == ["b.bib"]


def test_another_labs_preview_is_never_readable(world, clients):
    page = previewed(clients["admin_b"], world.lab_b, "secret-b.bib")
    batch, fingerprint = page.context["batch"], page.context["fingerprint"]
    for role in ("editor_a", "admin_a", "superuser"):
        client = clients[role]
        paged = client.get(IMPORT_URL, {"batch": batch, "fingerprint": fingerprint, "page": 1})
        assert paged.status_code == 404 and b"secret-b" not in paged.content
        confirmed = client.post(IMPORT_URL, {"confirm": "1", "batch": batch,
                                             "fingerprint": fingerprint})
        assert confirmed.status_code == 404
        client.post(IMPORT_URL, {"discard": "1", "batch": batch})
    assert stored() == ["secret-b.bib"]
    assert confirm(clients["admin_b"], page).status_code == 302  # its uploader still can


def test_expired_previews_are_purged_and_never_confirmed(world, clients):
    old_a = previewed(clients["editor_a"], world.lab_a, "old-a.bib")
    previewed(clients["admin_b"], world.lab_b, "old-b.bib")
    ImportUpload.objects.update(created=timezone.now() - datetime.timedelta(days=1, minutes=1))

    # Expired: gone for its uploader even before anything purges it.
    assert confirm(clients["editor_a"], old_a).status_code == 404
    assert clients["editor_a"].get(IMPORT_URL, {"batch": old_a.context["batch"]}) \
        .status_code == 404
    # The next preview, in any lab, deletes every expired upload.
    previewed(clients["admin_a"], world.lab_a, "new.bib")
    assert stored() == ["new.bib"]
