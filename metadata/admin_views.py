"""Admin "Refresh metadata now" on a lab (``/admin/metadata/lab/<pk>/refresh/``, that
lab's admins): shows the sources' statuses; a POST enqueues ``refresh_lab`` for the worker,
so the page never waits on the network. And "Review and import" of found works: they
become an import preview of the one who asked (the publication import's own pages)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.files.base import ContentFile
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from labsite.models import Lab
from labsite.permissions import scope_for
from metadata.models import Source, SourceStatus
from metadata.tasks import refresh_lab
from publications.admin_import import plan_uploads
from publications.imports.uploads import UploadQuotaExceeded, store_uploads

_EXTENSIONS = {"orcid-json": "json", "bibtex": "bib"}


def lab_refresh_view(request, pk):
    if not scope_for(request).administers(pk):
        raise Http404  # another lab is not there at all
    lab = Lab.objects.filter(pk=pk).first()
    if lab is None:
        raise Http404
    if request.method == "POST":
        result = refresh_lab.enqueue(lab.id, Source.OPENALEX)
        messages.success(request, f"Refresh of {lab} queued (task {result.id}); counts "
                                  "update when the worker has run it.")
        return HttpResponseRedirect(reverse("admin:labsite_lab_change", args=[lab.pk]))
    statuses = {row.source: row for row in SourceStatus.objects.all()}
    context = {
        **admin.site.each_context(request), "lab": lab, "title": f"Refresh metadata of {lab}",
        "now": timezone.now(),
        "sources": [(label, statuses.get(value)) for value, label in Source.choices],
    }
    return TemplateResponse(request, "metadata/refresh_lab.html", context)


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
