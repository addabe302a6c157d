"""Light/dark theme choice that works without JavaScript.

Without a choice the pages follow ``prefers-color-scheme``. The toggle in the header is a
plain link to ``/theme/?set=dark&next=/current/path``: this view stores the choice in a
cookie and sends the visitor back, and the server renders ``data-theme`` on ``<html>``.
With JavaScript (static/labsite/site.js) the toggle flips the attribute at once and
writes the same cookie, so the next page is rendered in the chosen theme.
"""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

THEME_COOKIE = "theme"
THEMES = ("light", "dark")
ONE_YEAR = 365 * 24 * 3600


def theme_from_request(request) -> str:
    """``"light"``, ``"dark"``, or ``""`` when the visitor follows the system setting."""
    value = request.COOKIES.get(THEME_COOKIE, "")
    return value if value in THEMES else ""


@require_GET
def set_theme(request):
    choice = request.GET.get("set", "")
    target = request.GET.get("next", "") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/"):
        target = "/"
    response = HttpResponseRedirect(target)
    if choice in THEMES:
        response.set_cookie(THEME_COOKIE, choice, max_age=ONE_YEAR, samesite="Lax")
    else:  # "auto" or anything else: follow the system again
        response.delete_cookie(THEME_COOKIE, samesite="Lax")
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "no-store"
    return response
