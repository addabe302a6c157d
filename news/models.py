"""Dated news of the lab or of one member."""

import html

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify

from labsite.dates import Dated, DatePrecision
from labsite.markdown import render_markdown
from labsite.models import TenantModel, TenantQuerySet
from labsite.slug_urls import slug_url

# Paths under /news/ that are not items.
RESERVED_SLUGS = {"feed"}
# Same date: the member's order, then the newest written first.
NEWEST_FIRST = ("-date", "order", "-pk")
# An untitled item up to this long is shown whole in lists and needs no page of its own.
SHORT_BODY_CHARS = 280


# What a news item in a list shows of its paper and member (news/rendering.py): the rest of
# their rows (abstracts, biographies, JSON fields) is not read on any list.
LISTED_PAPER_FIELDS = ("slug", "title")
LISTED_PERSON_FIELDS = ("slug", "full_name", "homepage_enabled")


class NewsItemQuerySet(TenantQuerySet):
    def for_lists(self, *, with_person: bool = True):
        """With what lists show of the paper and (``with_person``) the member, one query."""
        related = {"publication": LISTED_PAPER_FIELDS}
        if with_person:
            related["person"] = LISTED_PERSON_FIELDS
        return self.with_related_fields(**related)

    def published(self):
        """What the public sees: published and dated today or earlier."""
        return self.filter(status=NewsItem.Status.PUBLISHED, date__lte=timezone.localdate())

    def pinned_first(self):
        """Lists on pages: pinned items on top, then newest first; items of one date (and
        undated ones, which keep a date for this) in the order the member gave."""
        return self.order_by("-pinned", *NEWEST_FIRST)

    def newest_first(self):
        """Feeds and sitemaps: by date only (the list page keeps pinned items on top)."""
        return self.order_by(*NEWEST_FIRST)

    def about_person(self, person):
        """The member's own items, and lab items linked to a paper they author."""
        from publications.models import authored_by

        return self.filter(
            models.Q(person=person)
            | models.Q(person__isnull=True, publication_id__in=authored_by(person))
        )

    def with_detail_page(self):
        """Items worth a page of their own: titled, or too long for a list."""
        return self.alias(body_length=Length("body")).filter(
            ~models.Q(title="") | models.Q(body_length__gt=SHORT_BODY_CHARS)
        )


class NewsItem(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    date = models.DateField(
        default=timezone.localdate,
        help_text="Items dated in the future appear on that day. Undated items (precision "
        "“not shown”) still appear on it and are listed by it.",
    )
    date_precision = models.CharField(
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How much of the date is shown: “2025.09” for month, nothing for not shown.",
    )
    order = models.PositiveIntegerField(
        default=0,
        help_text="Among items of the same date, lower numbers come first; give undated items "
        "one date and number them.",
    )
    title = models.CharField(
        max_length=200, blank=True, help_text="Optional; short items are just the text."
    )
    slug = models.SlugField(
        max_length=120,
        blank=True,
        help_text="Used in the URL: /news/<slug>/. Leave empty to make one from the date and "
        "title.",
    )
    body = models.TextField(help_text="Markdown. Links and emoji welcome.")
    body_html = models.TextField(blank=True, editable=False)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="news_items",
        help_text="Leave empty for lab news; set it for one member's news.",
    )
    publication = models.ForeignKey(
        "publications.Publication",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news_items",
        help_text="The paper this item is about; the news then also shows on its authors' "
        "homepages.",
    )
    pinned = models.BooleanField(default=False, help_text="Keep on top of the news list.")
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.PUBLISHED,
        help_text="Drafts are never shown on the site or in feeds.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        ordering = ["-pinned", "-date", "order", "-pk"]
        verbose_name = "news item"
        constraints = [
            models.UniqueConstraint(fields=["lab", "slug"], name="newsitem_slug_unique_per_lab"),
        ]
        indexes = [
            models.Index(fields=["lab", "status", "date"], name="newsitem_lab_status_date"),
        ]

    def __str__(self):
        return self.title or self.body[:60]

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": f'"{self.slug}" is reserved; choose another slug.'})

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def _unique_slug(self) -> str:
        date = self.date if hasattr(self.date, "isoformat") else timezone.localdate()
        base = slugify(f"{date.isoformat()} {self.title or self.body[:50]}")[:60].strip("-")
        base = base or f"news-{date.isoformat()}"
        taken = set(
            NewsItem.objects.for_lab(self.lab_id).filter(slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug

    def get_absolute_url(self):
        # Always the lab's URL, also when rendered on a member's own domain.
        return slug_url("news:detail", self.slug, urlconf=settings.ROOT_URLCONF)

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.date <= timezone.localdate()

    @property
    def dated(self) -> Dated:
        return Dated(self.date, self.date_precision)

    @property
    def is_long(self) -> bool:
        """Lists show an excerpt of long items and link to the whole."""
        return len(self.body) > SHORT_BODY_CHARS

    @property
    def has_detail_page(self) -> bool:
        """Untitled short items are shown whole in lists (their URL works all the same)."""
        return bool(self.title) or self.is_long

    @property
    def plain_text(self) -> str:
        """The body as text, for descriptions and feed titles."""
        return " ".join(html.unescape(strip_tags(self.body_html)).split())

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        text = self.plain_text
        return text if len(text) <= 80 else text[:79].rstrip() + "…"
