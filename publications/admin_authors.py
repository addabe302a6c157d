"""Admin of a paper's author list: numbered rows, or a list pasted in one field.

Positions fill themselves (an empty one goes after the others) and close their gaps on
save; a list pasted in the paper's "Paste authors" field replaces the rows, with "*"
(co-first) and "†" (corresponding) marks, members linked by their name variants.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator

from labsite.admin import MEMBER, TenantInlineFormSet, TenantModelForm, TenantTabularInline
from labsite.permissions import scope_for
from publications.author_entry import PastedListError, plan_pasted_authors
from publications.models import Authorship

# Positions rows are parked at while a save reorders them (unique per paper).
_PARKING = 30000


class AuthorshipForm(TenantModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        position = self.fields["position"]
        position.required = False
        position.validators += [MinValueValidator(1), MaxValueValidator(_PARKING - 1)]
        position.widget.attrs.update({"min": 1, "class": "labsite-position"})
        position.help_text = "Empty: after the others."

    def _get_validation_exclusions(self):
        # Positions are checked across the whole list by the formset (authors may swap
        # places in one save, which row-by-row uniqueness checks would refuse).
        return super()._get_validation_exclusions() | {"position"}


class AuthorshipFormSet(TenantInlineFormSet):
    # Person ids of which one must stay among the authors (a member editing), else empty.
    required_person_ids = frozenset()

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form not in self.deleted_forms
            and getattr(form, "cleaned_data", None)
            and (form.instance.pk or form.has_changed())
        ]
        positions = {form.cleaned_data.get("position") for form in kept} - {None}
        next_position = max(positions, default=0) + 1
        seen = set()
        for form in kept:
            position = form.cleaned_data.get("position")
            if position is None:
                position = next_position
                next_position += 1
                form.cleaned_data["position"] = position
                form.instance.position = position
            if position in seen:
                raise ValidationError(
                    f"Two authors have position {position}: number them 1, 2, 3, …"
                )
            seen.add(position)
        if self.required_person_ids and not any(
            form.cleaned_data.get("person") is not None
            and form.cleaned_data["person"].pk in self.required_person_ids
            for form in kept
        ):
            raise ValidationError(
                "Keep yourself among the authors (choose yourself as the lab member of your "
                "author entry). To take a paper off your page, ask a lab editor."
            )

    def save(self, commit=True):
        if commit:
            # Free the positions of moved and deleted rows first: positions are unique per
            # paper, and rows are written one by one.
            parked = [
                form.instance.pk
                for form in self.initial_forms
                if form.instance.pk
                and (form in self.deleted_forms or "position" in form.changed_data)
            ]
            rows = Authorship.objects.for_lab(self.instance.lab_id)
            for offset, pk in enumerate(parked):
                rows.filter(pk=pk).update(position=_PARKING + offset)
        saved = super().save(commit)
        if commit and self.instance.pk:
            renumber_authors(self.instance)
        return saved


def renumber_authors(publication) -> None:
    """Positions 1, 2, 3, … in the current order (after deletions or gaps)."""
    authorships = Authorship.objects.for_lab(publication.lab_id).filter(publication=publication)
    rows = list(authorships.order_by("position", "pk").values_list("pk", "position"))
    moved = [(pk, index) for index, (pk, position) in enumerate(rows, start=1) if position != index]
    for offset, (pk, _) in enumerate(moved):
        authorships.filter(pk=pk).update(position=_PARKING + offset)
    for pk, index in moved:
        authorships.filter(pk=pk).update(position=index)


class AuthorshipInline(TenantTabularInline):
    model = Authorship
    form = AuthorshipForm
    formset = AuthorshipFormSet
    fields = ["position", "name", "person", "equal_contribution", "corresponding"]
    autocomplete_fields = ["person"]
    ordering = ["position"]
    verbose_name = "author"
    verbose_name_plural = "authors (in order)"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if self.parent_level(request, obj) == MEMBER:
            formset.required_person_ids = frozenset(scope_for(request).person_ids)
        return formset

    def get_extra(self, request, obj=None, **kwargs):
        # A member adding a paper starts with themselves as the first author.
        if obj is None and self.parent_level(request, None) == MEMBER:
            return 1
        return super().get_extra(request, obj, **kwargs)


class PublicationForm(TenantModelForm):
    """The paper's form, with a field to paste the whole author list at once."""

    author_list = forms.CharField(
        label="Paste authors",
        required=False,
        strip=True,  # no maxlength: a long paste is refused with a message, never cut
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text='Replaces the authors below when filled: "Jiaming Xu*, Shan Huang*, Guohao '
        'Dai†" or "Chen, Jian*; Chen, Beidi" or one name a line. * = equal contribution '
        "(co-first), † = corresponding author; members are found by any of their name "
        'variants; end with "et al." if the list is cut.',
    )
    # Person ids of which one must stay among the authors (a member editing), else empty.
    required_person_ids = frozenset()

    class Meta:
        widgets = {"abstract": forms.Textarea(attrs={"rows": 6})}

    def clean(self):
        cleaned = super().clean()
        self.pasted_authors = None
        text = cleaned.get("author_list") or ""
        if not text:
            return cleaned
        lab = cleaned.get("lab") or (self.instance.lab if self.instance.lab_id else None)
        if lab is None:
            self.add_error("author_list", "Choose the lab first: members are looked up in it.")
            return cleaned
        try:
            authors, truncated = plan_pasted_authors(lab=lab, publication=self.instance, text=text)
        except PastedListError as error:
            self.add_error("author_list", str(error))
            return cleaned
        if self.required_person_ids and not any(
            author.person_id in self.required_person_ids for author in authors
        ):
            self.add_error(
                "author_list",
                "Keep yourself among the authors: write your name as one of your name "
                "variants. To take a paper off your page, ask a lab editor.",
            )
            return cleaned
        self.pasted_authors = (authors, truncated)
        return cleaned
