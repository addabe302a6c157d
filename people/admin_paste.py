"""The "Paste a list" page of a person in admin: a markdown list from an old homepage
becomes their awards, news items or CV entries, after a preview (people/pasting.py)."""

import hashlib

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from people.pasted_lists import MAX_BYTES, MAX_LINES
from people.pasting import create_pasted_items, paste_targets, preview_pasted_list


class PasteListForm(forms.Form):
    target = forms.ChoiceField(
        label="The items are", help_text="What each line of the list becomes."
    )
    text = forms.CharField(
        label="List",
        widget=forms.Textarea(attrs={"rows": 14, "cols": 90, "spellcheck": "false"}),
        max_length=MAX_BYTES,
        help_text=f"One item a line, as on your old page: “- *2023.06* Outstanding Graduates, "
        f"Shaanxi.”, “- **2024.05**: …”, “- [2024.05] …”, “- September 2024: …”, “- 2021 – …”. "
        f"At most {MAX_LINES:,} lines.",
    )

    # The digest of the list and target last previewed: "Create" creates only what was seen.
    previewed = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [
            (key, label) for key, (label, _build) in paste_targets().items()
        ]


def preview_digest(target: str, text: str) -> str:
    return hashlib.sha256(f"{target}\n{text}".encode()).hexdigest()


def paste_list_view(model_admin, request, object_id):
    """GET: the form. POST "preview": the parsed table. POST "create": all or nothing."""
    person = model_admin.object_or_404(request, object_id)
    if not model_admin.has_change_permission(request, person):
        raise PermissionDenied
    change_url = reverse("admin:people_person_change", args=[person.pk])
    form = PasteListForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        target, text = form.cleaned_data["target"], form.cleaned_data["text"]
        seen = form.cleaned_data["previewed"] == preview_digest(target, text)
        try:
            if request.POST.get("action") == "create" and not seen:
                messages.warning(request, "The list changed since its preview: check it again.")
            elif request.POST.get("action") == "create":
                created = create_pasted_items(person=person, target=target, text=text)
                model_admin.log_change(
                    request, person, f"Created {len(created)} item(s) from a pasted list."
                )
                messages.success(request, f"Created {len(created)} item(s) for {person}.")
                return redirect(change_url)
            preview = preview_pasted_list(person=person, target=target, text=text)
        except ValidationError as error:
            form.add_error(None, error)
            if "text" not in form.errors:
                preview = _preview_or_none(person, target, text)
    if preview is not None:
        form.data = form.data.copy()
        form.data["previewed"] = preview_digest(target, text)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Paste a list for {person}",
        "subtitle": None,
        "opts": model_admin.opts,
        "original": person,
        "form": form,
        "preview": preview,
        "change_url": change_url,
    }
    return TemplateResponse(request, "admin/people/person/paste_list.html", context)


def _preview_or_none(person, target, text):
    try:
        return preview_pasted_list(person=person, target=target, text=text)
    except ValidationError:
        return None
