"""Logins: the throttled admin login form, and invitation links that let members set a password.

How failures are counted and when a login is refused is in ``labsite/throttle.py``; the
client address it uses in ``labsite/proxies.py``.

Invitations use Django's password-reset token machinery with their own salt and
lifetime (``LABSITE_INVITATION_DAYS``, default 7). A token dies as soon as the
password is set, the login is used, or the login is revoked.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.text import slugify

from labsite.models import LabRole
from labsite.throttle import start_login_attempt

# --- Login throttling (labsite/throttle.py) -----------------------------------------------


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin login form, refusing for a while after repeated failures."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "throttled": "Too many failed login attempts. For your security, logging in is "
        "paused: try again in %(minutes)s minute(s).",
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        if not (username and self.cleaned_data.get("password")):
            return super().clean()  # a missing field: no password is checked
        attempt = start_login_attempt(self.request, username)
        if attempt.refused_for:
            # Refused before the password is even checked: no guesses while paused.
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": max(1, -(-attempt.refused_for // 60))},
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            attempt.failed()
            raise
        attempt.succeeded()
        return cleaned


# --- Invitations ----------------------------------------------------------------------------


def invitation_days() -> int:
    return settings.LABSITE_INVITATION_DAYS


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Set-password tokens for invitations, valid ``LABSITE_INVITATION_DAYS`` days."""

    key_salt = "labsite.auth.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        # Deactivating (revoking) a login kills its outstanding links too.
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"

    def check_token(self, user, token):
        # Same checks as the parent, with our own lifetime instead of PASSWORD_RESET_TIMEOUT.
        if not (user and token):
            return False
        try:
            ts_b36, _ = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return False
        secrets = [self.secret, *self.secret_fallbacks]
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in secrets
        ):
            return False
        age = self._num_seconds(self._now()) - timestamp
        return 0 <= age <= invitation_days() * 24 * 3600


invitation_tokens = InvitationTokenGenerator()


@dataclass(frozen=True)
class Invitation:
    username: str
    url: str
    expires: datetime.datetime
    created_login: bool


def invitation_path(user) -> str:
    return reverse(
        "invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_tokens.make_token(user),
        },
    )


def _free_username(person) -> str:
    User = get_user_model()
    candidates = []
    if person.email:
        candidates.append(person.email.strip().lower())
    base = slugify(person.slug or person.full_name)[:140] or "member"
    candidates.append(base)
    candidates += [f"{base}-{n}" for n in range(2, 100)]
    for candidate in candidates:
        if not User.objects.filter(username__iexact=candidate).exists():
            return candidate
    raise ValidationError("Could not find a free username for this member.")


@transaction.atomic
def invite_member(*, person, request) -> Invitation:
    """Give ``person`` a login if they have none, and return a set-password link for it.

    The caller checks that the current user may do this (``may_reset_login`` for an
    existing login).
    """
    User = get_user_model()
    user = person.user
    created = user is None
    if created:
        user = User(
            username=_free_username(person), email=(person.email or "").lower(), is_staff=True
        )
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        type(person).objects.for_lab(person.lab_id).filter(pk=person.pk).update(user=user)
        person.user = user
    elif not user.is_active or not user.is_staff:
        user.is_active = True
        user.is_staff = True
        user.save(update_fields=["is_active", "is_staff"])
    url = request.build_absolute_uri(invitation_path(user))
    expires = timezone.now() + datetime.timedelta(days=invitation_days())
    return Invitation(username=user.get_username(), url=url, expires=expires, created_login=created)


@dataclass(frozen=True)
class Revocation:
    username: str
    deactivated: bool
    roles_removed: int


@transaction.atomic
def revoke_member_login(*, person) -> Revocation:
    """Unlink ``person`` from their login and drop the login's roles in this lab.

    The login itself is deactivated (and its password and links voided) only when it
    is tied to nothing else: another lab's member or a superuser keeps their account.
    """
    user = person.user
    if user is None:
        raise ValidationError("This member has no login.")
    type(person).objects.for_lab(person.lab_id).filter(pk=person.pk).update(user=None)
    person.user = None
    roles_removed, _ = LabRole.objects.filter(user=user, lab_id=person.lab_id).delete()
    deactivated = False
    if not user.is_superuser and not user.people.exists() and not user.lab_roles.exists():
        user.is_active = False
        user.is_staff = False
        user.set_unusable_password()  # also ends their sessions (the hash changes)
        user.save(update_fields=["is_active", "is_staff", "password"])
        deactivated = True
    return Revocation(
        username=user.get_username(), deactivated=deactivated, roles_removed=roles_removed
    )
