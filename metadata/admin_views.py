"""Admin "Fresh metadata" of a lab (``/admin/metadata/lab/<pk>/``, that lab's admins only;
404 to everyone else, as if the lab were not there): its settings, the next scheduled run,
the last runs, the sources' statuses, and "Refresh now", which enqueues each enabled
source for the worker, so the page never waits on the network. And "Review and import" of
found works: they become an import preview of the one who asked (the publication import's
own pages)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.files.base import ContentFile
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode

from labsite.models import Lab
from labsite.permissions import scope_for
from metadata.forms import LabMetadataSettingsForm
from metadata.lab_settings import save_lab_settings, settings_for
from metadata.models import Source
from metadata.schedule import next_scheduled_run, recent_runs
from metadata.status_text import run_summary, source_status_lines
from metadata.tasks import enqueue_enabled_sources
from publications.admin_import import plan_uploads
from publications.imports.uploads import UploadQuotaExceeded, store_uploads

_EXTENSIONS = {"orcid-json": "json", "bibtex": "bib"}


def _administered_lab(request, pk) -> Lab:
    if not scope_for(request).administers(pk):
        raise Http404  # another lab is not there at all
    lab = Lab.objects.filter(pk=pk).first()
    if lab is None:
        raise Http404
    return lab


def lab_metadata_view(request, pk):
    lab = _administered_lab(request, pk)
    row = settings_for(lab)
    form = LabMetadataSettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        due = save_lab_settings(row=form.instance)
        when = f"next refresh {due:%Y-%m-%d %H:%M}" if due else "no automatic refresh"
        messages.success(request, f"Fresh metadata settings of {lab} saved; {when}.")
        return HttpResponseRedirect(reverse("metadata_lab", args=[lab.pk]))
    context = {
        **admin.site.each_context(request), "lab": lab, "title": f"Fresh metadata of {lab}",
        "form": form, "next_run": next_scheduled_run(lab), "schedule": row.schedule,
        "runs": [run_summary(run) for run in recent_runs(lab)],
        "sources": source_status_lines(row.enabled_sources),
    }  # fmt: skip
    return TemplateResponse(request, "metadata/lab_metadata.html", context)


def lab_refresh_view(request, pk):
    """POST: "Refresh now"; a GET shows the lab's Fresh metadata page."""
    lab = _administered_lab(request, pk)
    if request.method == "POST":
        enabled = settings_for(lab).enabled_sources
        if not enabled:
            messages.warning(request, f"No source is enabled for {lab}: enable one first.")
        else:
            results = enqueue_enabled_sources(lab)
            labels = ", ".join(Source(source).label for source in enabled)
            messages.success(
                request, f"Refresh of {lab} queued ({labels}; {len(results)} task(s)); "
                "counts update when the worker has run it.",
            )  # fmt: skip
    return HttpResponseRedirect(reverse("metadata_lab", args=[lab.pk]))


def open_for_review(request, queryset):
    """One found-works row (of ``queryset``, already scoped by its admin) → an import
    preview batch of ``request.user``'s, shown by the import page; the row is deleted (the
    next refresh finds what is still missing again)."""
    found = list(queryset.select_related("lab", "person")[:2])
    if len(found) != 1:
        messages.error(request, "Choose one row to review.")
        return None
    found = found[0]
    name = f"{found.get_source_display()} works of {found.person.full_name}"[:250]
    extension = _EXTENSIONS.get(found.format, "txt")
    upload = ContentFile(found.works.encode(), name=f"{name}.{extension}")
    try:
        uploads = store_uploads(lab=found.lab, user=request.user, person=found.person,
                                format=found.format, files=[upload])
    except UploadQuotaExceeded as error:
        messages.error(request, str(error))
        return None
    plan = plan_uploads(found.lab, uploads, person=found.person,
                        as_member=not scope_for(request).edits(found.lab_id))
    found.delete()
    query = urlencode({"batch": uploads[0].batch, "fingerprint": plan.fingerprint()})
    return HttpResponseRedirect(reverse("admin:publications_publication_import") + "?" + query)
