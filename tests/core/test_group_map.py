"""The single sign-on group map (pure): validation and the grant of a user's groups."""

from __future__ import annotations

import pytest

from midora.core.engine.group_map import GroupMapError, parse_group_map, resolve

ROLES = ["administrator", "compliance_manager", "contributor", "auditor", "board_member"]
LEI_FR = "969500T3MBS4SQAMHJ45"
LEI_DE = "529900HNOAA1KXQJUQ27"


def test_the_most_privileged_role_and_every_entity_of_the_mapped_groups():
    group_map = parse_group_map(
        {
            "auditors-de": {"role": "auditor", "entities": [LEI_DE]},
            "compliance-fr": {"role": "compliance_manager", "entities": [LEI_FR.lower()]},
        },
        ROLES,
    )
    grant = resolve(["staff", "auditors-de", "compliance-fr"], group_map, ROLES)
    assert grant is not None
    assert grant.role == "compliance_manager"
    assert grant.entities == {LEI_FR, LEI_DE}
    assert grant.groups == ("auditors-de", "compliance-fr")


def test_no_mapped_group_grants_nothing():
    group_map = parse_group_map({"admins": {"role": "administrator"}}, ROLES)
    assert resolve(["staff"], group_map, ROLES) is None
    assert resolve([], group_map, ROLES) is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (["admins"], "must be a mapping"),
        ({"admins": "administrator"}, "group 'admins': expected"),
        ({"admins": {"role": "root"}}, "group 'admins': role 'root' is not one of"),
        ({"admins": {"role": "auditor", "entities": LEI_FR}}, "entities must be a list"),
        ({"admins": {"role": "auditor", "entitys": [LEI_FR]}}, "unknown key(s) entitys"),
    ],
)
def test_a_bad_entry_is_named(raw, message):
    with pytest.raises(GroupMapError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_group_map(raw, ROLES)
