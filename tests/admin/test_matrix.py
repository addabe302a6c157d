"""The permissions matrix: role × model × action → allowed or not, asserted on the database
and on the pages (see labsite/admin/ and docs/architecture.md, Tenancy).

Every case targets a row of lab A (for the member: a row that is theirs) through lab A's
host. Allowed means: the list links the row, the change page shows it, an add lands in
lab A, a change or delete reaches the database, an autocomplete lookup offers it. Denied
means none of that happens, and the pages do not show the row.
"""

from dataclasses import dataclass, field

import pytest
from django.utils.html import escape

from tests.admin.conftest import ROLES, admin_url, client_for, errors_of, form_data

pytestmark = pytest.mark.django_db

ALL = frozenset({"list", "view", "add", "change", "delete", "autocomplete"})
NONE = frozenset()


@dataclass(frozen=True)
class Spec:
    key: str  # world.a[key + "_own"] or world.a[key]
    change: tuple  # (field, new value)
    add: dict  # field overrides for a valid add form (callables take the world)
    added: dict  # lookup that finds the added row
    autocomplete: tuple | None  # (app_label, model_name, field_name) of a source field
    allowed: dict = field(default_factory=dict)


CONTENT_STAFF = {"superuser": ALL, "admin_a": ALL, "editor_a": ALL}
ADMIN_ONLY = {"superuser": ALL, "admin_a": ALL}

SPECS = {
    "group": Spec(
        key="group",
        change=("name", "Renamed group"),
        add={"name": "New group", "kind": "phd", "order": "3"},
        added={"name": "New group"},
        autocomplete=("people", "person", "group"),
        allowed={**CONTENT_STAFF},
    ),
    "person": Spec(
        key="person",
        change=("position", "Changed position"),
        add={"full_name": "New Person", "slug": "new-person"},
        added={"slug": "new-person"},
        autocomplete=("publications", "authorship", "person"),
        allowed={
            **CONTENT_STAFF,
            "member_a": frozenset({"list", "view", "change", "autocomplete"}),
        },
    ),
    "publication": Spec(
        key="publication",
        change=("venue", "Changed venue"),
        add={
            "title": "New paper",
            "slug": "new-paper",
            "kind": "conference",
            "authorships-TOTAL_FORMS": "1",
            "authorships-0-position": "1",
            "authorships-0-name": "Mia Member",
            "authorships-0-person": lambda world: str(world.a["person_own"].pk),
        },
        added={"slug": "new-paper"},
        autocomplete=("news", "newsitem", "publication"),
        allowed={**CONTENT_STAFF, "member_a": ALL},
    ),
    "tag": Spec(
        key="tag",
        change=("name", "Renamed tag"),
        add={"name": "New tag", "slug": "new-tag"},
        added={"slug": "new-tag"},
        autocomplete=("publications", "publication", "tags"),
        allowed={**CONTENT_STAFF, "member_a": frozenset({"autocomplete"})},
    ),
    "newsitem": Spec(
        key="newsitem",
        change=("title", "Changed title"),
        add={
            "title": "New news",
            "slug": "new-news",
            "body": "Hello *world*",
            "date": "2025-05-05",
            "status": "published",
            "person": lambda world: str(world.a["person_own"].pk),
        },
        added={"slug": "new-news"},
        autocomplete=None,
        allowed={**CONTENT_STAFF, "member_a": ALL},
    ),
    "award": Spec(
        key="award",
        change=("badge", "Changed badge"),
        add={
            "title": "New award",
            "year": "2025",
            "kind": "honour",
            "person": lambda world: str(world.a["person_own"].pk),
        },
        added={"title": "New award"},
        autocomplete=None,
        allowed={**CONTENT_STAFF, "member_a": ALL},
    ),
    "lab": Spec(
        key="lab",
        change=("tagline", "Changed tagline"),
        add={"name": "New lab", "slug": "new-lab", "accent_colour": "#123456"},
        added={"slug": "new-lab"},
        autocomplete=("labsite", "domain", "lab"),
        allowed={
            "superuser": ALL,
            "admin_a": frozenset({"list", "view", "change", "autocomplete"}),
            "editor_a": frozenset({"list", "view", "change", "autocomplete"}),
        },
    ),
    "domain": Spec(
        key="domain",
        change=("host", "a2.example.org"),
        add={"host": "new.example.org", "lab": lambda world: str(world.lab_a.pk)},
        added={"host": "new.example.org"},
        autocomplete=None,
        # Claiming or renaming a host is the operator's (tests/admin/test_domains.py).
        allowed={"superuser": ALL, "admin_a": frozenset({"list", "view", "delete"})},
    ),
    "labrole": Spec(
        key="labrole",
        change=("role", "admin"),
        add={
            "user": lambda world: str(world.users["member_a"].pk),
            "role": "editor",
            "lab": lambda world: str(world.lab_a.pk),
        },
        added={"user__username": "mia-member"},
        autocomplete=None,
        allowed={**ADMIN_ONLY},
    ),
}


def target(world, spec):
    return world.a.get(f"{spec.key}_own", world.a.get(spec.key))


def lab_a_rows(world, model):
    from labsite.models import Lab

    if model is Lab:
        return model.objects.all()
    return model._default_manager.filter(lab=world.lab_a)


def resolve(world, values):
    return {key: value(world) if callable(value) else value for key, value in values.items()}


def _cases():
    for model, spec in SPECS.items():
        for role in ROLES:
            for action in sorted(ALL):
                if action == "autocomplete" and spec.autocomplete is None:
                    continue  # nothing links to this model
                yield pytest.param(model, role, action, id=f"{model}-{role}-{action}")


@pytest.mark.parametrize("model_key,role,action", list(_cases()))
def test_permission_matrix(world, model_key, role, action):
    spec = SPECS[model_key]
    allowed = action in spec.allowed.get(role, NONE)
    obj = target(world, spec)
    model = type(obj)
    client = client_for(world, role)
    superuser = client_for(world, "superuser")
    marker = escape(str(obj))

    if action == "list":
        response = client.get(admin_url(model))
        page = response.content.decode()
        linked = response.status_code == 200 and admin_url(obj, "change") in page
        assert linked == allowed
        if not allowed:
            assert marker not in page

    elif action == "view":
        response = client.get(admin_url(obj, "change"))
        page = response.content.decode()
        if allowed:
            assert response.status_code == 200
            assert marker in page
        else:
            assert response.status_code in (302, 403, 404)
            assert marker not in page

    elif action == "add":
        data = form_data(superuser.get(admin_url(model, "add")))
        data.update(resolve(world, spec.add))
        response = client.post(admin_url(model, "add"), data)
        created = lab_a_rows(world, model).filter(**spec.added).exists()
        assert created == allowed, errors_of(response)

    elif action == "change":
        name, value = spec.change
        data = form_data(superuser.get(admin_url(obj, "change")))
        data[name] = value
        response = client.post(admin_url(obj, "change"), data)
        obj.refresh_from_db()
        assert (getattr(obj, name) == value) == allowed, errors_of(response)

    elif action == "delete":
        response = client.post(admin_url(obj, "delete"), {"post": "yes"})
        gone = not model._default_manager.filter(pk=obj.pk).exists()
        assert gone == allowed, response.status_code

    elif action == "autocomplete":
        app_label, model_name, field_name = spec.autocomplete
        response = client.get(
            "/admin/autocomplete/",
            {"app_label": app_label, "model_name": model_name, "field_name": field_name},
        )
        ids = (
            [result["id"] for result in response.json()["results"]]
            if response.status_code == 200
            else []
        )
        assert (str(obj.pk) in ids) == allowed


# --- Inline models: rows edited through their parent's page ---------------------------------


@dataclass(frozen=True)
class InlineSpec:
    key: str
    parent: str
    prefix: str
    marker: str  # text of the row shown on the parent page
    change: tuple
    add: dict


INLINE_SPECS = {
    "personlink": InlineSpec(
        key="personlink_own",
        parent="person_own",
        prefix="links",
        marker="https://github.com/mia-own",
        change=("url", "https://github.com/changed"),
        add={"kind": "homepage", "url": "https://example.org/new-home", "order": "0"},
    ),
    "cventry": InlineSpec(
        key="cventry_own",
        parent="person_own",
        prefix="cv_entries",
        marker="PhD of Mia",
        change=("title", "Changed CV entry"),
        add={"kind": "talk", "title": "A new talk", "order": "0"},
    ),
    "authorship": InlineSpec(
        key="authorship_own",
        parent="publication_own",
        prefix="authorships",
        marker="Outside Author",
        change=("name", "Changed Author"),
        add={"name": "Added Author"},
    ),
    "publicationlink": InlineSpec(
        key="publicationlink_own",
        parent="publication_own",
        prefix="links",
        marker="https://example.org/mia.pdf",
        change=("url", "https://example.org/changed.pdf"),
        add={"kind": "code", "url": "https://example.org/new-code", "order": "0"},
    ),
}
INLINE_ALLOWED = {"superuser", "admin_a", "editor_a", "member_a"}


def _row_index(data, prefix, pk):
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    for index in range(total):
        if data.get(f"{prefix}-{index}-id") == str(pk):
            return index
    raise AssertionError(f"row {pk} not on the page")


@pytest.mark.parametrize(
    "model_key,role,action",
    [
        pytest.param(model, role, action, id=f"{model}-{role}-{action}")
        for model in INLINE_SPECS
        for role in ROLES
        for action in ["view", "add", "change", "delete"]
    ],
)
def test_inline_permission_matrix(world, model_key, role, action):
    spec = INLINE_SPECS[model_key]
    allowed = role in INLINE_ALLOWED
    row = world.a[spec.key]
    parent = world.a[spec.parent]
    model = type(row)
    client = client_for(world, role)
    url = admin_url(parent, "change")

    if action == "view":
        response = client.get(url)
        assert (response.status_code == 200 and spec.marker in response.content.decode()) == allowed
        return

    data = form_data(client_for(world, "superuser").get(url))
    if action == "add":
        index = int(data[f"{spec.prefix}-TOTAL_FORMS"])
        data[f"{spec.prefix}-TOTAL_FORMS"] = str(index + 1)
        for name, value in spec.add.items():
            data[f"{spec.prefix}-{index}-{name}"] = value
        response = client.post(url, data)
        created = model.objects.filter(lab=world.lab_a, **spec.add).exists()
        assert created == allowed, errors_of(response)
    elif action == "change":
        index = _row_index(data, spec.prefix, row.pk)
        name, value = spec.change
        data[f"{spec.prefix}-{index}-{name}"] = value
        response = client.post(url, data)
        row.refresh_from_db()
        assert (getattr(row, name) == value) == allowed, errors_of(response)
    elif action == "delete":
        index = _row_index(data, spec.prefix, row.pk)
        data[f"{spec.prefix}-{index}-DELETE"] = "on"
        response = client.post(url, data)
        gone = not model.objects.filter(pk=row.pk).exists()
        assert gone == allowed, errors_of(response)
