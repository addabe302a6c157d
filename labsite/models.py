"""Tenancy: a ``Lab`` is a tenant, reached through its ``Domain`` hosts.

Every model a lab owns subclasses :class:`TenantModel`, so it has a non-null ``lab``
and a manager whose QuerySet starts every read with ``.for_lab(lab)``.
"""

import re
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.templatetags.static import static
from django.urls import reverse
from django.utils.functional import cached_property

from labsite import scoping
from labsite.dates import DATE_STYLE_HELP, DEFAULT_STYLE, DateStyle
from labsite.images import ImageRecipe, ProcessedImageField, lab_media_dir
from labsite.links import is_site_path, validate_site_path_or_web_url
from labsite.markdown import render_markdown
from labsite.scoping import ScopeCheckedQuerySet, unscoped

hex_colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", "Enter a colour as # followed by six hex digits, e.g. #1f5f8b."
)


class TenantQuerySet(ScopeCheckedQuerySet):
    """The only way views read tenant rows: ``Model.objects.for_lab(request.lab)``.

    Reads that skip it fail in tests (``labsite/scoping.py``)."""

    def for_lab(self, lab):
        """Rows of ``lab`` (a ``Lab`` or its id); none for no lab."""
        if lab is None:
            return self.none()
        scoped = self.filter(lab=lab)  # a new QuerySet already: no second clone to mark it
        scoped._lab_scope = "lab"
        return scoped

    def for_labs(self, labs):
        """Rows of any of ``labs`` (``Lab`` rows or ids): an admin user's labs."""
        return scoping.for_labs(self, labs)

    def with_related_fields(self, **fields_of):
        """``select_related`` of each relation named, loading only the fields given for it
        (and all of this model's): a list that shows a paper's title reads no abstract."""
        own = [field.name for field in self.model._meta.concrete_fields]
        shown = [f"{relation}__{name}" for relation, names in fields_of.items() for name in names]
        return self.select_related(*fields_of).only(*own, *shown)


class TenantModel(models.Model):
    """Base for every row a lab owns."""

    lab = models.ForeignKey("labsite.Lab", on_delete=models.CASCADE, related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True

    # Django's unique and constraint checks look rows up by this row's own unique values
    # through the default manager; the answer is only "taken" or not.
    def validate_unique(self, exclude=None):
        with unscoped("unique checks of the row being validated"):
            super().validate_unique(exclude=exclude)

    def validate_constraints(self, exclude=None):
        with unscoped("constraint checks of the row being validated"):
            super().validate_constraints(exclude=exclude)

    def clean(self):
        super().clean()
        # Related rows must belong to the same lab: forms scope their choices, and this
        # catches everything else (crafted posts, shell, services).
        if not self.lab_id:
            return
        for field in self._meta.concrete_fields:
            if not field.is_relation or field.name == "lab":
                continue
            related_model = field.related_model
            if not issubclass(related_model, TenantModel):
                continue
            related_id = getattr(self, field.attname)
            if related_id is None:
                continue
            if not related_model._base_manager.filter(pk=related_id, lab_id=self.lab_id).exists():
                raise ValidationError({field.name: "Choose an item of the same lab."})


LOGO_MAX_SIDE = 512
FAVICON_MAX_SIDE = 256
# Logos and icons keep their transparency (as PNG).
LOGO_RECIPE = ImageRecipe(max_side=LOGO_MAX_SIDE, keep_alpha=True)
FAVICON_RECIPE = ImageRecipe(max_side=FAVICON_MAX_SIDE, keep_alpha=True)


def lab_branding_directory(lab) -> str:
    return lab_media_dir(lab.slug, "branding")


def lab_branding_upload_to(lab, filename: str) -> str:
    """Where an upload that skipped re-encoding would go: still the lab's own folder."""
    return f"{lab_branding_directory(lab)}/{filename}"


class Lab(models.Model):
    slug = models.SlugField(unique=True, help_text="Short name used in commands and URLs.")
    name = models.CharField(max_length=200)
    tagline = models.CharField(max_length=300, blank=True, help_text="One line under the name.")
    about = models.TextField(blank=True, help_text="Markdown. Shown on the lab home page.")
    about_html = models.TextField(blank=True, editable=False)
    institution = models.CharField(max_length=200, blank=True)
    address = models.TextField(blank=True)
    email = models.EmailField(blank=True, help_text="Public contact address of the lab.")
    # Re-encoded by the field on save (only the pixels are kept, transparency included)
    # into the lab's own media folder; see labsite/images.py.
    logo = ProcessedImageField(
        upload_to=lab_branding_upload_to,
        recipe=LOGO_RECIPE,
        directory=lab_branding_directory,
        blank=True,
        help_text="Shown next to the lab name in the header; a square or wide PNG works best. "
        "JPEG, PNG or WebP, up to 10 MB.",
    )
    favicon = ProcessedImageField(
        upload_to=lab_branding_upload_to,
        recipe=FAVICON_RECIPE,
        directory=lab_branding_directory,
        blank=True,
        help_text="Browser tab icon: a square PNG, at least 64×64 pixels. Empty: a default icon.",
    )
    accent_colour = models.CharField(
        max_length=7,
        default="#1f5f8b",
        validators=[hex_colour_validator],
        help_text="Brand colour for links and buttons. Darkened automatically if it is too "
        "light to read.",
    )
    footer_text = models.CharField(max_length=300, blank=True)
    date_format = models.CharField(
        max_length=20,
        choices=DateStyle.choices,
        default=DEFAULT_STYLE,
        help_text=DATE_STYLE_HELP + " Used on the lab's pages and on homepages whose member "
        "chose none.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.about_html = render_markdown(self.about)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("home")

    @cached_property
    def primary_domain(self):
        """The host used for canonical URLs: the first lab-wide domain.

        Cached on the instance; the lab that host resolution caches carries it (tenancy.py),
        so pages pay no query for it."""
        domain = (
            Domain.objects.filter(lab=self, person__isnull=True)
            .order_by("-is_primary", "pk")
            .values_list("host", flat=True)
            .first()
        )
        return domain or ""


def favicon_url(lab) -> str:
    """The browser tab icon: the lab's own, else labsite's (also with no lab)."""
    if lab is not None and lab.favicon:
        return lab.favicon.url
    return static("labsite/favicon.svg")


class Domain(models.Model):
    """A host name that serves a lab, or (with ``person``) one member's homepage."""

    host = models.CharField(
        max_length=253,
        help_text="Host name without scheme or port, e.g. lab.example.edu.",
        validators=[
            RegexValidator(
                r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$",
                "Enter a host name such as lab.example.edu (lower case, no scheme or port).",
            )
        ],
    )
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="domains")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="domains",
        help_text="Set this for a member's own domain: it then serves their homepage at /.",
    )
    is_primary = models.BooleanField(
        default=False, help_text="Use this host for canonical links of the lab."
    )

    class Meta:
        ordering = ["host"]
        constraints = [
            models.UniqueConstraint(Lower("host"), name="domain_host_unique_ci"),
        ]

    def __str__(self):
        return self.host

    def save(self, *args, **kwargs):
        self.host = normalise_host(self.host)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.host = normalise_host(self.host)
        if self.person_id and self.lab_id and self.person.lab_id != self.lab_id:
            raise ValidationError({"person": "Choose a member of the same lab."})


_PORT_SUFFIX = re.compile(r":\d+$")


def normalise_host(host: str) -> str:
    """``Lab.Example.org:8000`` and ``lab.example.org.`` are the same host."""
    host = (host or "").strip().lower()
    if host.startswith("["):  # IPv6 literal with optional port
        return host.split("]", 1)[0] + "]"
    return _PORT_SUFFIX.sub("", host).rstrip(".")


REDIRECT_PATH_MAX_CHARS = 500


def normalise_old_path(value: str) -> str:
    """The path part of what was typed, as ``request.path`` spells it: ``about.html``,
    ``https://old.example.org/about.html?lang=en`` and ``/about%2Ehtml`` are ``/about.html``."""
    value = (value or "").strip()
    if "://" in value:
        value = urlsplit(value).path
    value = value.split("#", 1)[0].split("?", 1)[0]
    value = unquote(value)
    return "/" + value.lstrip("/")


class Redirect(TenantModel):
    """An old address of a lab's or member's former site that now answers with a 301.

    Applied only where the page would otherwise be a 404 (labsite/redirects.py), so a
    redirect can never hide a page of the site. ``host`` is a host name, not a key: it only
    ever matches on a host that serves this lab, and an archive restores it before the
    lab's domains (the admin form offers, and checks, the lab's own hosts)."""

    host = models.CharField(
        max_length=253,
        blank=True,
        help_text="Only on this host of the lab (e.g. a member's own domain). Empty: on every "
        "host of the lab, members' own domains included.",
    )
    old_path = models.CharField(
        max_length=REDIRECT_PATH_MAX_CHARS,
        help_text="The old address's path, e.g. /about.html; the query (?…) is ignored. A full "
        "old URL may be pasted: only its path is kept.",
    )
    target = models.CharField(
        max_length=500,
        validators=[validate_site_path_or_web_url],
        help_text="Where it now goes: a path on this site such as /people/ada/, or a full "
        "address starting with https://.",
    )
    note = models.CharField(
        max_length=200, blank=True, help_text="Optional: why the redirect exists."
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_path", "host"]
        constraints = [
            # Also the index of the one look-up per 404: lab, then path, then host.
            models.UniqueConstraint(
                fields=["lab", "old_path", "host"], name="redirect_one_per_path_and_host"
            ),
        ]

    def __str__(self):
        return f"{self.host or '(all hosts)'}{self.old_path} → {self.target}"

    def save(self, *args, **kwargs):
        self.old_path = normalise_old_path(self.old_path)
        self.host = normalise_host(self.host)
        super().save(*args, **kwargs)

    def clean(self):
        self.old_path = normalise_old_path(self.old_path)
        self.host = normalise_host(self.host)
        super().clean()
        if len(self.old_path) > REDIRECT_PATH_MAX_CHARS:
            raise ValidationError(
                {"old_path": f"Keep the old path under {REDIRECT_PATH_MAX_CHARS} characters."}
            )
        if not self.lab_id:
            return
        if is_site_path(self.target) and normalise_old_path(self.target) == self.old_path:
            raise ValidationError({"target": "The target is the old path itself: a loop."})
        limit = settings.LABSITE_REDIRECTS_PER_LAB
        others = Redirect.objects.for_lab(self.lab_id).exclude(pk=self.pk)
        if self._state.adding and others.count() >= limit:
            raise ValidationError(
                f"A lab has at most {limit} redirects (LABSITE_REDIRECTS_PER_LAB): delete "
                "old ones first."
            )


class LabRole(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", "Lab admin"
        EDITOR = "editor", "Lab editor"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lab_roles"
    )
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(
        max_length=10,
        choices=Role.choices,
        default=Role.EDITOR,
        help_text="Admins also manage roles and domains; editors manage all content.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "lab"], name="labrole_one_role_per_lab"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} of {self.lab}"


class LoginFailure(models.Model):
    """Failed admin logins, counted in the database so every worker and server agrees.

    Not a tenant row: logins are platform-wide. ``key`` is a hash, never a username or an
    address in clear. Written and read only by ``labsite/throttle.py``; pruned there.
    """

    class Scope(models.TextChoices):
        PAIR = "pair", "One username from one address"
        USERNAME = "username", "One username from any address"
        ADDRESS = "address", "Any username from one address"

    scope = models.CharField(max_length=10, choices=Scope.choices)
    key = models.CharField(
        max_length=64, help_text="SHA-256 of the case-folded username and/or client address."
    )
    failures = models.PositiveIntegerField(
        default=0, help_text="Failures since the count was last forgotten (see last_failure)."
    )
    last_failure = models.DateTimeField(db_index=True)
    blocked_until = models.DateTimeField(
        null=True, blank=True, help_text="Pairs only: no password is checked before this time."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="loginfailure_one_row_per_key"),
        ]

    def __str__(self):
        return f"{self.get_scope_display()}: {self.failures} failure(s)"


class ForwardedForSighting(models.Model):
    """The last request that carried X-Forwarded-For while no proxy count was set.

    One row at most; ``check --deploy`` reports it (labsite/proxies.py).
    """

    remote_addr = models.CharField(max_length=64, help_text="The address the request came from.")
    forwarded_for = models.CharField(max_length=200, help_text="The header's value, shortened.")
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()

    def __str__(self):
        return f"X-Forwarded-For from {self.remote_addr}"


# Defined beside the composing code (it subclasses the abstract Section there); imported
# here so that Django registers it with the other labsite models.
from labsite.sections import LabSection  # noqa: E402, F401
