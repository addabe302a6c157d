"""Logins: the throttled admin login form, and invitation links that let members set a password.

How failures are counted and when a login is refused is in ``labsite/throttle.py``; the
client address it uses in ``labsite/proxies.py``.

Invitation links carry a token signed by Django's ``TimestampSigner`` with its own salt,
valid ``LABSITE_INVITATION_DAYS`` (default 7). What it signs is a digest of the login's
password, last login and active state, so a token dies as soon as the password is set,
the login is used, or the login is revoked.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
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


class InvitationTokens:
    """Set-password tokens for invitations, with the ``make_token``/``check_token`` pair
    Django's ``PasswordResetConfirmView`` asks of its ``token_generator``."""

    salt = "labsite.auth.invitation"

    def _state(self, user) -> str:
        # Whatever changes when the link has been used or the login revoked.
        last_login = "" if user.last_login is None else user.last_login.isoformat()
        value = f"{user.pk}:{user.password}:{last_login}:{user.is_active}"
        return salted_hmac(self.salt, value, algorithm="sha256").hexdigest()[:32]

    def make_token(self, user) -> str:
        return signing.TimestampSigner(salt=self.salt).sign(self._state(user))

    def check_token(self, user, token) -> bool:
        if not (user and token):
            return False
        try:
            state = signing.TimestampSigner(salt=self.salt).unsign(
                token, max_age=datetime.timedelta(days=invitation_days())
            )
        except signing.BadSignature:  # tampered, or expired (SignatureExpired)
            return False
        return constant_time_compare(state, self._state(user))


invitation_tokens = InvitationTokens()


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
