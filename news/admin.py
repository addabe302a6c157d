"""Admin of news: lab news and members' own news.

Scoping by lab and role is in ``labsite.admin.TenantAdmin``. A member writes, edits and
deletes their own items (``person`` = themselves); pinning an item on top of the lab's
news list is left to lab editors.
"""

from django.contrib import admin
from django.utils.text import Truncator

from labsite.admin import MEMBER, TenantAdmin, TenantTabularInline
from labsite.permissions import scope_for
from news.models import NewsItem


@admin.register(NewsItem)
class NewsItemAdmin(TenantAdmin):
    has_member_access = True
    member_can_add = True
    member_can_delete = True
    member_readonly_fields = ("pinned",)
    member_scope_error = "Your news items are about you: choose yourself as the person."

    list_display = ["date", "summary", "person", "status", "pinned"]
    list_display_links = ["date", "summary"]
    list_filter = ["status", "pinned", ("person", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["person"]
    date_hierarchy = "date"
    search_fields = ["title", "body", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["person", "publication"]
    markdown_fields = ("body",)
    fieldsets = [
        (None, {"fields": [("date", "date_precision"), "title", "body", "status"]}),
        ("About", {"fields": ["person", "publication"]}),
        ("Page", {"fields": ["slug", "pinned", "order"], "classes": ["collapse"]}),
    ]

    def member_queryset(self, request, queryset):
        return queryset.filter(person_id__in=scope_for(request).person_ids)

    def member_may_save(self, request, instance):
        return instance.person_id in scope_for(request).person_ids

    def member_may_delete(self, request, obj):
        return True

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if self.level(request) == MEMBER:
            own = request.user.people.filter(pk__in=scope_for(request).person_ids)
            lab = self.auto_lab(request)
            if lab is not None:
                own = own.filter(lab=lab)
            person = own.first()
            if person is not None:
                initial.setdefault("person", person.pk)
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if self.level(request, obj) == MEMBER and "person" in form.base_fields:
            form.base_fields["person"].required = True
            form.base_fields["person"].help_text = "You: members post news about themselves."
        return form

    @admin.display(description="News", ordering="title")
    def summary(self, obj):
        return obj.title or Truncator(obj.body).chars(80)


class PersonNewsInline(TenantTabularInline):
    """A member's news as a table on their person page (people/admin_inlines.py). Pinning
    and the page slug stay on the item's own page (pinning is the lab editors')."""

    model = NewsItem
    fk_name = "person"
    fields = ["date", "title", "body", "status"]
    ordering = ["-date", "-pk"]
    verbose_name = "news item"
    verbose_name_plural = "news"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "body" and field is not None:
            field.widget.attrs.update({"rows": 2})
        return field
