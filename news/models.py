"""Dated news of the lab or of one member."""

from django.db import models
from django.urls import reverse
from django.utils import timezone

from labsite.markdown import render_markdown
from labsite.models import TenantModel, TenantQuerySet


class NewsItemQuerySet(TenantQuerySet):
    def published(self):
        return self.filter(status=NewsItem.Status.PUBLISHED, date__lte=timezone.localdate())


class NewsItem(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    date = models.DateField(default=timezone.localdate)
    title = models.CharField(
        max_length=200, blank=True, help_text="Optional; short items are just the text."
    )
    slug = models.SlugField(max_length=120, help_text="Used in the URL: /news/<slug>/.")
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
    )
    pinned = models.BooleanField(default=False, help_text="Keep on top of the news list.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        ordering = ["-pinned", "-date", "-pk"]
        verbose_name = "news item"
        constraints = [
            models.UniqueConstraint(fields=["lab", "slug"], name="newsitem_slug_unique_per_lab"),
        ]

    def __str__(self):
        return self.title or self.body[:60]

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:detail", kwargs={"slug": self.slug})
