from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from labsite.cache import PerLabMemo, cached_page
from labsite.home import home_sources
from labsite.models import favicon_url
from labsite.sections import LabSection, SectionKind, compose

# The home page's section rows, per process until the lab changes (labsite.cache).
_home_rows = PerLabMemo(lambda lab: list(LabSection.objects.for_lab(lab)))


@cached_page()
@require_GET
def home(request):
    lab = request.lab
    if lab is None:
        raise Http404("No lab is served on this host.")
    sections = compose(request, lab, _home_rows.get(lab), home_sources)
    # A leading about section sits beside the Explore card, as the lab's introduction.
    lead = sections[0] if sections and sections[0].kind == SectionKind.ABOUT else None
    rest = sections[1:] if lead else sections
    return render(request, "labsite/home.html", {"lead": lead, "sections": rest})


@never_cache
@require_GET
def healthz(request):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@cached_page()
@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/"]
    if request.lab is not None:
        lines.append(f"Sitemap: {request.scheme}://{request.get_host()}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@cache_control(max_age=3600)
@require_GET
def favicon_ico(request):
    """Browsers ask every host for /favicon.ico: send them to the lab's icon."""
    return HttpResponseRedirect(favicon_url(getattr(request, "lab", None)))
