"""dumplab / loadlab: one lab out and back in, all or nothing, identical on a round trip."""

import datetime
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image

from archive.dump import dump_lab
from labsite.archiving import archived_models, not_archived
from labsite.models import Domain, Lab, LabRole, TenantModel
from metadata.models import CitationCount, FoundWorks, LabMetadataSettings, MetadataSuggestion
from tests.factories import (
    make_award,
    make_cv_entry,
    make_domain,
    make_group,
    make_lab,
    make_news,
    make_person,
    make_person_link,
    make_publication,
    make_redirect,
    make_tag,
)

pytestmark = pytest.mark.django_db


def png_bytes(size=(300, 240), colour=(200, 40, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def lab_rows(lab) -> dict[str, int]:
    return {
        spec.label: spec.model._base_manager.filter(lab=lab).count() for spec in archived_models()
    }


def build_full_lab(slug="full", host="full.example.org", prefix="Alpha"):
    """A lab with a row of every archived kind, a member photo and a markdown image."""
    lab = make_lab(slug=slug, name=f"{prefix} Lab", hosts=[host], tagline="We build things")
    lab.logo = default_storage.save(f"labs/{slug}/logo.png", ContentFile(png_bytes((64, 64))))
    embedded = default_storage.save(
        f"labs/{slug}/markdownx/figure.png", ContentFile(png_bytes((50, 50)))
    )
    lab.about = f"About us. ![figure](/media/{embedded})"
    lab.save()
    user = get_user_model().objects.create_user(f"{slug}-ada", password="x-long-password-1")
    LabRole.objects.create(lab=lab, user=user, role=LabRole.Role.ADMIN)
    group = make_group(lab=lab, name=f"{prefix} PhD students", order=3)
    ada = make_person(
        lab=lab,
        full_name=f"{prefix} Ada Lovelace",
        slug="ada",
        group=group,
        user=user,
        bio="Works on **engines**.",
        research_interests="Engines\nLoops",
    )
    ada.photo = ContentFile(png_bytes(), name="ada.png")
    ada.save()
    bob = make_person(
        lab=lab,
        full_name=f"{prefix} Bob Alumnus",
        slug="bob",
        left="2020-01-01",
        joined="2015-09-01",
        now="Professor elsewhere",
    )
    make_domain(lab=lab, host=f"ada.{host}", person=ada)
    # An old address of Ada's former site, on her own domain only.
    make_redirect(lab=lab, host=f"ada.{host}", old_path="/about.html", target="/")
    make_person_link(lab=lab, person=ada, kind="github", url="https://github.com/ada")
    make_person_link(
        lab=lab,
        person=ada,
        kind="scholar",
        url="https://scholar.google.com/citations?user=ada",
        order=1,
    )
    make_cv_entry(
        lab=lab,
        person=ada,
        kind="education",
        title="PhD",
        start_year=2019,
        end_year=2024,
        description="Thesis on *loops*.",
    )
    tag_a = make_tag(lab=lab, name="Systems", slug="systems")
    tag_b = make_tag(lab=lab, name="Learning", slug="learning")
    paper = make_publication(
        lab=lab,
        title=f"{prefix} engines considered harmful",
        slug="engines",
        authors=[
            (f"{prefix} Ada Lovelace", ada, {"equal_contribution": True}),
            "C. Babbage",
            (f"{prefix} Bob", bob),
        ],
        tags=[tag_a, tag_b],
        links=[("pdf", "https://example.org/engines.pdf")],
        venue="OSDI",
        venue_short="OSDI 2024",
        doi="10.1/xyz",
        selected=True,
        edited_fields=["title"],
        source_format="bibtex",
        source_key="ada2024",
    )
    preprint = make_publication(
        lab=lab, title=f"{prefix} preprint", slug="preprint", kind="preprint", year=None
    )
    try:
        duplicate = apps.get_model("publications.possibleduplicate")
    except LookupError:
        pass
    else:
        duplicate.objects.create(lab=lab, publication=preprint, other=paper, reason="Same title")
    make_award(lab=lab, title="Best Paper", kind="paper", publication=paper, year=2024, month=7)
    try:
        list_settings = apps.get_model("publications.publicationlistsettings")
    except LookupError:
        pass
    else:
        list_settings.objects.create(lab=lab, grouping="kind", papers_heading="Publications")
    make_award(
        lab=lab,
        title="Fellowship",
        kind="fellowship",
        person=ada,
        year=2023,
        description="Two *years*.",
    )
    make_news(
        lab=lab,
        title="Paper accepted",
        body="Our paper got in!",
        slug="accepted",
        publication=paper,
    )
    make_news(lab=lab, body="Ada joined.", slug="ada-joined", person=ada, pinned=True)
    make_news(lab=lab, body="Draft", slug="draft", status="draft")
    # What a metadata refresh wrote (metadata/apply.py): a count with its source and date.
    CitationCount.objects.create(
        lab=lab, publication=paper, source="openalex", count=42, read_on=datetime.date(2026, 11, 30)
    )
    LabMetadataSettings.objects.create(lab=lab, schedule="0 4 * * 1", new_papers="add")
    # What an ORCID refresh left for review (metadata/works.py).
    FoundWorks.objects.create(
        lab=lab, person=ada, source="orcid", format="orcid-json", works='{"bulk": []}',
        new_papers=1, found_at=datetime.datetime(2026, 11, 30, 3, 17, tzinfo=datetime.UTC),
    )
    # A preprint's published version a source found, waiting for review (metadata/suggestions.py).
    MetadataSuggestion.objects.create(
        lab=lab, publication=preprint, source="crossref", kind="venue_version", value="10.1/pub",
        payload={"venue": "OSDI", "year": 2025, "doi": "10.1/pub", "title": "", "kind": ""},
    )
    return lab


def dump_to(path, slug):
    call_command("dumplab", slug, "-o", str(path), stdout=io.StringIO())
    return path.read_bytes()


def lab_json(archive_bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(archive_bytes)) as archive:
        return archive.read("lab.json")


def rows_and_file_names(archive_bytes) -> dict:
    """lab.json without the files' checksums: loading re-encodes images, so their bytes may
    change (a JPEG's, in general), while every row and every file name stays the same."""
    data = json.loads(lab_json(archive_bytes))
    data["files"] = sorted(data["files"])
    return data


def test_every_tenant_model_is_archived_or_excluded_with_a_reason():
    tenant_models = {
        model._meta.label_lower
        for model in apps.get_models()
        if issubclass(model, TenantModel) and not model._meta.abstract
    }
    archived = {spec.label for spec in archived_models()}
    missing = tenant_models - archived - set(not_archived())
    assert not missing, f"register these lab models in their app's archived.py: {missing}"


def test_round_trip_on_a_fresh_deployment_gives_identical_archive(tmp_path, settings):
    lab = build_full_lab()
    rows_before = lab_rows(lab)
    assert all(rows_before.values()), rows_before  # every kind of row is there
    first = dump_to(tmp_path / "first.zip", "full")
    data = json.loads(lab_json(first))
    assert data["format"] == "labsite-lab-archive" and data["version"] == 1
    person = next(p for p in data["models"]["people.person"] if p["slug"] == "ada")
    assert person["group"] == "Alpha PhD students" and person["user"] == "full-ada"
    assert person["photo"].startswith("labs/full/people/") and person["photo_sizes"]
    paper = next(p for p in data["models"]["publications.publication"] if p["slug"] == "engines")
    assert paper["tags"] == ["learning", "systems"] and "id" not in paper and "lab" not in paper
    assert "title_key" not in paper and "about_html" not in data["lab"]
    authors = [
        a for a in data["models"]["publications.authorship"] if a["publication"] == "engines"
    ]
    assert [a["person"] for a in authors] == ["ada", None, "bob"]
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        names = set(archive.namelist())
    assert "media/" + person["photo"] in names
    assert all("media/" + name in names for name in person["photo_sizes"].values())
    assert "media/labs/full/markdownx/figure.png" in names
    assert "media/" + data["lab"]["logo"] in names

    # A fresh deployment: the lab and its files are gone, another media folder.
    Lab.objects.filter(pk=lab.pk).delete()
    get_user_model().objects.filter(username="full-ada").delete()
    get_user_model().objects.create_user("full-ada", password="x-long-password-2")
    settings.MEDIA_ROOT = tmp_path / "fresh-media"
    out, err = io.StringIO(), io.StringIO()
    call_command("loadlab", str(tmp_path / "first.zip"), "--link-users", stdout=out, stderr=err)
    assert 'Loaded lab "full"' in out.getvalue(), err.getvalue()

    restored = Lab.objects.get(slug="full")
    assert lab_rows(restored) == rows_before
    assert default_storage.exists(restored.logo.name)
    ada = restored_person = apps.get_model("people.person").objects.get(lab=restored, slug="ada")
    assert default_storage.open(restored_person.photo.name).read()[:2] == b"\xff\xd8"  # JPEG
    assert ada.user.username == "full-ada" and ada.bio_html.strip() == (
        "<p>Works on <strong>engines</strong>.</p>"
    )
    assert LabRole.objects.get(lab=restored).role == "admin"
    assert set(Domain.objects.filter(lab=restored).values_list("host", flat=True)) == {
        "full.example.org",
        "ada.full.example.org",
    }
    second = dump_to(tmp_path / "second.zip", "full")
    assert rows_and_file_names(second) == rows_and_file_names(first)
    with zipfile.ZipFile(io.BytesIO(second)) as archive:
        assert set(archive.namelist()) == names


def test_loaded_lab_serves_its_pages(tmp_path, client):
    build_full_lab()
    dump_to(tmp_path / "lab.zip", "full")
    Lab.objects.filter(slug="full").delete()
    call_command("loadlab", str(tmp_path / "lab.zip"), stdout=io.StringIO(), stderr=io.StringIO())
    response = client.get("/", HTTP_HOST="full.example.org")
    assert response.status_code == 200
    assert "Alpha Lab" in response.content.decode()


def test_load_as_a_copy_with_a_new_slug(tmp_path):
    original = build_full_lab()
    before = lab_rows(original)
    dump_to(tmp_path / "lab.zip", "full")
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "loadlab", str(tmp_path / "lab.zip"), "--slug", "full-copy", stdout=out, stderr=err
    )
    copy = Lab.objects.get(slug="full-copy")
    assert lab_rows(copy) == before and lab_rows(original) == before
    # Hosts belong to the original: skipped, with a warning that says so.
    assert not Domain.objects.filter(lab=copy).exists()
    assert "full.example.org is already used" in err.getvalue()
    assert "not restored" in err.getvalue()  # roles and logins need --link-users
    person = apps.get_model("people.person").objects.get(lab=copy, slug="ada")
    assert person.photo.name.startswith("labs/full-copy/people/") and person.user is None
    assert all(name.startswith("labs/full-copy/") for name in person.photo_sizes.values())
    assert default_storage.exists(person.photo.name)
    original_person = apps.get_model("people.person").objects.get(lab=original, slug="ada")
    assert default_storage.exists(original_person.photo.name)


def test_refuses_to_overwrite_a_lab_with_content(tmp_path):
    lab = build_full_lab()
    before = lab_rows(lab)
    dump_to(tmp_path / "lab.zip", "full")
    with pytest.raises(CommandError, match="already exists and has content.*--slug"):
        call_command("loadlab", str(tmp_path / "lab.zip"), stdout=io.StringIO())
    assert lab_rows(lab) == before and Lab.objects.count() == 1


def test_loads_into_an_empty_lab_made_by_createlab(tmp_path):
    build_full_lab()
    dump_to(tmp_path / "lab.zip", "full")
    Lab.objects.filter(slug="full").delete()
    call_command(
        "createlab",
        "full",
        "--name",
        "Placeholder",
        "--domain",
        "new.example.org",
        stdout=io.StringIO(),
    )
    call_command("loadlab", str(tmp_path / "lab.zip"), stdout=io.StringIO(), stderr=io.StringIO())
    lab = Lab.objects.get(slug="full")
    assert lab.name == "Alpha Lab"
    hosts = set(Domain.objects.filter(lab=lab).values_list("host", flat=True))
    assert hosts == {"new.example.org", "full.example.org", "ada.full.example.org"}
    groups = list(
        apps.get_model("people.group").objects.filter(lab=lab).values_list("name", flat=True)
    )
    assert groups == ["Alpha PhD students"]


def test_dump_holds_only_the_lab_s_own_rows(tmp_path):
    build_full_lab()
    build_full_lab(slug="other", host="other.example.org", prefix="Omega")
    text = lab_json(dump_to(tmp_path / "lab.zip", "full")).decode()
    assert "Alpha" in text and "Omega" not in text and "other.example.org" not in text
    with zipfile.ZipFile(tmp_path / "lab.zip") as archive:
        assert not any("labs/other/" in name for name in archive.namelist())


def test_plain_json_on_stdout_loads_without_media(tmp_path, capsysbinary):
    make_lab(slug="tiny", name="Tiny Lab", hosts=["tiny.example.org"])
    call_command("dumplab", "tiny")
    raw = capsysbinary.readouterr().out
    assert json.loads(raw)["lab"]["name"] == "Tiny Lab"
    (tmp_path / "tiny.json").write_bytes(raw)
    call_command(
        "loadlab",
        str(tmp_path / "tiny.json"),
        "--slug",
        "tiny-2",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert Lab.objects.get(slug="tiny-2").name == "Tiny Lab"


def rewrite_archive(source: bytes, *, data=None, extra=None) -> bytes:
    """The archive with lab.json replaced and extra entries added."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(buffer, "w") as new:
        for info in old.infolist():
            content = old.read(info)
            if info.filename == "lab.json" and data is not None:
                content = json.dumps(data).encode()
            new.writestr(info.filename, content)
        for name, content in (extra or {}).items():
            new.writestr(name, content)
    return buffer.getvalue()


def test_a_bad_row_late_in_the_archive_loads_nothing(tmp_path, settings):
    build_full_lab()
    archive = dump_to(tmp_path / "lab.zip", "full")
    data = json.loads(lab_json(archive))
    data["models"]["news.newsitem"][-1]["status"] = "bogus"
    (tmp_path / "bad.zip").write_bytes(rewrite_archive(archive, data=data))
    settings.MEDIA_ROOT = tmp_path / "empty-media"
    labs_before = Lab.objects.count()
    with pytest.raises(CommandError, match=r"Nothing was loaded: news.newsitem row 3: status"):
        call_command("loadlab", str(tmp_path / "bad.zip"), "--slug", "broken", stdout=io.StringIO())
    assert Lab.objects.count() == labs_before
    assert not Lab.objects.filter(slug="broken").exists()
    # The media files written before the failure are gone too.
    media = tmp_path / "empty-media"
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d.update(version=99), "format version 99"),
        (lambda d: d.update(format="something"), "not a lab archive"),
        (
            lambda d: d["models"]["people.person"][0].update(group="No such group"),
            "refers to group 'No such group'",
        ),
        (lambda d: d["models"]["people.person"][0].update(joined="yesterday"), "joined"),
        (lambda d: d["models"].update({"people.person": {"not": "a list"}}), "must be a list"),
    ],
)
def test_malformed_archives_get_a_clear_message(tmp_path, mutate, message):
    build_full_lab()
    archive = dump_to(tmp_path / "lab.zip", "full")
    data = json.loads(lab_json(archive))
    mutate(data)
    (tmp_path / "bad.zip").write_bytes(rewrite_archive(archive, data=data))
    with pytest.raises(CommandError, match=message):
        call_command("loadlab", str(tmp_path / "bad.zip"), "--slug", "x", stdout=io.StringIO())
    assert not Lab.objects.filter(slug="x").exists()


def test_hostile_files_in_an_archive_are_refused(tmp_path, settings):
    build_full_lab()
    archive = dump_to(tmp_path / "lab.zip", "full")
    data = json.loads(lab_json(archive))
    settings.MEDIA_ROOT = tmp_path / "target-media"

    # A path that climbs out of the media folder.
    evil = dict(data, files={**data["files"], "../../evil.png": {"sha256": "0", "size": 1}})
    (tmp_path / "a.zip").write_bytes(
        rewrite_archive(archive, data=evil, extra={"media/../../evil.png": b"x"})
    )
    with pytest.raises(CommandError, match="Unsafe file name"):
        call_command("loadlab", str(tmp_path / "a.zip"), "--slug", "x", stdout=io.StringIO())

    # HTML dressed as the member's photo (checksums made to match).
    import hashlib

    html = b"<html><script>alert(1)</script></html>"
    photo = next(p for p in data["models"]["people.person"] if p["slug"] == "ada")["photo"]
    files = {
        **data["files"],
        photo: {"sha256": hashlib.sha256(html).hexdigest(), "size": len(html)},
    }
    with zipfile.ZipFile(io.BytesIO(archive)) as old:
        entries = {name: old.read(name) for name in old.namelist()}
    entries["lab.json"] = json.dumps(dict(data, files=files)).encode()
    entries["media/" + photo] = html
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as new:
        for name, content in entries.items():
            new.writestr(name, content)
    (tmp_path / "b.zip").write_bytes(buffer.getvalue())
    with pytest.raises(CommandError, match="HTML or XML"):
        call_command("loadlab", str(tmp_path / "b.zip"), "--slug", "y", stdout=io.StringIO())

    # A damaged file (checksum differs).
    entries["lab.json"] = lab_json(archive)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as new:
        for name, content in entries.items():
            new.writestr(name, content)
    (tmp_path / "c.zip").write_bytes(buffer.getvalue())
    with pytest.raises(CommandError, match="damaged"):
        call_command("loadlab", str(tmp_path / "c.zip"), "--slug", "z", stdout=io.StringIO())

    (tmp_path / "d.zip").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CommandError, match="Nothing was loaded"):
        call_command("loadlab", str(tmp_path / "d.zip"), stdout=io.StringIO())
    assert set(Lab.objects.values_list("slug", flat=True)) == {"full"}
    assert not (tmp_path / "evil.png").exists()


def test_dumplab_of_an_unknown_lab_names_the_known_ones(tmp_path):
    make_lab(slug="known")
    with pytest.raises(CommandError, match='No lab "nope".*known'):
        call_command("dumplab", "nope", "-o", str(tmp_path / "x.zip"))


def test_dump_runs_a_fixed_number_of_queries(django_assert_max_num_queries):
    small = build_full_lab()
    with django_assert_max_num_queries(60):
        dump_lab(small)
    big = build_full_lab(slug="big", host="big.example.org", prefix="Beta")
    for n in range(20):
        make_publication(lab=big, slug=f"more-{n}", authors=["A", "B", "C"])
    with django_assert_max_num_queries(60):
        dump_lab(big)
