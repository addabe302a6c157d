"""Public news pages of a lab: the list and one item."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from labsite.cache import cached_page
from labsite.permissions import labs_edited_by
from news.models import NewsItem
from news.sections import attach_urls

NEWS_PER_PAGE = 20


def _lab(request):
    if request.lab is None:
        raise Http404("No lab is served on this host.")
    return request.lab


@cached_page(query=("page",))
@require_GET
def news_list(request):
    lab = _lab(request)
    items = (
        NewsItem.objects.for_lab(lab)
        .published()
        .for_lists()
        .pinned_first()
    )
    paginator = Paginator(items, NEWS_PER_PAGE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except (PageNotAnInteger, EmptyPage) as error:
        raise Http404("There is no such page of news.") from error
    return render(
        request,
        "news/list.html",
        {"page_obj": page, "items": attach_urls(list(page.object_list)), "paginator": paginator},
    )


@cached_page()
@require_GET
def news_detail(request, slug):
    lab = _lab(request)
    item = get_object_or_404(
        NewsItem.objects.for_lab(lab).select_related("person", "publication"), slug=slug
    )
    preview = not item.is_public
    if preview and not _may_preview(request.user, item):
        raise Http404("No such news item.")
    attach_urls([item])
    response = render(request, "news/detail.html", {"item": item, "preview": preview})
    if preview:
        # A draft seen by its editor must never land in a shared cache.
        add_never_cache_headers(response)
    return response


def _may_preview(user, item) -> bool:
    """Editors of the lab, and the member the item belongs to, see drafts and future items."""
    if not user.is_authenticated or not user.is_staff:
        return False
    if item.person_id and item.person.user_id == user.pk:
        return True
    return labs_edited_by(user).filter(pk=item.lab_id).exists()
