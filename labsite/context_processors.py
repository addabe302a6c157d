from functools import cache

from labsite.branding import brand_for
from labsite.dates import DEFAULT_STYLE
from labsite.seo import canonical_base_url
from labsite.tenancy import lab_base_url
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

    return {
        "lab": current_lab,
        "site_base_url": f"{request.scheme}://{request.get_host()}",
        "canonical_base_url": canonical,
        # On a member's own domain, links to lab pages go to the lab's host.
        "lab_url_base": (lambda: lab_base_url(request)) if current_lab is not None else "",
        "brand": brand_for(current_lab) if current_lab is not None else None,
        "theme": theme_from_request(request),
        # How dates read (labsite/dates.py); a member's homepage puts their own here.
        "date_style": current_lab.date_format if current_lab is not None else DEFAULT_STYLE,
    }
