"""Members of a lab, their links and CV entries."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from labsite.dates import DATE_STYLE_HELP, DatePrecision, DateStyle, coarsest, format_period
from labsite.images import ProcessedImageField
from labsite.markdown import render_markdown
from labsite.models import TenantModel, TenantQuerySet
from labsite.slug_urls import slug_url
from people.photos import PHOTO_RECIPE, person_photo_upload_to, photo_directory, photo_stem
from people.profile import (
    ADDRESS_MAX_LINES,
    EMAIL_WRITTEN_MAX,
    PHOTO_WIDTHS,
    EmailDisplay,
    PhotoPosition,
    PhotoShape,
    PhotoSize,
    guess_language,
    language_tag_validator,
    validate_address,
)
from people.section_defaults import LEGACY_SECTION_NAMES
from people.validators import WebURLField, is_mailto, is_web_url, validate_link


class Group(TenantModel):
    """A group on the team page ("Faculty", "PhD students", …), renamed and ordered by the lab."""

    class Kind(models.TextChoices):
        FACULTY = "faculty", "PI / faculty"
        POSTDOC = "postdoc", "Postdoc"
        PHD = "phd", "PhD student"
        MASTERS = "masters", "Master's student"
        UNDERGRAD = "undergrad", "Undergraduate"
        STAFF = "staff", "Staff"
        VISITOR = "visitor", "Visitor"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    name = models.CharField(
        max_length=100, help_text='Heading on the team page, e.g. "PhD students".'
    )
    order = models.PositiveIntegerField(default=0, help_text="Lower numbers come first.")

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["lab", "name"], name="group_name_unique_per_lab"),
        ]

    def __str__(self):
        return self.name

    # The groups a new lab starts with, in team-page order.
    DEFAULTS = [
        (Kind.FACULTY, "Faculty"),
        (Kind.POSTDOC, "Postdocs"),
        (Kind.PHD, "PhD students"),
        (Kind.MASTERS, "Master's students"),
        (Kind.UNDERGRAD, "Undergraduates"),
        (Kind.STAFF, "Staff"),
        (Kind.VISITOR, "Visitors"),
    ]


# people/team_html.py: the name, its link, "(native name, period)" and the position line.
TEAM_SECTION_FIELDS = (
    "lab", "slug", "full_name", "native_name", "homepage_enabled", "position", "affiliation",
    "joined", "joined_precision", "left", "left_precision",
)  # fmt: skip


class PersonQuerySet(TenantQuerySet):
    def current(self, today=None):
        today = today or timezone.localdate()
        return self.filter(models.Q(left__isnull=True) | models.Q(left__gte=today))

    def alumni(self, today=None):
        today = today or timezone.localdate()
        return self.filter(left__lt=today)

    def with_homepage(self):
        return self.filter(homepage_enabled=True)

    def team_order(self):
        """Groups in the lab's order (ungrouped members last), then members' own order."""
        return self.order_by(
            models.F("group__order").asc(nulls_last=True), "group__name", "order", "full_name"
        )

    def for_team_page(self):
        """Everything the team page shows, in two queries whatever the team's size. The view
        sets each person's ``lab`` (for its date style, Person.period_label) to the lab it
        already holds: joining the lab's row to every member's cost more than the page."""
        return self.team_order().select_related("group").prefetch_related("links")

    def for_team_section(self):
        """What a homepage's team section shows of each member (people/team_html.py), in
        team order: a lead's team lists dozens, and their whole rows (biographies, photos'
        JSON) were most of the section's cost."""
        return self.team_order().only(*TEAM_SECTION_FIELDS)

    def for_homepage(self):
        """Everything a homepage shows itself: its sections, links, CV entries and research
        interests, one query each (its group is not shown)."""
        return self.prefetch_related("sections", "links", "cv_entries", "research_interests")


# The former ``Person.homepage_sections`` (before composed sections): migration 0001
# refers to this validator.
def validate_homepage_sections(value: str) -> None:
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = sorted(set(names) - set(LEGACY_SECTION_NAMES))
    if unknown:
        raise ValidationError(
            "Unknown section(s): %(unknown)s.", params={"unknown": ", ".join(unknown)}
        )


class Person(TenantModel):
    slug = models.SlugField(help_text="Used in the homepage URL: /people/<slug>/.")
    full_name = models.CharField(max_length=200)
    native_name = models.CharField(
        max_length=100,
        blank=True,
        help_text="The name in its own script, e.g. “许珈铭”: shown beside the name and given "
        "to search engines as an alternate name.",
    )
    native_name_lang = models.CharField(
        "language of the native name",
        max_length=20,
        blank=True,
        validators=[language_tag_validator],
        help_text="A language tag such as “zh” or “ja”. Empty: guessed from the script "
        "(kana: ja, hangul: ko, Han: zh), or none when the script does not tell.",
    )
    name_variants = models.TextField(
        blank=True,
        help_text='Other spellings in author lists, one per line ("Chen, Beidi", "B. Chen"). '
        "Used to link imported papers to this member.",
    )
    group = models.ForeignKey(
        Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    position = models.CharField(
        max_length=200, blank=True, help_text='As it should read, e.g. "third year Ph.D. student".'
    )
    affiliation = models.CharField(max_length=200, blank=True)
    joined = models.DateField(null=True, blank=True)
    joined_precision = models.CharField(
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.MONTH,
        help_text="How much of the date joined is known and shown (team page: at most the "
        "month).",
    )
    left = models.DateField(
        null=True, blank=True, help_text="Set when the member leaves: they then appear as alumni."
    )
    left_precision = models.CharField(
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.MONTH,
        help_text="How much of the date left is known and shown.",
    )
    now = models.CharField(
        "where they are now",
        max_length=200,
        blank=True,
        help_text='For alumni, e.g. "Research scientist at ByteDance".',
    )
    # Re-encoded and cropped on save (people/photos.py); replaced files go after commit.
    photo = ProcessedImageField(
        upload_to=person_photo_upload_to,
        recipe=PHOTO_RECIPE,
        directory=photo_directory,
        stem=photo_stem,
        sizes_field="photo_sizes",
        delete_replaced=True,
        max_length=255,
        blank=True,
        help_text="JPEG, PNG or WebP, up to 10 MB. Square photos work best; the face should be "
        "in the upper half. Location and camera data are removed.",
    )
    photo_alt = models.CharField(
        max_length=200, blank=True, help_text="Describes the photo for screen readers."
    )
    photo_position = models.CharField(
        max_length=10,
        choices=PhotoPosition.choices,
        default=PhotoPosition.SIDEBAR,
        help_text="Where the homepage shows the photo.",
    )
    photo_shape = models.CharField(
        max_length=10, choices=PhotoShape.choices, default=PhotoShape.CIRCLE
    )
    photo_size = models.CharField(
        max_length=10,
        choices=PhotoSize.choices,
        default=PhotoSize.MEDIUM,
        help_text="On the homepage: small 120, medium 200, large 280 pixels wide.",
    )
    # Square crops made when the photo is saved, by width: {"160": "labs/…-160.jpg", …}.
    photo_sizes = models.JSONField(default=dict, blank=True, editable=False)
    bio = models.TextField(
        blank=True, help_text="Markdown. One or two sentences for the team page."
    )
    bio_html = models.TextField(blank=True, editable=False)
    about = models.TextField(blank=True, help_text="Markdown. The main text of the homepage.")
    about_html = models.TextField(blank=True, editable=False)
    email = models.EmailField(blank=True)
    email_display = models.CharField(
        "show e-mail",
        max_length=10,
        choices=EmailDisplay.choices,
        default=EmailDisplay.TEXT,
        help_text="How the homepage shows the address.",
    )
    email_written = models.CharField(
        "e-mail as written",
        max_length=EMAIL_WRITTEN_MAX,
        blank=True,
        help_text="Your own obfuscated form, shown verbatim (never a link) when “show e-mail” "
        "is “as you write it”, e.g. “contact (at) [my first name] (dot) net”.",
    )
    location = models.TextField(
        blank=True,
        validators=[validate_address],
        help_text="Office or postal address, one line per line of the address (up to 8).",
    )
    date_format = models.CharField(
        max_length=20,
        choices=DateStyle.choices,
        blank=True,
        help_text=DATE_STYLE_HELP + " Used on this member's homepage; empty: the lab's.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        help_text="The login that may edit this person's pages.",
    )
    homepage_enabled = models.BooleanField(
        "homepage", default=True, help_text="Publish a personal homepage for this member."
    )
    team_lead = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="team_members",
        help_text="The member who leads this person's sub-team: this person then appears in "
        "the team section of that member's homepage. A member of the same lab.",
    )
    order = models.PositiveIntegerField(default=0, help_text="Order within the group.")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["order", "full_name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(fields=["lab", "slug"], name="person_slug_unique_per_lab"),
            models.UniqueConstraint(
                fields=["lab", "user"],
                condition=models.Q(user__isnull=False),
                name="person_one_record_per_user_per_lab",
            ),
            models.CheckConstraint(
                condition=~models.Q(team_lead=models.F("id")),
                name="person_not_own_team_lead",
                violation_error_message="A member cannot lead their own team.",
            ),
            models.CheckConstraint(
                condition=models.Q(left__isnull=True)
                | models.Q(joined__isnull=True)
                | models.Q(left__gte=models.F("joined")),
                name="person_left_after_joined",
                violation_error_message="The date left must be on or after the date joined.",
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.bio_html = render_markdown(self.bio)
        self.about_html = render_markdown(self.about)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()  # a team lead of another lab is refused there
        if self.team_lead_id is not None and self.team_lead_id == self.pk:
            raise ValidationError({"team_lead": "A member cannot lead their own team."})
        if self.email_display == EmailDisplay.WRITTEN and not self.email_written.strip():
            raise ValidationError(
                {"email_written": "Write the address as the page should show it, or choose "
                 "another way to show the e-mail."}
            )

    def get_absolute_url(self):
        return slug_url("people:detail", self.slug)

    @property
    def homepage_url(self) -> str:
        """Path of the homepage on the lab's host ("" when switched off), reversed with the
        lab's URLconf so that it also works from a member's own domain."""
        if not self.homepage_enabled:
            return ""
        return slug_url("people:detail", self.slug, urlconf=settings.ROOT_URLCONF)

    # --- Photo ------------------------------------------------------------------------------

    @property
    def photo_variants(self) -> list[tuple[int, str]]:
        """(width, URL) of the square crops, smallest first."""
        if not self.photo:
            return []
        storage = self.photo.storage
        return sorted(
            (int(width), storage.url(name))
            for width, name in (self.photo_sizes or {}).items()
            if str(width).isdigit() and name
        )

    def photo_url(self, width: int = 0) -> str:
        """The smallest square crop at least ``width`` wide (or the largest there is)."""
        variants = self.photo_variants
        for size, url in variants:
            if size >= width:
                return url
        if variants:
            return variants[-1][1]
        return self.photo.url if self.photo else ""

    @property
    def photo_srcset(self) -> str:
        return ", ".join(f"{url} {width}w" for width, url in self.photo_variants)

    @property
    def photo_full_url(self) -> str:
        """The bounded, uncropped photo (for og:image and JSON-LD)."""
        return self.photo.url if self.photo else ""

    # --- Dates ------------------------------------------------------------------------------

    def has_joined(self, today: datetime.date | None = None) -> bool:
        return self.joined is None or self.joined <= (today or timezone.localdate())

    @property
    def years(self) -> str:
        """Years of membership for the alumni list, e.g. "2018–2023"."""
        return format_period(self.joined, DatePrecision.YEAR, self.left, DatePrecision.YEAR)

    @property
    def period_label(self) -> str:
        """Membership in the lab's style, to the month at most: "2024.10~2025.6", "2019–2023".

        Reads ``self.lab``: querysets of many members select it (``for_team_page``)."""
        return format_period(
            self.joined,
            coarsest(self.joined_precision, DatePrecision.MONTH),
            self.left,
            coarsest(self.left_precision, DatePrecision.MONTH),
            self.lab.date_format,
        )

    @property
    def date_style(self) -> str:
        """The style of this member's homepage: their own, else the lab's."""
        return self.date_format or self.lab.date_format

    def is_alumnus(self, today: datetime.date | None = None) -> bool:
        return self.left is not None and self.left < (today or timezone.localdate())

    # --- Profile ----------------------------------------------------------------------------

    @property
    def native_name_language(self) -> str:
        return self.native_name_lang or guess_language(self.native_name)

    @property
    def photo_width(self) -> int:
        return PHOTO_WIDTHS.get(self.photo_size, PHOTO_WIDTHS[PhotoSize.MEDIUM])

    @property
    def shows_email(self) -> bool:
        """Whether the page shows an e-mail: the address (as a link or in words), or the
        member's own written form."""
        if self.email_display == EmailDisplay.WRITTEN:
            return bool(self.email_written.strip())
        return bool(self.email) and self.email_display != EmailDisplay.HIDDEN

    @property
    def location_lines(self) -> list[str]:
        """The address as the lines of a block ("Duncan Hall, 3014", "6100 Main St", …)."""
        lines = [line.strip() for line in self.location.splitlines() if line.strip()]
        return lines[:ADDRESS_MAX_LINES]

    @property
    def initials(self) -> str:
        parts = [part for part in self.full_name.split() if part[:1].isalpha()]
        return "".join(part[0] for part in parts[:1] + parts[1:][-1:]).upper()

    @property
    def variant_list(self) -> list[str]:
        return [line.strip() for line in self.name_variants.splitlines() if line.strip()]


class PersonLink(TenantModel):
    class Kind(models.TextChoices):
        SCHOLAR = "scholar", "Google Scholar"
        ORCID = "orcid", "ORCID"
        GITHUB = "github", "GitHub"
        X = "x", "X / Twitter"
        LINKEDIN = "linkedin", "LinkedIn"
        DBLP = "dblp", "DBLP"
        OPENALEX = "openalex", "OpenAlex author"
        SEMANTIC_SCHOLAR = "semantic-scholar", "Semantic Scholar"
        HOMEPAGE = "homepage", "Homepage"
        CV = "cv", "CV (PDF)"
        OTHER = "other", "Other"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    url = WebURLField(
        max_length=500,
        allow_mailto=True,
        help_text="Full address starting with https://, or an e-mail address (kind “Other”).",
    )
    label = models.CharField(max_length=100, blank=True, help_text="Shown instead of the kind.")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.display_label

    def clean(self):
        super().clean()
        validate_link(self.kind, self.get_kind_display(), self.url)

    @property
    def display_label(self) -> str:
        # A dict of the labels, not get_kind_display(): that flattens the choices on every
        # call, and a team page asks for every member's links.
        return self.label or _LINK_KIND_LABELS.get(self.kind, self.kind)

    @property
    def safe_url(self) -> str:
        """The address, if it is a web or mailto: address (rows written around validation
        may be neither)."""
        return self.url if is_web_url(self.url) or is_mailto(self.url) else ""

    @property
    def icon_kind(self) -> str:
        return "email" if is_mailto(self.url) else self.kind


_LINK_KIND_LABELS = dict(PersonLink.Kind.choices)

# CV entries live in their own module; imported here so the app registers the model.
from people.cv import CVEntry  # noqa: E402

__all__ = ["CVEntry", "Group", "Person", "PersonLink", "PersonSection", "ResearchInterest"]

# Imported here so that Django registers them with the other people models.
from people.section_models import PersonSection, ResearchInterest  # noqa: E402
