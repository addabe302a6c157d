"""The admin login (with its device cookie), and the page behind an invitation link."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.password_validation import password_validators_help_texts
from django.contrib.auth.views import PasswordResetConfirmView
from django.urls import reverse_lazy

from labsite.auth import invitation_days, invitation_tokens
from labsite.throttle import remember_device


@login_not_required
def admin_login(request, extra_context=None):
    """The admin's own login view; a successful login also remembers this browser."""
    response = admin.site.login(request, extra_context)
    if request.method == "POST" and response.status_code == 302 and request.user.is_authenticated:
        remember_device(request, response, request.user)
    return response


class InvitationConfirmView(PasswordResetConfirmView):
    token_generator = invitation_tokens
    template_name = "admin/labsite/invitation_confirm.html"
    success_url = reverse_lazy("admin:index")
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        # A revoked login's link must not bring it back.
        return user if user is not None and user.is_active else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            admin.site.each_context(self.request),
            title="Choose your password",
            invitation_days=invitation_days(),
            password_help=password_validators_help_texts(),
        )
        return context
