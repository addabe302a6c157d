from functools import cache

from labsite.branding import brand_for
from labsite.seo import canonical_base_url, primary_host
from labsite.theme import theme_from_request


def lab(request):
    """The current lab, its brand colours, the theme and canonical base URL, for every
    template.

    ``canonical_base_url`` is computed only when a template uses it (the 503 page is
    rendered while the database is down and must not query it).
    """
    current_lab = getattr(request, "lab", None)

    @cache
    def canonical():
        return canonical_base_url(request)

    @cache
    def lab_url_base():
        # On a member's own domain, links to lab pages go to the lab's host.
        if getattr(request, "homepage_person_id", None) is None or current_lab is None:
            return ""
        host = primary_host(current_lab)
        return f"{request.scheme}://{host}" if host else ""

    return {
        "lab": current_lab,
        "site_base_url": f"{request.scheme}://{request.get_host()}",
        "canonical_base_url": canonical,
        "lab_url_base": lab_url_base,
        "brand": brand_for(current_lab) if current_lab is not None else None,
        "theme": theme_from_request(request),
    }
