"""The static server's side of publishing: the fixed CSP it sends, and an nginx site.

``nginx_site()`` is what docs/static-serving.md shows and what the nginx test runs, so the
two cannot drift apart. Published files answer anonymous ``GET``/``HEAD`` requests without
a query string; everything else (admin, filtered lists, a logged-in editor's drafts and
previews, a visitor who picked a theme, any path not published) goes to the app.
"""

from __future__ import annotations

from django.conf import settings

from labsite.csp import directives
from labsite.theme import THEME_COOKIE
from publishing.paths import CONTENT_TYPES

# Paths that are always the app's, published or not.
APP_PREFIXES = ("admin", "static", "media", "markdownx", "healthz", "theme")
HOST_PATTERN = r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$"  # as Domain.host accepts


def static_policy(*, https: bool | None = None) -> str:
    """The page's Content-Security-Policy without a nonce: what a static server sends."""
    https = settings.HTTPS if https is None else https
    policy = directives(nonce=None, self_="'self'", none="'none'", https=https)
    parts = []
    for name, values in policy.items():
        if values is True:
            parts.append(name)
        else:
            parts.append(" ".join([name, *(value for value in values if value is not None)]))
    return "; ".join(parts)


def _static_headers(indent: str) -> str:
    headers = {
        "Content-Security-Policy": static_policy(),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": settings.SECURE_REFERRER_POLICY,
        "Cross-Origin-Opener-Policy": settings.SECURE_CROSS_ORIGIN_OPENER_POLICY,
        "Cache-Control": "no-cache",  # revalidate: an edit shows on the next request
    }
    if settings.SECURE_HSTS_SECONDS:  # as SecurityMiddleware sends it (settings.HTTPS)
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            hsts += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            hsts += "; preload"
        headers["Strict-Transport-Security"] = hsts
    return "\n".join(f'{indent}add_header {name} "{value}" always;'
                     for name, value in headers.items())


def nginx_site(*, root: str, listen: str, app: str) -> str:
    """An nginx ``http``-level include: the published tree under ``root``, the app at
    ``app`` (``host:port`` or ``unix:/path``) for everything else."""
    mime = " ".join(f"{ctype.split(';')[0]} {ext};" for ext, ctype in CONTENT_TYPES.items())
    # nginx adds "; charset=utf-8" to text/html itself, and to these when listed.
    charset_types = " ".join(
        ctype.split(";")[0] for ctype in CONTENT_TYPES.values() if not ctype.startswith("text/html")
    )
    to_app = (
        '        if ($request_method !~ ^(GET|HEAD)$) { return 418; }\n'
        '        if ($args) { return 418; }  # filtered lists are the app\'s\n'
        f'        if ($cookie_{settings.SESSION_COOKIE_NAME}) {{ return 418; }}'
        '  # editors: drafts, previews\n'
        f'        if ($cookie_{THEME_COOKIE}) {{ return 418; }}  # a chosen theme\n'
    )
    headers = _static_headers("        ")
    site = "/$labsite_published_host"
    return f"""\
# labsite: published pages from files, everything else from the app (publishing/serverconf.py)
map $host $labsite_published_host {{
    "~{HOST_PATTERN}" $host;
    default "-";
}}

server {{
    listen {listen};
    root {root};
    charset utf-8;
    charset_types {charset_types};
    types {{ {mime} }}
    error_page 418 = @app;

    location ~ ^/({'|'.join(APP_PREFIXES)})(/|$) {{
        return 418;
    }}

    location ~ /$ {{
{to_app}{headers}
        try_files {site}${{uri}}index.html {site}${{uri}}index.atom @app;
    }}

    location / {{
{to_app}{headers}
        try_files {site}$uri @app;
    }}

    location @app {{
        proxy_pass http://{app};
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
    }}
}}
"""
