"""Admin "Import a site": upload, preview of every item (nothing written), confirm applies
exactly what was previewed; members only into themselves; other labs 404."""

import io
import zipfile

import pytest

from people.models import PersonSection
from publications.models import Publication
from siteimport.admin_views import upload_folder
from tests.admin.conftest import build_world, client_for

MIA_PAGE = (
    "I build **alpha** schedulers.\n\n- [GitHub](https://github.com/mia-imported)\n\n"
    "## Publications\n\n**Mia's imported paper on alpha queues**\n"
    "[[paper](https://arxiv.org/pdf/2401.00001)]\\\n*Otto Other, **Mia Member**.*\\\n"
    "OSDI 2024 **Best Paper Award**\n\n## Hobbies\nClimbing.\n"
)


@pytest.fixture
def world(lab_a, lab_b):
    return build_world(lab_a, lab_b)


def _zip(page=MIA_PAGE) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mia.github.io-main/index.md", page)
    buffer.seek(0)
    buffer.name = "site.zip"
    return buffer


def _url(person=None, lab=None):
    if person is not None:
        return f"/admin/site-import/person/{person.pk}/"
    return f"/admin/site-import/lab/{lab.pk}/"


def _preview(client, url, archive=None):
    return client.post(url, {"archive": archive or _zip()})


def _state(lab):
    return (Publication.objects.for_lab(lab).count(),
            PersonSection.objects.for_lab(lab).filter(kind="custom").count())


def test_a_member_previews_then_confirms_their_own_import(world):
    mia, lab = world.a["person_own"], world.lab_a
    client = client_for(world, "member_a")
    before = _state(lab)
    preview = _preview(client, _url(mia))
    page = preview.content.decode()
    assert "Preview: nothing is written until you confirm" in page
    assert "Mia&#x27;s imported paper on alpha queues" in page and "index.md, line" in page
    assert "Hobbies" in page
    assert _state(lab) == before  # the preview wrote nothing
    token, fingerprint = preview.context["token"], preview.context["fingerprint"]
    done = client.post(_url(mia), {"confirm": "1", "token": token, "fingerprint": fingerprint})
    assert "Imported" in done.content.decode() and "paper: 1 create" in done.content.decode()
    paper = Publication.objects.for_lab(lab).get(title="Mia's imported paper on alpha queues")
    assert paper.authorships.filter(person=mia).exists()
    mia.refresh_from_db()
    assert mia.about.startswith("I build **alpha** schedulers.")
    assert PersonSection.objects.for_lab(lab).filter(person=mia, heading="Hobbies").exists()
    assert not list(upload_folder().glob(f"{token.split(':')[0]}*"))


def test_confirm_applies_only_what_was_previewed(world):
    mia, lab = world.a["person_own"], world.lab_a
    client = client_for(world, "member_a")
    preview = _preview(client, _url(mia))
    # Something changed between preview and confirm: the preview's fingerprint no longer fits.
    PersonSection.objects.for_lab(lab).filter(person=mia, kind="publications").delete()
    before = _state(lab)
    done = client.post(_url(mia), {"confirm": "1", "token": preview.context["token"],
                                   "fingerprint": preview.context["fingerprint"]})
    assert "changed since the preview; nothing was imported" in done.content.decode()
    assert _state(lab) == before


def test_a_token_is_bound_to_its_user_and_target(world):
    mia = world.a["person_own"]
    preview = _preview(client_for(world, "member_a"), _url(mia))
    editor = client_for(world, "editor_a")
    response = editor.post(_url(mia), {"confirm": "1", "token": preview.context["token"],
                                       "fingerprint": preview.context["fingerprint"]})
    assert response.status_code == 403
    assert _state(world.lab_a)[1] == 0


def test_a_member_cannot_import_into_another_member_or_the_lab(world):
    client = client_for(world, "member_a")
    before = _state(world.lab_a)
    assert _preview(client, _url(world.a["person_other"])).status_code == 403
    assert _preview(client, _url(lab=world.lab_a)).status_code == 404
    assert _state(world.lab_a) == before


def test_an_editor_imports_into_anyone_of_the_lab(world):
    response = _preview(client_for(world, "editor_a"), _url(world.a["person_other"]))
    assert "Preview" in response.content.decode() and response.context["plan"].items


def test_another_labs_person_is_404_and_never_shown(world):
    beatrix = world.b["person"]
    for role in ("member_a", "editor_a", "admin_a"):
        response = _preview(client_for(world, role), _url(beatrix))
        assert response.status_code == 404
        assert "Beatrix" not in response.content.decode()
    response = _preview(client_for(world, "admin_b"), _url(world.a["person_own"]))
    assert response.status_code == 404
    assert _state(world.lab_b) == (1, 0)


def test_a_lab_admin_previews_a_lab_import_and_no_one_else(world):
    response = _preview(client_for(world, "admin_a"), _url(lab=world.lab_a))
    assert response.status_code == 200 and response.context["plan"].person is None
    assert _preview(client_for(world, "editor_a"), _url(lab=world.lab_a)).status_code == 404
    other = _preview(client_for(world, "admin_b"), _url(lab=world.lab_a))
    assert other.status_code == 404 and "Preview" not in other.content.decode()
    assert _preview(client_for(world, "admin_a"), _url(lab=world.lab_b)).status_code == 404
    assert Publication.objects.for_lab(world.lab_b).count() == 1


def test_the_lab_page_links_to_import_a_site_for_its_admins_only(world):
    lab = world.lab_a
    link = f'href="/admin/site-import/lab/{lab.pk}/">Import a site…</a>'
    page = client_for(world, "admin_a").get(f"/admin/labsite/lab/{lab.pk}/change/")
    assert link in page.content.decode()
    page = client_for(world, "editor_a").get(f"/admin/labsite/lab/{lab.pk}/change/")
    assert page.status_code == 200 and link not in page.content.decode()


def test_a_bad_archive_gets_a_message_and_leaves_no_file(world):
    client = client_for(world, "member_a")
    files_before = set(upload_folder().glob("*.zip"))
    not_zip = io.BytesIO(b"<html>hello</html>")
    not_zip.name = "site.zip"
    response = _preview(client, _url(world.a["person_own"]), not_zip)
    assert "not a readable .zip archive" in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert set(upload_folder().glob("*.zip")) == files_before


def test_the_person_page_links_to_import_a_site(world):
    mia = world.a["person_own"]
    page = client_for(world, "member_a").get(f"/admin/people/person/{mia.pk}/change/")
    assert f'href="/admin/site-import/person/{mia.pk}/">Import a site…</a>' in page.content.decode()


def test_an_archive_over_the_limit_is_refused_before_it_is_kept(world, settings):
    settings.LABSITE_SITE_IMPORT_MAX_ARCHIVE_BYTES = 100
    files_before = set(upload_folder().glob("*.zip"))
    response = _preview(client_for(world, "member_a"), _url(world.a["person_own"]))
    assert "The archive is larger than 0 MB." not in response.content.decode()
    assert "The archive is larger than 100 bytes." in response.content.decode()
    assert set(upload_folder().glob("*.zip")) == files_before


def _zip_of(files: dict[str, str]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    buffer.seek(0)
    buffer.name = "site.zip"
    return buffer


def test_a_built_html_site_is_refused_with_what_to_upload_instead(world):
    client = client_for(world, "member_a")
    files_before = set(upload_folder().glob("*.zip"))
    archive = _zip_of({"me.github.io-gh-pages/index.html": "<html><h1>Me</h1></html>",
                       "me.github.io-gh-pages/stylesheet.css": "h1 {}"})
    page = _preview(client, _url(world.a["person_own"]), archive).content.decode()
    assert "holds HTML pages but no markdown" in page
    assert "Upload the repository&#x27;s source" in page
    assert "Preview: nothing is written" not in page
    assert set(upload_folder().glob("*.zip")) == files_before  # nothing kept


def test_the_theme_can_be_chosen_when_it_is_not_recognised_and_is_kept_to_the_confirm(world):
    # A Hugo site whose files say nothing of its theme: recognised as nothing, but read
    # when the member says it is a Hugo Blox site; the confirm step reads it the same way.
    mia, lab = world.a["person_own"], world.lab_a
    client = client_for(world, "member_a")
    files = {
        "site-main/content/_index.md": (
            "---\ntitle: ''\ntype: landing\nsections:\n  - block: markdown\n    content:\n"
            "      title: Teaching\n      text: I teach **distributed systems**.\n---\n"
        ),
        "site-main/config/_default/hugo.yaml": "title: Mia\n",
    }
    refused = _preview(client, _url(mia), _zip_of(files)).content.decode()
    assert "it has Hugo&#x27;s content/ or config/ folder" in refused
    assert "choose Hugo Blox as its theme" in refused
    form = client.get(_url(mia)).content.decode()
    assert '<option value="hugo-blox">Hugo Blox, Wowchemy or Hugo Academic (Hugo)</option>' in form
    preview = client.post(_url(mia), {"archive": _zip_of(files), "theme": "hugo-blox"})
    assert "Teaching" in preview.content.decode()
    assert not PersonSection.objects.for_lab(lab).filter(heading="Teaching").exists()
    done = client.post(_url(mia), {"confirm": "1", "token": preview.context["token"],
                                   "fingerprint": preview.context["fingerprint"]})
    assert "error" not in done.context or not done.context["error"], done.context.get("error")
    section = PersonSection.objects.for_lab(lab).get(heading="Teaching")
    assert section.person == mia and "distributed systems" in section.body


def test_a_theme_that_is_not_offered_is_a_form_error(world):
    client = client_for(world, "member_a")
    response = client.post(_url(world.a["person_own"]), {"archive": _zip(), "theme": "wordpress"})
    assert "Select a valid choice" in response.content.decode()
    assert "Preview: nothing is written" not in response.content.decode()
