"""Admin form helpers for what Django's admin leaves to the project: help texts rendered
as HTML, and file inputs a browser empties when a form is shown again after errors."""

from django import forms
from django.utils.html import escape
from django.utils.safestring import SafeData


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
