"""Public publication pages: the lab list, one paper, BibTeX of either."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from labsite.cache import cached_page
from publications import bibtex, citation
from publications.filters import FILTER_PARAMETERS, filter_choices, parse_filters
from publications.list_settings import kind_headings, list_display, list_settings_for
from publications.models import Publication
from publications.queries import group_entries, load_entries
from publications.rendering import authors_html, entries_html

BIBTEX_CONTENT_TYPE = "application/x-bibtex; charset=utf-8"


def _lab(request):
    if getattr(request, "lab", None) is None:
        raise Http404("No lab is served on this host.")
    return request.lab


@cached_page(query=FILTER_PARAMETERS)
@require_safe
def publication_list(request):
    lab = _lab(request)
    settings = list_settings_for(lab)
    filters = parse_filters(lab, request.GET, default_group=settings.grouping)
    publications = filters.apply(Publication.objects.for_lab(lab)).in_list_order()
    entries = load_entries(lab, publications)
    groups = group_entries(entries, filters.group, kind_headings(settings))
    display = list_display(settings)
    for group in groups:
        group.html = entries_html(group.entries, display)
    context = {
        "filters": filters,
        "groups": groups,
        "total": len(entries),
        "choices": filter_choices(lab),
        "has_equal_contribution": any(entry.has_equal_contribution for entry in entries),
        "has_corresponding": any(entry.has_corresponding for entry in entries),
        "bibtex_query": filters.querystring(group=""),
    }
    return render(request, "publications/list.html", context)


@cached_page()
@require_safe
def publication_detail(request, slug):
    lab = _lab(request)
    publication = get_object_or_404(Publication.objects.for_lab(lab), slug=slug)
    (entry,) = load_entries(lab, Publication.objects.for_lab(lab).filter(pk=publication.pk))
    awards = publication.awards.filter(lab=lab)
    tags = publication.tags.filter(lab=lab)
    links = entry.all_links()
    if list_settings_for(lab).show_metric_links:
        links += entry.metric_links()
    page_url = request.build_absolute_uri(publication.get_absolute_url())
    context = {
        "publication": publication,
        "entry": entry,
        "authors": authors_html(entry),
        "links": links,
        "awards": awards,
        "tags": tags,
        "bibtex": bibtex.render_bibtex([entry]).strip(),
        "citation_meta": citation.highwire_tags(publication, entry),
        "json_ld": citation.scholarly_article(
            publication, entry, page_url=page_url, request=request
        ),
    }
    return render(request, "publications/detail.html", context)


def _bibtex_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type=BIBTEX_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@cached_page()
@require_safe
def publication_bibtex(request, slug):
    lab = _lab(request)
    publication = get_object_or_404(Publication.objects.for_lab(lab), slug=slug)
    (entry,) = load_entries(lab, Publication.objects.for_lab(lab).filter(pk=publication.pk))
    text = bibtex.render_bibtex([entry])
    return _bibtex_response(text, f"{bibtex.key_base(entry)}.bib")


@cached_page(query=FILTER_PARAMETERS)
@require_safe
def publication_list_bibtex(request):
    lab = _lab(request)
    filters = parse_filters(lab, request.GET)
    publications = filters.apply(Publication.objects.for_lab(lab)).in_list_order()
    entries = load_entries(lab, publications)
    text = bibtex.render_bibtex(entries)
    if not entries:
        text = "% No publications match these filters.\n"
    return _bibtex_response(text, f"{lab.slug}-publications.bib")
