"""A paper's highlights (Oral, Spotlight, Best Paper…) edited on the publication form.

Registered with ``publications.admin_inlines`` in ``AwardsConfig.ready()``: publications
never imports awards. Rights are the paper's: whoever may change the paper may change its
highlights, in the paper's lab.
"""

from awards.models import Award
from labsite.admin import TenantModelForm, TenantTabularInline


class PaperHighlightForm(TenantModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding:
            self.fields["kind"].initial = Award.Kind.PAPER


class PaperHighlightInline(TenantTabularInline):
    model = Award
    fk_name = "publication"
    form = PaperHighlightForm
    fields = ["title", "badge", "kind", "granting_body", "year", "month", "link"]
    ordering = ["-year", "title"]
    verbose_name = "highlight"
    verbose_name_plural = "highlights (Oral, Spotlight, Best Paper…: the paper's awards)"
