"""Admin of awards: honours of members and of papers.

Scoping by lab and role is in ``labsite.admin.TenantAdmin``. A member manages their own
awards (``person`` = themselves) and the awards of papers they are an author of that
name no other member.
"""

from django.contrib import admin
from django.db.models import Q

from awards.models import Award
from labsite.admin import TenantAdmin, TenantTabularInline
from labsite.permissions import scope_for


def _authored_publication_ids(request):
    from django.apps import apps

    # Through the app registry: awards sits above publications, but stays loosely tied.
    Authorship = apps.get_model("publications", "Authorship")
    return Authorship.objects.filter(person_id__in=scope_for(request).person_ids).values(
        "publication_id"
    )


@admin.register(Award)
class AwardAdmin(TenantAdmin):
    has_member_access = True
    member_can_add = True
    member_can_delete = True
    member_scope_error = (
        "Your awards are yours or your papers': choose yourself as the member, or leave it "
        "empty and choose a paper of yours."
    )

    list_display = ["title", "badge", "year", "kind", "person", "publication"]
    list_filter = ["kind", "year", ("person", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["person", "publication"]
    search_fields = ["title", "badge", "granting_body", "person__full_name", "publication__title"]
    autocomplete_fields = ["person", "publication"]
    markdown_fields = ("description",)
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "badge",
                    "kind",
                    "granting_body",
                    ("year", "month", "day"),
                    "order",
                ]
            },
        ),
        ("Received by", {"fields": ["person", "publication"]}),
        ("Details", {"fields": ["description", "link"]}),
    ]

    def member_queryset(self, request, queryset):
        return queryset.filter(
            Q(person_id__in=scope_for(request).person_ids)
            | Q(person__isnull=True, publication_id__in=_authored_publication_ids(request))
        )

    def member_may_save(self, request, instance):
        if instance.person_id is not None:
            return instance.person_id in scope_for(request).person_ids
        return (
            instance.publication_id is not None
            and _authored_publication_ids(request).filter(
                publication_id=instance.publication_id
            ).exists()
        )

    def member_may_delete(self, request, obj):
        return True


class PersonAwardInline(TenantTabularInline):
    """A member's honours as a table on their person page (people/admin_inlines.py): one
    row each, add-another rows. Paper awards and descriptions stay on the award's page."""

    model = Award
    fk_name = "person"
    fields = ["year", "month", "title", "kind", "granting_body", "link"]
    ordering = ["-year", "-month", "pk"]
    verbose_name = "honour or award"
    verbose_name_plural = "honours and awards"
