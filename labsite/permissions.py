"""Who may edit which lab (see DESIGN.md, Tenancy: Roles)."""

from labsite.models import Lab, LabRole


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
