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
from siteimport.formats import UnknownSiteFormat, read_site
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


class SiteUploadForm(forms.Form):
    archive = forms.FileField(help_text="The site as a .zip (GitHub: Code → Download ZIP).")

    def clean_archive(self):
        upload = self.cleaned_data["archive"]
        if upload.size > max_archive_bytes():
            raise forms.ValidationError(
                f"The archive is larger than {describe_size(max_archive_bytes())}."
            )
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
            with path.open("wb") as out:
                for chunk in form.cleaned_data["archive"].chunks():
                    out.write(chunk)
            plan, _, error = _plan(path, lab=lab, person=person, user=request.user)
            if error:
                path.unlink(missing_ok=True)
                form.add_error("archive", error)
            else:
                signed = signing.dumps([token, request.user.pk, target], salt=_SALT)
                context.update(plan=plan, token=signed, fingerprint=plan.fingerprint())
    context["form"] = form
    return TemplateResponse(request, "admin/siteimport/import.html", context)


def _confirm(request, *, lab, person, target, context):
    try:
        token, user_id, signed_target = signing.loads(
            request.POST.get("token", ""), salt=_SALT, max_age=_MAX_AGE)
    except signing.BadSignature:
        raise PermissionDenied from None
    if user_id != request.user.pk or signed_target != target:
        raise PermissionDenied
    path = upload_folder() / f"{token}.zip"
    if not path.exists():
        context["error"] = "The upload has expired; please upload the archive again."
    else:
        plan, source, error = _plan(path, lab=lab, person=person, user=request.user)
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
                path.unlink(missing_ok=True)
    context["form"] = SiteUploadForm()
    return TemplateResponse(request, "admin/siteimport/import.html", context)


def _plan(path, *, lab, person, user):
    """(plan, source, None) or (None, None, a message for the user)."""
    try:
        source = ZipSiteSource(path, name="the archive")
        site = read_site(source)
        plan = plan_site_import(site=site, lab=lab, person=person, acting_user=user,
                                source=source)
        return plan, source, None
    except (UnreadableSite, UnknownSiteFormat, SiteFileError) as error:
        return None, None, str(error)


def _sweep() -> None:
    cutoff = time.time() - _MAX_AGE
    for old in upload_folder().glob("*.zip"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
