"""Admin pages of their own: "View on site", on the object's lab's host and in scope, and
the scoped history and change pages every project admin shares."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponseRedirect
from django.urls import NoReverseMatch

from labsite.admin.forms import has_lab_field, note_uploads_not_kept
from labsite.models import Lab


def public_url(request, obj):
    """The object's page on its lab's host (this host when the admin runs on it)."""
    if not hasattr(obj, "get_absolute_url"):
        return None
    if not isinstance(obj, Lab) and not has_lab_field(type(obj)):
        return None
    try:
        path = obj.get_absolute_url()
    except NoReverseMatch:
        return None
    if path.startswith(("http://", "https://")):
        return path
    lab = obj if isinstance(obj, Lab) else obj.lab
    host_lab = getattr(request, "lab", None)
    if host_lab is not None and host_lab.pk == lab.pk:
        host = request.get_host()
    else:
        host = lab.primary_domain
        if not host:
            return None
    scheme = "https" if (request.is_secure() or settings.HTTPS) else "http"
    return f"{scheme}://{host}{path}"


def view_on_site(request, content_type_id, object_id):
    """Stands in for Django's ``admin/r/<content type>/<id>/``, which answers for any row of
    any lab: this one finds the row through its admin (so in scope) and goes to its lab's
    host."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        model_admin = admin.site.get_model_admin(model) if model is not None else None
    except (ContentType.DoesNotExist, NotRegistered):
        model_admin = None
    if model_admin is None:
        raise Http404("No such page.")
    obj = model_admin.get_object(request, unquote(object_id))
    url = public_url(request, obj) if obj is not None else None
    if url is None or not model_admin.has_view_permission(request, obj):
        raise Http404("No such page.")
    return HttpResponseRedirect(url)


class ScopedPagesMixin:
    """History outside the user's scope is a 404; "View on site" goes to the lab's host;
    a form shown again after errors says which files to choose again."""

    not_found_message = "No such item here."

    def object_or_404(self, request, object_id):
        """The row of this admin the request may see (in scope), else a 404: for every
        extra page of a row (history, a member's login, pasting a list)."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(self.not_found_message)
        return obj

    def history_view(self, request, object_id, extra_context=None):
        self.object_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        note_uploads_not_kept(request, context["adminform"].form)
        response = super().render_change_form(request, context, add, change, form_url, obj)
        if obj is not None and hasattr(response, "context_data"):
            url = public_url(request, obj) if self.view_on_site else None
            response.context_data["has_absolute_url"] = url is not None
            response.context_data["absolute_url"] = url
        return response
