"""Admin forms: tenant model forms and inline formsets, fieldsets, and what Django's admin
leaves to the project (help texts rendered as HTML, file inputs a browser empties when a
form is shown again after errors)."""

from django import forms
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.forms.models import BaseInlineFormSet, BaseModelFormSet
from django.utils.html import escape
from django.utils.safestring import SafeData

from labsite.models import Lab
from labsite.scoping import across_labs


def plain_help_texts(model) -> dict:
    """The model's help texts escaped: Django's admin renders them as HTML, and ours are
    plain text that may show URL patterns such as ``/people/<slug>/``."""
    return {
        field.name: escape(field.help_text)
        for field in model._meta.get_fields()
        if getattr(field, "help_text", "") and not isinstance(field.help_text, SafeData)
    }


def is_stored(file) -> bool:
    """Is the ``FieldFile`` in storage? The upload of a form that did not save is not."""
    return bool(file) and getattr(file, "_committed", True)


FILES_NOT_KEPT = "Choose the {label} again: files are not kept when the form has errors."


def note_uploads_not_kept(request, form) -> None:
    """A form shown again after errors has empty file inputs (browsers cannot refill
    them): say so next to each file that was chosen."""
    if request.method != "POST":
        return
    for name, form_field in form.fields.items():
        if (
            isinstance(form_field, forms.FileField)
            and form.add_prefix(name) in request.FILES
            and not form.errors.get(name)
        ):
            label = str(form_field.label or name).lower()
            form.add_error(name, FILES_NOT_KEPT.format(label=label))


def has_lab_field(model) -> bool:
    try:
        return model._meta.get_field("lab").related_model is Lab
    except FieldDoesNotExist:
        return False


class TenantModelForm(forms.ModelForm):
    """Runs model validation with ``lab`` set, so ``TenantModel.clean()`` checks every relation.

    ``labsite_new_lab`` (set by the admin) is the lab of a new row whose ``lab`` is not a
    form field; ``labsite_scope_check`` refuses rows the user could not open afterwards.
    """

    labsite_new_lab = None
    labsite_scope_check = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.labsite_new_lab is not None and self.instance._state.adding:
            self.instance.lab = self.labsite_new_lab

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        # ``lab`` is set even when it is not a field: validate constraints that include it
        # (slug unique per lab, ...) instead of meeting them as IntegrityErrors.
        if getattr(self.instance, "lab_id", None) is not None and "lab" not in self._errors:
            exclude.discard("lab")
        return exclude

    def _post_clean(self):
        super()._post_clean()
        self._check_many_to_many_labs()
        if not self._errors and self.labsite_scope_check is not None:
            try:
                self.labsite_scope_check(self.instance)
            except ValidationError as error:
                self.add_error(None, error)

    def _check_many_to_many_labs(self):
        lab_id = getattr(self.instance, "lab_id", None)
        if lab_id is None:
            return
        for field in self.instance._meta.many_to_many:
            chosen = self.cleaned_data.get(field.name)
            if chosen is None or not has_lab_field(field.related_model):
                continue
            if any(item.lab_id != lab_id for item in chosen):
                self.add_error(field.name, "Choose items of the same lab.")


class ScopedRowIdsMixin:
    """Formsets' hidden row id: Django checks a posted id against every row of the model,
    then the formset matches it against its own, scoped, rows (an unknown id is a new row)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row_id = form.fields.get(self.model._meta.pk.name)
        if isinstance(row_id, forms.ModelChoiceField):
            row_id.queryset = across_labs(
                row_id.queryset, "a posted row id, matched against the formset's scoped rows"
            )


class TenantModelFormSet(ScopedRowIdsMixin, BaseModelFormSet):
    """The formset of an admin list with editable columns."""


class TenantInlineFormSet(ScopedRowIdsMixin, BaseInlineFormSet):
    """New inline rows belong to the parent's lab, before they are validated."""

    def full_clean(self):
        lab_id = getattr(self.instance, "lab_id", None)
        if lab_id is not None:
            for form in self.forms:
                if form.instance._state.adding:
                    form.instance.lab_id = lab_id
        super().full_clean()


def with_unlisted_fields(model, fieldsets):
    """Fieldsets plus a "More" one for editable fields they do not list (added later)."""
    listed = set(flatten_fieldsets(fieldsets))
    more = [
        field.name
        for field in model._meta.concrete_fields
        if field.editable
        and not field.primary_key
        and field.name != "lab"
        and field.name not in listed
    ]
    more += [
        field.name
        for field in model._meta.many_to_many
        if field.editable and field.name not in listed
    ]
    return [*fieldsets, ("More", {"fields": more})] if more else list(fieldsets)


def without_field(fields, name):
    kept = []
    for entry in fields:
        if isinstance(entry, (list, tuple)):
            inner = tuple(item for item in entry if item != name)
            if inner:
                kept.append(inner)
        elif entry != name:
            kept.append(entry)
    return kept
