"""An archive written by a newer labsite loads here: what this one does not know is skipped
with a warning, everything else is restored."""

import io
import json

import pytest
from django.core.management import call_command

from labsite.models import Lab
from people.models import Person
from tests.factories import make_lab, make_person

pytestmark = pytest.mark.django_db


def test_unknown_fields_and_models_are_skipped_with_one_warning_each(tmp_path, capsysbinary):
    lab = make_lab(slug="newer", name="Newer Lab", hosts=["newer.example.org"])
    make_person(lab=lab, full_name="Ada Lovelace", slug="ada")
    make_person(lab=lab, full_name="Bob Babbage", slug="bob")
    make_person(lab=make_lab(slug="other", hosts=["other.example.org"]), full_name="Otto")
    call_command("dumplab", "newer")
    data = json.loads(capsysbinary.readouterr().out)
    for person in data["models"]["people.person"]:
        person["mood"] = "cheerful"
    data["models"]["people.pet"] = [{"name": "Rex"}]
    (tmp_path / "newer.json").write_text(json.dumps(data))

    err = io.StringIO()
    call_command("loadlab", str(tmp_path / "newer.json"), "--slug", "copy",
                 stdout=io.StringIO(), stderr=err)  # fmt: skip
    warnings = err.getvalue().splitlines()
    assert warnings.count("warning: people.person row 1: ignored unknown field 'mood'.") == 1
    assert "warning: people.person row 2: ignored unknown field 'mood'." in warnings
    assert "warning: Skipped people.pet: this labsite does not know that model." in warnings
    copy = Lab.objects.get(slug="copy")
    names = Person.objects.for_lab(copy).order_by("slug").values_list("full_name", flat=True)
    assert list(names) == ["Ada Lovelace", "Bob Babbage"]  # the other lab's Otto stays out
