"""Admin "Import a site": upload a .zip, see the preview of every item, confirm, see the
report. ``/admin/site-import/person/<pk>/`` (the member themself, or an editor of the lab)
(the person's lab being the host's, ``acting_lab``) and ``/admin/site-import/lab/<pk>/``
(an admin of that lab).

Between preview and confirm the upload is kept as a file in a private temporary folder
(never extracted: ``ZipSiteSource`` reads members from it), named by a random token that
the form carries signed with the user and the target; confirm re-reads it, re-plans, and
applies only when the plan's fingerprint is the one previewed. The file is deleted after
confirming, and files older than a day are swept on each upload.
"""

from __future__ import annotations

import secrets
import tempfile
import time
from pathlib import Path

from django import forms
from django.contrib import admin
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse

from labsite.models import Lab
from labsite.permissions import acting_lab, scope_for
from people.models import Person
from siteimport.formats import FORMAT_LABELS, UnknownSiteFormat, installed_formats, read_site
from siteimport.scholar_data import check_given_size
from siteimport.source import (
    UnreadableSite,
    ZipSiteSource,
    describe_size,
    max_archive_bytes,
)
from siteimport.text.frontmatter import SiteFileError
from siteimport.writing import SiteImportFailed, apply_site_import, plan_site_import

_SALT = "siteimport.upload"
_MAX_AGE = 24 * 3600


def upload_folder() -> Path:
    folder = Path(tempfile.gettempdir()) / "labsite-site-imports"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def _theme_choices() -> list[tuple[str, str]]:
    return [("auto", "Recognise it from its files"),
            *((name, FORMAT_LABELS.get(name, name)) for name in installed_formats())]


class SiteUploadForm(forms.Form):
    archive = forms.FileField(help_text="The site as a .zip (GitHub: Code → Download ZIP).")
    theme = forms.ChoiceField(
        choices=_theme_choices, initial="auto", required=False,
        help_text="The theme the site was built with; labsite recognises it from its files "
        "unless you choose one.",
    )
    scholar_data = forms.FileField(
        label="Google Scholar data (gs_data.json)", required=False,
        help_text="Optional: the gs_data.json AcadHomepage's crawler writes to the "
        "google-scholar-stats branch, for citation counts, Scholar ids and papers.",
    )

    def clean_archive(self):
        upload = self.cleaned_data["archive"]
        if upload.size > max_archive_bytes():
            raise forms.ValidationError(
                f"The archive is larger than {describe_size(max_archive_bytes())}."
            )
        return upload

    def clean_scholar_data(self):
        upload = self.cleaned_data.get("scholar_data")
        if upload:
            try:
                check_given_size(upload.size, upload.name)
            except SiteFileError as error:
                raise forms.ValidationError(str(error)) from None
        return upload


def person_import_view(request, pk):
    scope = scope_for(request)
    lab = acting_lab(request, None if scope.is_superuser else scope.lab_ids)
    if lab is None:
        raise Http404
    person = Person.objects.for_lab(lab).filter(pk=pk).first()
    if person is None:
        raise Http404  # another lab's person is not there at all
    if not scope.edits(lab.pk) and person.pk not in scope.person_ids:
        raise PermissionDenied
    return _import(request, lab=lab, person=person, target=f"person:{person.pk}")


def lab_import_view(request, pk):
    scope = scope_for(request)
    if not scope.administers(pk):
        raise Http404  # another lab is not there at all
    lab = Lab.objects.filter(pk=pk).first()
    if lab is None:
        raise Http404
    return _import(request, lab=lab, person=None, target=f"lab:{lab.pk}")


def _import(request, *, lab, person, target):
    context = {**admin.site.each_context(request), "lab": lab, "person": person,
               "title": f"Import a site into {person or lab}"}
    form = SiteUploadForm()
    if request.method == "POST" and "confirm" in request.POST:
        return _confirm(request, lab=lab, person=person, target=target, context=context)
    if request.method == "POST":
        form = SiteUploadForm(request.POST, request.FILES)
        if form.is_valid():
            _sweep()
            token = secrets.token_hex(16)
            path = upload_folder() / f"{token}.zip"
            _save(form.cleaned_data["archive"], path)
            if form.cleaned_data.get("scholar_data"):
                _save(form.cleaned_data["scholar_data"], _scholar_path(path))
            theme = form.cleaned_data["theme"] or "auto"
            plan, _, error = _plan(path, lab=lab, person=person, user=request.user,
                                   theme=theme)
            if error:
                _delete(path)
                form.add_error(None, error)
            else:
                signed = signing.dumps([token, request.user.pk, target, theme], salt=_SALT)
                context.update(plan=plan, token=signed, fingerprint=plan.fingerprint())
    context["form"] = form
    return TemplateResponse(request, "admin/siteimport/import.html", context)


def _confirm(request, *, lab, person, target, context):
    try:
        token, user_id, signed_target, *rest = signing.loads(
            request.POST.get("token", ""), salt=_SALT, max_age=_MAX_AGE)
    except (signing.BadSignature, ValueError):  # a token of another shape: not ours
        raise PermissionDenied from None
    theme = rest[0] if rest else "auto"  # a preview made before the theme was chosen
    if user_id != request.user.pk or signed_target != target:
        raise PermissionDenied
    path = upload_folder() / f"{token}.zip"
    if not path.exists():
        context["error"] = "The upload has expired; please upload the archive again."
    else:
        plan, source, error = _plan(path, lab=lab, person=person, user=request.user,
                                    theme=theme)
        if error:
            context["error"] = error
        elif plan.fingerprint() != request.POST.get("fingerprint"):
            context["error"] = ("The site or the page changed since the preview; nothing was "
                                "imported. Please upload the archive again.")
        else:
            try:
                apply_site_import(plan=plan, source=source)
            except SiteImportFailed as failure:
                context["error"] = str(failure)
            else:
                context["report"] = plan
                _delete(path)
    context["form"] = SiteUploadForm()
    return TemplateResponse(request, "admin/siteimport/import.html", context)


def _scholar_path(path: Path) -> Path:
    """Where the gs_data.json uploaded with the archive at ``path`` waits beside it."""
    return path.with_suffix(".gs_data.json")


def _save(upload, path: Path) -> None:
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)


def _delete(path: Path) -> None:
    path.unlink(missing_ok=True)
    _scholar_path(path).unlink(missing_ok=True)


def _plan(path, *, lab, person, user, theme: str = "auto"):
    """(plan, source, None) or (None, None, a message for the user)."""
    scholar = _scholar_path(path)
    try:
        source = ZipSiteSource(path, name="the archive")
        given = scholar.read_bytes() if scholar.exists() else None
        site = read_site(source, theme, scholar_data=given)
        plan = plan_site_import(site=site, lab=lab, person=person, acting_user=user,
                                source=source)
        return plan, source, None
    except (UnreadableSite, UnknownSiteFormat, SiteFileError) as error:
        return None, None, str(error)


def _sweep() -> None:
    cutoff = time.time() - _MAX_AGE
    for old in [*upload_folder().glob("*.zip"), *upload_folder().glob("*.gs_data.json")]:
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
