"""Who may see and change what: roles and entity scoping, one rule set for web, API and exports.

- administrator: everything, every entity, user management;
- compliance manager: reads and edits every record of their granted entities;
- contributor: reads records of their granted entities, edits the ones they own or are assigned;
- auditor: reads every record of their granted entities, edits nothing;
- board member: reads dashboards and board packs only.

Reference data shared by every entity (authority profiles and their holiday overrides, records
without a legal entity) is read by every register reader and created, changed and deleted by
administrators only: a change reaches entities no grant of the editor covers (an authority's
holidays move the reporting deadlines of every entity it supervises).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest

from midora.core.choices import Role
from midora.core.compiled_reads import CompiledRead

R = TypeVar("R")


def role_of(user: Any) -> str | None:
    if user is None or not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.ADMINISTRATOR
    profile = getattr(user, "profile", None)
    return profile.role if profile is not None else None


def sees_all_entities(user: Any) -> bool:
    return role_of(user) == Role.ADMINISTRATOR


def granted_entity_ids(user: Any) -> list[int]:
    """The ids of the legal entities a user may see (every entity for an administrator)."""
    from midora.core.models import LegalEntity

    if sees_all_entities(user):
        return list(LegalEntity.objects.values_list("pk", flat=True))
    profile = getattr(user, "profile", None)
    if profile is None:
        return []
    cache = user.__dict__.setdefault("_granted_entity_ids", None)
    if cache is None:
        cache = [pk for (pk,) in _granted(profile.pk)]
        user.__dict__["_granted_entity_ids"] = cache
    return cache


def _granted_to(profile_id: int) -> models.QuerySet:
    from midora.core.models import LegalEntity

    return LegalEntity.objects.filter(granted_users=profile_id).values_list("pk")


_granted = CompiledRead(_granted_to)  # read by every request of a user limited to some entities


def can_read_registers(user: Any) -> bool:
    return role_of(user) in {
        Role.ADMINISTRATOR,
        Role.COMPLIANCE_MANAGER,
        Role.CONTRIBUTOR,
        Role.AUDITOR,
    }


def can_read_board(user: Any) -> bool:
    return role_of(user) is not None


def can_generate_board_pack(user: Any) -> bool:
    """Generating a pack writes a kept snapshot: only roles that may edit records do it; the
    auditor and the board member read the packs others generated."""
    return role_of(user) in {Role.ADMINISTRATOR, Role.COMPLIANCE_MANAGER, Role.CONTRIBUTOR}


# Record types that define who sees what: created only by administrators, who grant the access
# (a manager limited to some entities would otherwise create an entity no grant gives them).
CREATED_BY_ADMINISTRATORS = frozenset({"core.legalentity"})


def is_reference_data(model: type[models.Model]) -> bool:
    """Records without a legal entity (an empty `scope_path`), shared by every entity."""
    return getattr(model, "scope_path", "entity") == ""


def can_create(user: Any, model: type[models.Model] | None = None) -> bool:
    if model is not None and (
        model._meta.label_lower in CREATED_BY_ADMINISTRATORS or is_reference_data(model)
    ):
        return role_of(user) == Role.ADMINISTRATOR
    return role_of(user) in {Role.ADMINISTRATOR, Role.COMPLIANCE_MANAGER, Role.CONTRIBUTOR}


def _is_assigned(user: Any, obj: models.Model) -> bool:
    if getattr(obj, "owner_id", None) == user.pk:
        return True
    for path in getattr(obj, "assignee_fields", ()):
        if getattr(obj, f"{path}_id", None) == user.pk:
            return True
    return False


def can_edit(user: Any, obj: models.Model) -> bool:
    role = role_of(user)
    if is_reference_data(type(obj)):
        return role == Role.ADMINISTRATOR
    if role in {Role.ADMINISTRATOR, Role.COMPLIANCE_MANAGER}:
        return in_scope(user, obj)
    if role == Role.CONTRIBUTOR:
        return in_scope(user, obj) and _is_assigned(user, obj)
    return False


def can_delete(user: Any, obj: models.Model) -> bool:
    if is_reference_data(type(obj)):
        return role_of(user) == Role.ADMINISTRATOR
    return role_of(user) in {Role.ADMINISTRATOR, Role.COMPLIANCE_MANAGER} and in_scope(user, obj)


def can_manage_users(user: Any) -> bool:
    return role_of(user) == Role.ADMINISTRATOR


def scope(user: Any, queryset: models.QuerySet) -> models.QuerySet:
    """Limit a queryset to the records of the user's entities (none for a board member)."""
    if not can_read_registers(user):
        return queryset.none()
    if sees_all_entities(user):
        return queryset
    path = getattr(queryset.model, "scope_path", "entity")
    if not path:  # reference data (catalogues, authority profiles): every reader sees it
        return queryset
    filtered = queryset.filter(**{f"{path}__in": granted_entity_ids(user)})
    return filtered.distinct() if "__" in path or path.endswith("entities") else filtered


def board_scope(user: Any, queryset: models.QuerySet) -> models.QuerySet:
    """Records behind board figures: the user's entities, board members included."""
    if not can_read_board(user):
        return queryset.none()
    if sees_all_entities(user):
        return queryset
    path = getattr(queryset.model, "scope_path", "entity")
    filtered = queryset.filter(**{f"{path}__in": granted_entity_ids(user)})
    return filtered.distinct() if "__" in path or path.endswith("entities") else filtered


def in_scope(user: Any, obj: models.Model) -> bool:
    if sees_all_entities(user):
        return True
    return scope(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def entity_allowed(user: Any, entity_id: int | None) -> bool:
    """May the user put a record under this entity (create or move it there)?"""
    if not isinstance(entity_id, int) or not 0 < entity_id < 2**63:
        return False
    if sees_all_entities(user):
        from midora.core.models import LegalEntity

        return LegalEntity.objects.filter(pk=entity_id).exists()
    return entity_id in granted_entity_ids(user)


def require(condition: bool, message: str = "You do not have permission to do this.") -> None:
    if not condition:
        raise PermissionDenied(message)


def require_register_reader(user: Any) -> None:
    """Registers are read by every role but the board's, which reads the board pages."""
    require(can_read_registers(user))


def register_readers_only(view: Callable[..., R]) -> Callable[..., R]:
    """A page (or a helper taking the request first) for register readers: anyone else gets the
    403 page before the view runs."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> R:
        require_register_reader(request.user)
        return view(request, *args, **kwargs)

    return guarded
