"""Admin login throttling that slows guessing down without locking the real user out.

Failures are counted in the database (``LoginFailure``), so every gunicorn worker and
every app server sees the same counts; each count is one atomic ``UPDATE``. Three counts:

- **pair**: one username (NFKC, case-folded, trimmed) from one client address. This is
  the only thing that is ever refused: after ``LABSITE_LOGIN_FAILURE_LIMIT`` (5) failures
  the pair waits ``LABSITE_LOGIN_LOCKOUT_SECONDS`` (60) before its next password check, and
  the wait doubles with every further failure, up to ``LABSITE_LOGIN_LOCKOUT_MAX_SECONDS``
  (1 hour). While it waits, no password is checked, so no guess is made.
- **username**, from any address: past ``LABSITE_LOGIN_FAILURE_LIMIT_PER_USERNAME`` (10)
  failures the username is under attack, and each of its pairs gets one free failure
  instead of five. Guessing from many addresses slows down; the account is never locked.
- **address**, any username: past ``LABSITE_LOGIN_FAILURE_LIMIT_PER_IP`` (20) failures,
  each pair of that address also gets one free failure: trying many usernames costs a
  growing wait per username, while a user whose pair has no failures still gets in.

So a correct password always gets in from a pair that has not failed (another address,
or the same address for another user: a colleague behind the same proxy). A success
forgives that pair's failures, in the username's and the address's counts too.

A browser that logged in before carries a signed device cookie for that username (a
hash of it; ``LABSITE_LOGIN_DEVICE_DAYS``, 180). For that username the browser, not its
address, is the other half of the pair, with its five free failures whatever the address
has done: the real user gets in from the very address an attacker hammers their name from.

Counts are forgotten ``LABSITE_LOGIN_FAILURE_WINDOW`` (1 day) after their last failure;
every recorded failure deletes a batch of forgotten rows.
"""

import datetime
import hashlib
import logging
import math
import unicodedata
from dataclasses import dataclass
from secrets import token_hex

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone

from labsite.models import LoginFailure
from labsite.proxies import client_ip

logger = logging.getLogger(__name__)

Scope = LoginFailure.Scope
PRUNE_BATCH = 500
DEVICE_COOKIE = "labsite_login_device"
DEVICE_SALT = "labsite.throttle.device"


@dataclass(frozen=True)
class Limits:
    per_pair: int
    per_username: int
    per_address: int
    lockout_seconds: int
    max_lockout_seconds: int
    window_seconds: int

    @classmethod
    def from_settings(cls) -> "Limits":
        def setting(name):  # declared, with its default, in config/settings.py
            return max(1, int(getattr(settings, name)))

        max_lockout = setting("LABSITE_LOGIN_LOCKOUT_MAX_SECONDS")
        return cls(
            per_pair=setting("LABSITE_LOGIN_FAILURE_LIMIT"),
            per_username=setting("LABSITE_LOGIN_FAILURE_LIMIT_PER_USERNAME"),
            per_address=setting("LABSITE_LOGIN_FAILURE_LIMIT_PER_IP"),
            lockout_seconds=setting("LABSITE_LOGIN_LOCKOUT_SECONDS"),
            max_lockout_seconds=max_lockout,
            # A count must outlive the longest wait, or the wait could not grow.
            window_seconds=max(setting("LABSITE_LOGIN_FAILURE_WINDOW"), max_lockout),
        )

    def lockout(self, excess: int) -> int:
        """Seconds to wait after ``excess`` failures beyond the free ones (0: the first)."""
        return min(self.max_lockout_seconds, self.lockout_seconds * 2 ** min(excess, 40))


def now() -> datetime.datetime:
    return timezone.now()


def normalise_username(username: str) -> str:
    """Case, outer spaces and character width do not matter: ALICE and ａｌｉｃｅ are alice."""
    return unicodedata.normalize("NFKC", username or "").strip().casefold()


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def device_days() -> int:
    return max(1, settings.LABSITE_LOGIN_DEVICE_DAYS)


def _device(request, name: str) -> str:
    """The id of this browser's device cookie if it was issued for ``name`` ("": none)."""
    try:
        value = signing.loads(
            request.COOKIES.get(DEVICE_COOKIE, ""), salt=DEVICE_SALT, max_age=device_days() * 86400
        )
    except signing.BadSignature:
        return ""
    if not isinstance(value, dict) or value.get("u") != _digest("username", name):
        return ""
    return str(value.get("d", ""))[:64]


def remember_device(request, response, user) -> None:
    """After a successful login: this browser gets its own pair for this username."""
    value = {"u": _digest("username", normalise_username(user.get_username())), "d": token_hex(16)}
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(value, salt=DEVICE_SALT),
        max_age=device_days() * 86400,
        path=reverse("admin:index"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _keys(request, username) -> tuple[dict[str, str], bool]:
    """The counts this attempt touches, and whether it comes from a known device."""
    name, address = normalise_username(username), client_ip(request)
    device = _device(request, name)
    pair = _digest("device", name, device) if device else _digest("pair", name, address)
    # Bumped in this order by every transaction, so concurrent ones never deadlock.
    keys = {
        Scope.PAIR: pair,
        Scope.USERNAME: _digest("username", name),
        Scope.ADDRESS: _digest("address", address),
    }
    return keys, bool(device)


def login_wait_seconds(request, username) -> int:
    """Seconds until this username may try again from this address or device (0: now)."""
    current = now()
    until = (
        LoginFailure.objects.filter(
            scope=Scope.PAIR, key=_keys(request, username)[0][Scope.PAIR], blocked_until__gt=current
        )
        .values_list("blocked_until", flat=True)
        .first()
    )
    return math.ceil((until - current).total_seconds()) if until else 0


def _ensure_row(scope: str, key: str, *, current) -> None:
    """The count's row exists once this returns (a new one counts 0): only a row can be
    locked or counted atomically."""
    if LoginFailure.objects.filter(scope=scope, key=key).exists():
        return
    try:
        with transaction.atomic():
            LoginFailure.objects.create(scope=scope, key=key, failures=0, last_failure=current)
    except IntegrityError:  # another worker created it just now; it waited for that commit
        pass


def _bump(scope: str, key: str, *, current, cutoff) -> int:
    """Count one failure atomically (a count older than ``cutoff`` starts again); the new count."""
    _ensure_row(scope, key, current=current)
    rows = LoginFailure.objects.filter(scope=scope, key=key)
    rows.update(
        failures=Case(When(last_failure__lt=cutoff, then=Value(1)), default=F("failures") + 1),
        last_failure=current,
    )
    return rows.values_list("failures", flat=True).get()


@dataclass
class LoginAttempt:
    """One login attempt, counted as a failure *before* its password is checked.

    Counting first is what makes the limits exact: concurrent attempts (on several workers)
    each get their own number, and the one that reaches the limit pauses the pair before
    any of them knows its password was wrong. A success takes the pair's counts back.
    """

    request: object
    keys: dict
    refused_for: int  # seconds; 0: the password is checked
    pause_if_wrong: int = 0
    counts: dict | None = None

    def failed(self) -> None:
        if self.pause_if_wrong:
            logger.warning(
                "Admin login paused for %ss after %s failures of one username from %s "
                "(that username: %s failures from all addresses; that address: %s)",
                self.pause_if_wrong,
                self.counts[Scope.PAIR],
                client_ip(self.request),
                self.counts[Scope.USERNAME],
                self.counts[Scope.ADDRESS],
            )

    def succeeded(self) -> None:
        """Forgive the pair's failures, here and in the username's and address's counts.

        They were the user's own typos (or made from the user's own pair): they should not
        make the username or the address look attacked.
        """
        forgiven = self.counts[Scope.PAIR]
        with transaction.atomic():
            LoginFailure.objects.filter(scope=Scope.PAIR, key=self.keys[Scope.PAIR]).delete()
            for scope in (Scope.USERNAME, Scope.ADDRESS):
                LoginFailure.objects.filter(scope=scope, key=self.keys[scope]).update(
                    failures=Greatest(F("failures") - forgiven, Value(0))
                )


def start_login_attempt(request, username) -> LoginAttempt:
    """Refuse the attempt while its pair is paused; otherwise count it and let it through."""
    limits = Limits.from_settings()
    current = now()
    cutoff = current - datetime.timedelta(seconds=limits.window_seconds)
    keys, known_device = _keys(request, username)
    pair = LoginFailure.objects.filter(scope=Scope.PAIR, key=keys[Scope.PAIR])
    with transaction.atomic():
        # Locked until this transaction ends, so two workers cannot both slip past a pause.
        # A row that does not exist cannot be locked: create it first (count 0), or a first
        # attempt could pass the check, wait, and count a sixth failure after the pause.
        _ensure_row(Scope.PAIR, keys[Scope.PAIR], current=current)
        until = pair.select_for_update().values_list("blocked_until", flat=True).get()
        if until and until > current:
            return LoginAttempt(request, keys, math.ceil((until - current).total_seconds()))
        counts = {
            scope: _bump(scope, key, current=current, cutoff=cutoff) for scope, key in keys.items()
        }
        under_attack = not known_device and (
            counts[Scope.USERNAME] >= limits.per_username
            or counts[Scope.ADDRESS] >= limits.per_address
        )
        excess = counts[Scope.PAIR] - (1 if under_attack else limits.per_pair)
        pause = limits.lockout(excess) if excess >= 0 else 0
        if pause:
            pair.update(blocked_until=current + datetime.timedelta(seconds=pause))
    prune_login_failures(cutoff=cutoff)
    return LoginAttempt(request, keys, 0, pause_if_wrong=pause, counts=counts)


def prune_login_failures(*, cutoff=None, batch: int = PRUNE_BATCH) -> int:
    """Delete up to ``batch`` forgotten counts; rows another transaction holds are skipped."""
    if cutoff is None:
        cutoff = now() - datetime.timedelta(seconds=Limits.from_settings().window_seconds)
    with transaction.atomic():
        stale = list(
            LoginFailure.objects.filter(last_failure__lt=cutoff)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:batch]
        )
        if not stale:
            return 0
        deleted, _ = LoginFailure.objects.filter(pk__in=stale).delete()
    return deleted
