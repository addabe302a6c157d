"""Who may edit what (docs/architecture.md, Tenancy: roles).

- platform superuser: everything;
- lab admin (``LabRole`` admin): everything of their labs, including roles and domains;
- lab editor (``LabRole`` editor): all content of their labs, not roles or domains;
- member (a ``Person`` whose ``user`` is the login): their own record and what hangs off it.

The admin asks :func:`scope_for` once per request; every later check is set arithmetic
on ids, so permission checks cost no queries of their own.
"""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q

from labsite.models import Lab, LabRole


@dataclass(frozen=True)
class Scope:
    """What one login may touch: lab ids by role, and the ``Person`` rows that are theirs."""

    user_id: int | None = None
    is_superuser: bool = False
    edited_lab_ids: frozenset = field(default_factory=frozenset)
    administered_lab_ids: frozenset = field(default_factory=frozenset)
    person_ids: frozenset = field(default_factory=frozenset)
    member_lab_ids: frozenset = field(default_factory=frozenset)

    @property
    def lab_ids(self) -> frozenset:
        """Every lab the login works in, in any role."""
        return self.edited_lab_ids | self.member_lab_ids

    @property
    def is_member(self) -> bool:
        return bool(self.person_ids)

    def edits(self, lab_id) -> bool:
        return self.is_superuser or lab_id in self.edited_lab_ids

    def administers(self, lab_id) -> bool:
        return self.is_superuser or lab_id in self.administered_lab_ids


NO_SCOPE = Scope()


def scope_for_user(user) -> Scope:
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_SCOPE
    roles = list(LabRole.objects.filter(user=user).values_list("lab_id", "role"))
    # ``people`` is the reverse accessor of Person.user: no import of a higher app.
    persons = list(user.people.values_list("pk", "lab_id"))
    return Scope(
        user_id=user.pk,
        is_superuser=user.is_superuser,
        edited_lab_ids=frozenset(lab_id for lab_id, _ in roles),
        administered_lab_ids=frozenset(
            lab_id for lab_id, role in roles if role == LabRole.Role.ADMIN
        ),
        person_ids=frozenset(pk for pk, _ in persons),
        member_lab_ids=frozenset(lab_id for _, lab_id in persons),
    )


def scope_for(request) -> Scope:
    """The scope of ``request.user``, computed once per request."""
    user = getattr(request, "user", None)
    cached = getattr(request, "_labsite_scope", None)
    if cached is not None and cached.user_id == getattr(user, "pk", None):
        return cached
    scope = scope_for_user(user)
    request._labsite_scope = scope
    return scope


def acting_lab(request, lab_ids, *, fall_back_on_other_host: bool = True):
    """The lab ``request`` acts on, among ``lab_ids`` (None: any lab, for superusers).

    The host's lab when it is one of them, else the only one; None when there is a choice
    to make (several labs) or none at all. The admin's forms, the import pages and the
    markdown upload all ask this. ``fall_back_on_other_host=False``: on another lab's host
    the answer is None, not the user's only lab (an upload made on lab A's site must not
    be stored with lab B).
    """
    host_lab = getattr(request, "lab", None)
    if host_lab is not None:
        if lab_ids is None or host_lab.pk in lab_ids:
            return host_lab
        if not fall_back_on_other_host:
            return None
    if lab_ids is not None and len(lab_ids) != 1:
        return None  # no query: several labs (or none) to choose from
    labs = list((Lab.objects.all() if lab_ids is None else Lab.objects.filter(pk__in=lab_ids))[:2])
    return labs[0] if len(labs) == 1 else None


def labs_edited_by(user):
    """Labs whose content ``user`` may edit: lab admins and editors (superusers: all)."""
    if not user.is_authenticated or not user.is_active:
        return Lab.objects.none()
    if user.is_superuser:
        return Lab.objects.all()
    return Lab.objects.filter(roles__user=user).distinct()


def labs_administered_by(user):
    """Labs whose roles and domains ``user`` may manage."""
    if not user.is_authenticated or not user.is_active:
        return Lab.objects.none()
    if user.is_superuser:
        return Lab.objects.all()
    return Lab.objects.filter(roles__user=user, roles__role=LabRole.Role.ADMIN).distinct()


def users_of_labs(lab_ids):
    """Active logins that already work in one of ``lab_ids`` (as member, editor or admin).

    A lab admin picks new editors among these: the platform's other logins stay private.
    """
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(lab_roles__lab_id__in=lab_ids) | Q(people__lab_id__in=lab_ids))
        .distinct()
        .order_by("username")
    )


def login_lab_ids(user) -> set:
    """Every lab a login is tied to, by role or by a Person record."""
    return set(user.lab_roles.values_list("lab_id", flat=True)) | set(
        user.people.values_list("lab_id", flat=True)
    )


def may_reset_login(manager, target) -> bool:
    """Whether ``manager`` may issue a set-password link for ``target``.

    Only for logins wholly inside the labs ``manager`` administers: a lab admin must not
    take over a platform superuser, or someone who also works in another lab.
    """
    if manager.is_superuser:
        return True
    if target.is_superuser or target.pk == manager.pk:
        return False
    administered = set(labs_administered_by(manager).values_list("pk", flat=True))
    labs = login_lab_ids(target)
    return bool(labs) and labs <= administered
