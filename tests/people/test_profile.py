"""The profile column: photo position, shape and size; the address block; how the e-mail
shows; the native-script name beside the name and in JSON-LD (seeds 002 and 004)."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from people.models import Person
from people.profile import guess_language
from tests.factories import make_person, make_person_section
from tests.people.imagedata import jpeg_bytes, upload
from tests.people.test_homepage import jsonld

pytestmark = pytest.mark.django_db

PEOPLE_CSS = Path(__file__).resolve().parents[2] / "people/static/people/people.css"


def profile(html: str) -> str:
    return html.split('<div class="person-profile">', 1)[1].split('<div class="person-main">')[0]


def with_photo(person):
    person.photo = upload("ada.jpg", jpeg_bytes())
    person.save()
    return person


def test_photo_position_shape_and_size_become_classes_the_css_styles(lab_a, client_a):
    with_photo(make_person(lab=lab_a, slug="ray", photo_position="right", photo_shape="rounded",
                           photo_size="large"))  # fmt: skip
    html = client_a.get("/people/ray/").content.decode()
    assert '<div class="person-page person-photo-right person-photo-large">' in html
    img = re.search(r"<img class=\"person-avatar[^>]*>", profile(html)).group(0)
    assert "person-avatar-280 person-avatar-rounded" in img
    assert 'width="280" height="280"' in img and "srcset=" in img
    css = PEOPLE_CSS.read_text()
    for rule in [".person-photo-right", ".person-photo-top", ".person-photo-large",
                 ".person-photo-small", ".person-avatar-rounded", ".person-avatar-original",
                 ".person-avatar-280"]:  # fmt: skip
        assert rule + " " in css or rule + "," in css or rule + "." in css, rule
    # Colours come from the theme's variables, so both colour schemes style them.
    placement = css.split("/* Photo placement", 1)[1].split("@media", 1)[0]
    shapes = css.split("/* Shapes a member chooses", 1)[1].split("img.person-avatar-original", 1)[0]
    assert not re.search(r"#[0-9a-fA-F]{3,6}\b", placement + shapes)


def test_an_original_photo_is_uncropped_and_the_defaults_are_today_s_look(lab_a, client_a):
    with_photo(make_person(lab=lab_a, slug="ray", photo_shape="original", photo_size="small",
                           photo_position="top"))  # fmt: skip
    html = client_a.get("/people/ray/").content.decode()
    img = re.search(r"<img class=\"person-avatar[^>]*>", profile(html)).group(0)
    assert "person-avatar-120 person-avatar-original" in img
    assert "height=" not in img and "srcset=" not in img and "-160." not in img
    assert '<div class="person-page person-photo-top person-photo-small">' in html
    with_photo(make_person(lab=lab_a, slug="ada"))
    html = client_a.get("/people/ada/").content.decode()
    assert '<div class="person-page person-photo-sidebar person-photo-medium">' in html
    assert "person-avatar-200 person-avatar-circle" in profile(html)


def test_the_address_is_a_block_of_lines_with_a_bound(lab_a, client_a):
    make_person(lab=lab_a, slug="ray", location="Duncan Hall, 3014\n6100 Main St\n\n"
                "Houston, TX 77005\n")  # fmt: skip
    html = profile(client_a.get("/people/ray/").content.decode())
    assert ('<address class="person-address">Duncan Hall, 3014<br>6100 Main St<br>'
            "Houston, TX 77005</address>") in html  # fmt: skip
    person = make_person(lab=lab_a, location="\n".join(f"Line {n}" for n in range(9)))
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert error.value.message_dict["location"] == [
        "An address has at most 8 lines; this one has 9."
    ]
    person.location = "x" * 501
    with pytest.raises(ValidationError, match="at most 500 characters; this one has 501"):
        person.full_clean()


@pytest.mark.parametrize(
    "mode, shown, link",
    [
        ("link", "ziruiliu@example.org", True),
        ("text", "ziruiliu [at] example [dot] org", False),
        ("hidden", None, False),
    ],
)
def test_email_display_modes(lab_a, client_a, mode, shown, link):
    make_person(lab=lab_a, slug="ray", email="ziruiliu@example.org", email_display=mode)
    html = client_a.get("/people/ray/").content.decode()
    assert ('href="mailto:ziruiliu@example.org"' in html) is link
    assert "email.js" not in html  # obfuscated text is never turned into a link
    if shown is None:
        assert "ziruiliu" not in html and "Email: " not in html
    else:
        assert shown in profile(html)
    if mode == "text":
        assert "mailto:" not in html and "@example" not in html


def test_native_name_beside_the_name_with_its_language_and_in_json_ld(lab_a, client_a):
    make_person(lab=lab_a, slug="jiaming", full_name="Jiaming Xu", native_name="许珈铭")
    html = client_a.get("/people/jiaming/").content.decode()
    assert ('<h1>Jiaming Xu <span class="person-native-name" lang="zh">许珈铭</span></h1>'
            in html)  # fmt: skip
    assert jsonld(html)["alternateName"] == "许珈铭"
    make_person(lab=lab_a, slug="olga", full_name="Olga", native_name="Ольга")
    html = client_a.get("/people/olga/").content.decode()
    assert '<span class="person-native-name">Ольга</span>' in html  # no language guessed
    make_person(lab=lab_a, slug="kenji", full_name="Kenji", native_name="健二",
                native_name_lang="ja")  # fmt: skip
    assert 'lang="ja">健二</span>' in client_a.get("/people/kenji/").content.decode()
    html = client_a.get("/people/kenji/").content.decode()
    assert "alternateName" in html
    plain = make_person(lab=lab_a, slug="plain")
    assert "alternateName" not in client_a.get(f"/people/{plain.slug}/").content.decode()


def test_language_guesses_only_where_the_script_tells():
    assert guess_language("许珈铭") == "zh"
    assert guess_language("やまだ 太郎") == "ja"  # kana decide over Han
    assert guess_language("김민준") == "ko"
    assert guess_language("Ελένη") == "el"
    assert guess_language("Ольга") == "" and guess_language("Ada") == ""


def test_a_bad_language_tag_gets_a_message(lab_a):
    person = make_person(lab=lab_a, native_name="许珈铭", native_name_lang="<script>")
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "language tag" in error.value.message_dict["native_name_lang"][0]


def test_another_lab_s_member_is_a_404(lab_a, lab_b, client_a):
    make_person(lab=lab_b, slug="jiaming", native_name="许珈铭")
    response = client_a.get("/people/jiaming/")
    assert response.status_code == 404 and "许珈铭" not in response.content.decode()


# --- The e-mail as the member writes it (seed 000: "contact (at) [my first name] (dot) net")


def test_the_email_as_written_is_shown_verbatim_and_never_a_link(lab_a, client_a):
    make_person(
        lab=lab_a, slug="aurick", email="contact@aurick.net", email_display="written",
        email_written="contact (at) [my first name] (dot) net <b>&amp;</b>",
    )  # fmt: skip
    html = client_a.get("/people/aurick/").content.decode()
    assert (
        '<span class="person-email">contact (at) [my first name] (dot) net '
        "&lt;b&gt;&amp;amp;&lt;/b&gt;</span>"
    ) in profile(html)
    assert "mailto:" not in html and "contact@aurick.net" not in html and "[at]" not in html


def test_the_written_form_needs_no_address_and_an_empty_one_is_refused(lab_a, client_a):
    person = make_person(lab=lab_a, slug="ray", email="", email_display="written",
                         email_written="ray (at) example (dot) org")  # fmt: skip
    assert "ray (at) example (dot) org" in profile(client_a.get("/people/ray/").content.decode())
    person.email_written = "   "
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "Write the address as the page should show it" in str(error.value)
    assert Person._meta.get_field("email_written").max_length == 200  # a bound


def test_the_contact_section_shows_the_email_as_the_member_chose(lab_a, client_a):
    ada = make_person(lab=lab_a, slug="ada", email="ada@example.org", sections=[],
                      email_display="written", email_written="ada at example")  # fmt: skip
    make_person_section(lab=lab_a, person=ada, kind="links", anchor="contact")
    html = client_a.get("/people/ada/").content.decode()
    contact = html[html.index('id="contact"') :]
    assert '<span class="person-email">ada at example</span>' in contact.split("</section>")[0]
    ada.email_display = "hidden"
    ada.save()
    html = client_a.get("/people/ada/").content.decode()
    assert "ada at example" not in html and "ada [at] example" not in html
