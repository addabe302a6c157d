"""A small two-lab world for admin tests, and helpers to drive admin forms.

Lab A holds a member (``person_member``, whose login is ``member_a``) and everything
that is theirs ("own" rows), plus the same kinds of rows that are not theirs ("other").
Lab B holds one of each. Users: a superuser, lab A's admin and editor, lab A's member,
lab B's admin.
"""

import datetime
from dataclasses import dataclass, field

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.test import Client

from labsite.models import LabRole
from tests.browser.chromium import launched_chromium
from tests.factories import (
    make_award,
    make_cv_entry,
    make_group,
    make_news,
    make_person,
    make_person_link,
    make_publication,
    make_publication_link,
    make_tag,
)

HOST_A = "a.example.org"
ROLES = ["superuser", "admin_a", "editor_a", "member_a", "admin_b", "anonymous"]


@dataclass
class World:
    lab_a: object
    lab_b: object
    users: dict = field(default_factory=dict)
    a: dict = field(default_factory=dict)
    b: dict = field(default_factory=dict)


def make_user(username, **fields):
    fields.setdefault("is_staff", True)
    user = get_user_model()(username=username, email=f"{username}@example.org", **fields)
    user.set_unusable_password()
    user.save()
    return user


def build_world(lab_a, lab_b) -> World:
    world = World(lab_a=lab_a, lab_b=lab_b)
    users = world.users
    users["superuser"] = make_user("root", is_superuser=True)
    users["admin_a"] = make_user("alice-admin")
    users["editor_a"] = make_user("eddie-editor")
    users["member_a"] = make_user("mia-member")
    users["admin_b"] = make_user("bob-admin")
    LabRole.objects.create(user=users["admin_a"], lab=lab_a, role=LabRole.Role.ADMIN)
    editor_role = LabRole.objects.create(
        user=users["editor_a"], lab=lab_a, role=LabRole.Role.EDITOR
    )
    LabRole.objects.create(user=users["admin_b"], lab=lab_b, role=LabRole.Role.ADMIN)

    a = world.a
    a["group"] = make_group(lab=lab_a, name="Alpha PhD students")
    a["person_own"] = make_person(
        lab=lab_a, full_name="Mia Member", user=users["member_a"], group=a["group"]
    )
    a["person_other"] = make_person(lab=lab_a, full_name="Otto Other", group=a["group"])
    a["personlink_own"] = make_person_link(
        lab=lab_a, person=a["person_own"], kind="github", url="https://github.com/mia-own"
    )
    a["personlink_other"] = make_person_link(
        lab=lab_a, person=a["person_other"], kind="github", url="https://github.com/otto-other"
    )
    a["cventry_own"] = make_cv_entry(
        lab=lab_a, person=a["person_own"], kind="education", title="PhD of Mia", start_year=2020
    )
    a["cventry_other"] = make_cv_entry(
        lab=lab_a, person=a["person_other"], kind="education", title="PhD of Otto"
    )
    a["tag"] = make_tag(lab=lab_a, name="Alpha systems", slug="alpha-systems")
    a["publication_own"] = make_publication(
        lab=lab_a,
        title="Mia writes about alpha scheduling",
        authors=[("Mia Member", a["person_own"]), "Outside Author"],
    )
    a["publication_other"] = make_publication(
        lab=lab_a,
        title="Otto writes about alpha storage",
        authors=[("Otto Other", a["person_other"])],
    )
    a["publication_shared"] = make_publication(
        lab=lab_a,
        title="Mia and Otto write together",
        authors=[("Mia Member", a["person_own"]), ("Otto Other", a["person_other"])],
    )
    a["authorship_own"] = a["publication_own"].authorships.get(position=2)  # "Outside Author"
    a["authorship_other"] = a["publication_other"].authorships.get(position=1)
    a["publicationlink_own"] = make_publication_link(
        lab=lab_a, publication=a["publication_own"], kind="pdf", url="https://example.org/mia.pdf"
    )
    a["publicationlink_other"] = make_publication_link(
        lab=lab_a,
        publication=a["publication_other"],
        kind="pdf",
        url="https://example.org/otto.pdf",
    )
    a["newsitem_own"] = make_news(
        lab=lab_a, title="Mia gave a talk", person=a["person_own"], date=datetime.date(2025, 3, 1)
    )
    a["newsitem_other"] = make_news(lab=lab_a, title="Alpha lab news")
    a["award_own"] = make_award(lab=lab_a, title="Mia's fellowship", person=a["person_own"])
    a["award_other"] = make_award(lab=lab_a, title="Otto's prize", person=a["person_other"])
    a["lab"] = lab_a
    a["domain"] = lab_a.domains.get()
    a["labrole"] = editor_role

    b = world.b
    b["group"] = make_group(lab=lab_b, name="Beta secret group")
    b["person"] = make_person(lab=lab_b, full_name="Beatrix Beta")
    b["tag"] = make_tag(lab=lab_b, name="Beta secret tag", slug="beta-tag")
    b["publication"] = make_publication(
        lab=lab_b, title="Beta secret paper", authors=[("Beatrix Beta", b["person"])]
    )
    b["newsitem"] = make_news(lab=lab_b, title="Beta secret news", person=b["person"])
    b["award"] = make_award(lab=lab_b, title="Beta secret award", person=b["person"])
    b["lab"] = lab_b
    b["domain"] = lab_b.domains.get()
    b["labrole"] = LabRole.objects.get(user=users["admin_b"])
    return world


@pytest.fixture
def world(lab_a, lab_b):
    return build_world(lab_a, lab_b)


def client_for(world, role, host=HOST_A):
    client = Client(HTTP_HOST=host)
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


@pytest.fixture
def clients(world):
    """``clients[role]``: a Client on lab A's host, logged in as that role."""
    return {role: client_for(world, role) for role in ROLES}


# --- Admin forms ----------------------------------------------------------------------------


def _field_value(bound):
    value = bound.value()
    if value is None:
        return None
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value.pk)
    return str(value)


def _add_form(data, form):
    for name, form_field in form.fields.items():
        if form_field.disabled or isinstance(form_field, forms.FileField):
            continue
        value = _field_value(form[name])
        if value is not None:
            data[form.add_prefix(name)] = value


def form_data(response):
    """POST data reproducing an admin add/change page as rendered (form and inlines)."""
    context = response.context
    data = {}
    _add_form(data, context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.forms:
            _add_form(data, form)
    return data


def admin_url(obj_or_model, action="changelist", *args):
    from django.urls import reverse

    opts = obj_or_model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}_{action}"
    if action in ("change", "delete", "history"):
        return reverse(name, args=[obj_or_model.pk])
    return reverse(name, args=args)


def errors_of(response):
    """Readable form errors of an admin page (for assertion messages)."""
    context = getattr(response, "context", None)
    if not context or "adminform" not in context:
        return f"status {response.status_code}"
    errors = [str(context["adminform"].form.errors)]
    for inline in context.get("inline_admin_formsets", []):
        errors += [str(inline.formset.errors), str(inline.formset.non_form_errors())]
    return " ".join(error for error in errors if error and error != "[]")


@pytest.fixture
def chromium():
    """A Chromium for one browser test (tests/admin/browser.py has what they share)."""
    with launched_chromium() as browser:
        yield browser
