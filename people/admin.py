from django.contrib import admin

from labsite.admin import TenantAdmin
from people.models import CVEntry, Group, Person, PersonLink


class PersonLinkInline(admin.TabularInline):
    model = PersonLink
    extra = 0
    exclude = ["lab"]


class CVEntryInline(admin.StackedInline):
    model = CVEntry
    extra = 0
    exclude = ["lab"]


@admin.register(Group)
class GroupAdmin(TenantAdmin):
    list_display = ["name", "kind", "order"]
    list_editable = ["order"]


@admin.register(Person)
class PersonAdmin(TenantAdmin):
    list_display = ["full_name", "group", "position", "left"]
    search_fields = ["full_name", "name_variants"]
    prepopulated_fields = {"slug": ["full_name"]}
    inlines = [PersonLinkInline, CVEntryInline]
