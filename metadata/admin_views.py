"""Admin "Refresh metadata now" on a lab (``/admin/metadata/lab/<pk>/refresh/``, that
lab's admins): shows the sources' statuses; a POST enqueues ``refresh_lab`` for the worker,
so the page never waits on the network."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from labsite.models import Lab
from labsite.permissions import scope_for
from metadata.models import Source, SourceStatus
from metadata.tasks import refresh_lab


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
