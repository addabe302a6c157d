"""The lab's awards page: honours of members and papers, by year."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from awards.models import Award
from awards.sections import attach_urls
from labsite.cache import cached_page


@cached_page()
@require_GET
def award_list(request):
    if request.lab is None:
        raise Http404("No lab is served on this host.")
    awards = attach_urls(
        list(Award.objects.for_lab(request.lab).for_lists())
    )
    return render(request, "awards/list.html", {"awards": awards})
