"""The publication list's filters: the query string validated, and the choices offered.

Bad values are reported on the page and ignored, never a 500; members and topics are
looked up in the page's lab only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.db.models import Exists, OuterRef

from people.models import Person
from publications.choices import ListGrouping, PublicationKind
from publications.models import Authorship, Publication, Tag
from publications.queries import GROUP_BY_YEAR


class FilterForm(forms.Form):
    """Validates the query string; bad values are reported and ignored, never a 500."""

    q = forms.CharField(label="Search", required=False, max_length=200, strip=True)
    year = forms.IntegerField(label="Year", required=False, min_value=1000, max_value=2200)
    kind = forms.ChoiceField(
        label="Type", required=False, choices=[("", "All types"), *PublicationKind.choices]
    )
    person = forms.SlugField(label="Member", required=False)
    tag = forms.SlugField(label="Topic", required=False)
    group = forms.ChoiceField(
        label="Group by",
        required=False,
        choices=[
            (ListGrouping.YEAR, "Year"), (ListGrouping.KIND, "Type"), (ListGrouping.NONE, "None")
        ],
    )


# What the list and its BibTeX read from the query string (and the page cache keys on).
FILTER_PARAMETERS = tuple(FilterForm.base_fields)


@dataclass
class Filters:
    q: str = ""
    year: int | None = None
    kind: str = ""
    person: Person | None = None
    tag: Tag | None = None
    group: str = GROUP_BY_YEAR
    # The lab's own grouping (PublicationListSettings): left out of query strings.
    default_group: str = GROUP_BY_YEAR
    errors: list[str] = field(default_factory=list)
    # A member or topic that does not exist in the lab: the filter matches no paper.
    matches_nothing: bool = False

    @property
    def is_default_group(self) -> bool:
        return self.group == self.default_group

    @property
    def is_filtered(self) -> bool:
        return bool(
            self.q
            or self.year is not None
            or self.kind
            or self.person
            or self.tag
            or self.matches_nothing
        )

    def params(self, **overrides) -> dict[str, str]:
        """Query parameters of these filters (non-default values only), with changes."""
        values = {
            "q": self.q,
            "year": "" if self.year is None else str(self.year),
            "kind": self.kind,
            "person": self.person.slug if self.person else "",
            "tag": self.tag.slug if self.tag else "",
            "group": "" if self.group == self.default_group else self.group,
        }
        values.update(overrides)
        return {key: value for key, value in values.items() if value}

    def querystring(self, **overrides) -> str:
        params = self.params(**overrides)
        return f"?{urlencode(params)}" if params else ""

    def apply(self, queryset):
        if self.matches_nothing:
            return queryset.none()
        return queryset.filtered(
            year=self.year, kind=self.kind, person=self.person, tag=self.tag, q=self.q
        )

    def active(self) -> list[tuple[str, str, str]]:
        """(label, value, query string without this filter) of each filter in use."""
        active = []
        if self.q:
            active.append(("Search", self.q, self.querystring(q="")))
        if self.year is not None:
            active.append(("Year", str(self.year), self.querystring(year="")))
        if self.kind:
            active.append(("Type", PublicationKind(self.kind).label, self.querystring(kind="")))
        if self.person:
            active.append(("Member", self.person.full_name, self.querystring(person="")))
        if self.tag:
            active.append(("Topic", self.tag.name, self.querystring(tag="")))
        return active


def parse_filters(lab, data, *, default_group: str = GROUP_BY_YEAR) -> Filters:
    """Filters from a query string; members and tags are looked up in ``lab`` only."""
    form = FilterForm(data)
    form.is_valid()
    cleaned, filters = form.cleaned_data, Filters(default_group=default_group)
    for name, messages in form.errors.items():
        label = form.fields[name].label
        filters.errors.extend(f"{label}: {message}" for message in messages)
    filters.q = cleaned.get("q") or ""
    filters.year = cleaned.get("year")
    filters.kind = cleaned.get("kind") or ""
    filters.group = cleaned.get("group") or default_group
    if slug := cleaned.get("person"):
        filters.person = Person.objects.for_lab(lab).filter(slug=slug).first()
        if filters.person is None:
            filters.errors.append(f"Member: there is no member “{slug}”.")
            filters.matches_nothing = True
    if slug := cleaned.get("tag"):
        filters.tag = Tag.objects.for_lab(lab).filter(slug=slug).first()
        if filters.tag is None:
            filters.errors.append(f"Topic: there is no topic “{slug}”.")
            filters.matches_nothing = True
    return filters


def filter_choices(lab) -> dict:
    """Options of the filter form: years and types that have papers, members, topics."""
    # One query for both: the distinct (year, type) pairs are few whatever the size.
    pairs = set(
        Publication.objects.for_lab(lab).order_by().values_list("year", "kind").distinct()
    )
    years = sorted({year for year, _kind in pairs if year is not None}, reverse=True)
    kinds_present = {kind for _year, kind in pairs}
    members = list(
        Person.objects.for_lab(lab)
        .filter(Exists(Authorship.objects.filter(person=OuterRef("pk"))))
        .order_by("full_name")
        .values_list("slug", "full_name")
    )
    tags = list(Tag.objects.for_lab(lab).order_by("name").values_list("slug", "name"))
    return {
        "years": years,
        "kinds": [
            (value, label) for value, label in PublicationKind.choices if value in kinds_present
        ],
        "members": members,
        "tags": tags,
    }
