"""The page behind an invitation link: the member chooses a password and is logged in."""

from django.contrib import admin
from django.contrib.auth.password_validation import password_validators_help_texts
from django.contrib.auth.views import PasswordResetConfirmView
from django.urls import reverse_lazy

from labsite.auth import invitation_days, invitation_tokens


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
