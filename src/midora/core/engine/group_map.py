"""Single sign-on: which midora role and legal entities an identity provider's groups grant.

The group map is data (a YAML file named by ``MIDORA_OIDC_GROUP_MAP``): each identity-provider
group names one role and, for roles that are scoped, the LEIs of the legal entities it grants::

    midora-administrators:
      role: administrator
    compliance-france:
      role: compliance_manager
      entities: [969500T3MBS4SQAMHJ45]

A user in several mapped groups gets the most privileged of their roles and the union of the
entities. A user in no mapped group gets nothing (the sign-in is refused). This supports the
least-privilege principle of DORA Art. 9(4)(c) and RTS 2024/1774 Art. 21: access follows the
identity provider's groups, re-read at every sign-in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


class GroupMapError(ValueError):
    """The group map cannot be used, with the entry and the reason."""


@dataclass(frozen=True)
class GroupGrant:
    role: str
    entities: frozenset[str]


@dataclass(frozen=True)
class Grant:
    role: str
    entities: frozenset[str]
    groups: tuple[str, ...]


def parse_group_map(raw: Any, roles: Sequence[str]) -> dict[str, GroupGrant]:
    """Validate the loaded YAML: a mapping of group name to ``{role, entities}``.

    ``roles`` lists the valid role values, most privileged first."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise GroupMapError("the group map must be a mapping of group name to {role, entities}")
    parsed: dict[str, GroupGrant] = {}
    for group, entry in raw.items():
        if not isinstance(entry, Mapping):
            raise GroupMapError(f"group {group!r}: expected {{role: ..., entities: [...]}}")
        unknown_keys = sorted(set(entry) - {"role", "entities"})
        if unknown_keys:
            raise GroupMapError(f"group {group!r}: unknown key(s) {', '.join(unknown_keys)}")
        role = entry.get("role")
        if not isinstance(role, str) or role not in roles:
            raise GroupMapError(f"group {group!r}: role {role!r} is not one of {', '.join(roles)}")
        entities = entry.get("entities") or []
        if not isinstance(entities, list) or not all(isinstance(e, str) for e in entities):
            raise GroupMapError(f"group {group!r}: entities must be a list of LEIs")
        parsed[str(group)] = GroupGrant(role, frozenset(e.strip().upper() for e in entities))
    return parsed


def resolve(
    groups: Iterable[str], group_map: Mapping[str, GroupGrant], roles: Sequence[str]
) -> Grant | None:
    """The grant of a user in ``groups``: the most privileged mapped role (order of ``roles``)
    and every entity of their mapped groups; None when no group is mapped."""
    matched = sorted({g for g in groups if g in group_map})
    if not matched:
        return None
    role = min((group_map[g].role for g in matched), key=roles.index)
    entities = frozenset().union(*(group_map[g].entities for g in matched))
    return Grant(role, entities, tuple(matched))
