"""Single sign-on provisioning (midora.core.sso): users created and updated from the groups of
their claims, audited; local accounts never taken over; the group map checked. The whole flow
against a real provider is in tests/browser/test_single_sign_on.py."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from midora.core import sso
from midora.core.choices import Role
from midora.core.engine.group_map import GroupMapError
from midora.core.models import AuditEvent
from tests.factories import make_entity, make_user


@pytest.fixture
def group_map(settings, tmp_path, entity, other_entity):
    path = tmp_path / "groups.yaml"
    path.write_text(
        f"compliance-fr:\n  role: compliance_manager\n  entities: [{entity.lei}]\n"
        f"auditors-de:\n  role: auditor\n  entities: [{other_entity.lei}]\n"
        "admins:\n  role: administrator\n",
        encoding="utf-8",
    )
    settings.MIDORA_OIDC_GROUP_MAP = path
    return path


def _claims(groups, username="ana"):
    return {"sub": "x1", "preferred_username": username, "email": "ana@x.example", "groups": groups}


def test_first_sign_in_creates_the_user_with_the_mapped_grant(group_map, entity, other_entity):
    user = sso.provision(_claims(["compliance-fr", "auditors-de", "staff"]))
    assert user.profile.role == Role.COMPLIANCE_MANAGER
    assert {e.pk for e in user.profile.entities.all()} == {entity.pk, other_entity.pk}
    assert not user.has_usable_password()
    event = AuditEvent.objects.filter(record_type="core.userprofile").latest("sequence")
    assert (event.actor, event.source) == ("ana", "sso")


def test_each_sign_in_follows_the_groups_again_and_is_audited(group_map, other_entity):
    sso.provision(_claims(["compliance-fr"]))
    user = sso.provision(_claims(["auditors-de"]))
    user.profile.refresh_from_db()
    assert user.profile.role == Role.AUDITOR
    assert [e.pk for e in user.profile.entities.all()] == [other_entity.pk]
    event = AuditEvent.objects.filter(record_type="core.userprofile").latest("sequence")
    assert event.changes["role"] == ["compliance_manager", "auditor"]


def test_a_local_account_with_a_password_is_not_taken_over(group_map):
    make_user("ana", Role.CONTRIBUTOR)
    with pytest.raises(sso.SignOnRefused, match="local account named 'ana'"):
        sso.provision(_claims(["admins"]))
    assert get_user_model().objects.get(username="ana").profile.role == Role.CONTRIBUTOR


def test_no_mapped_group_and_no_user_name_are_refused(group_map):
    with pytest.raises(sso.SignOnRefused, match="none of the groups"):
        sso.provision(_claims(["staff"]))
    with pytest.raises(sso.SignOnRefused, match="preferred_username"):
        sso.provision(_claims(["admins"], username=""))
    assert not get_user_model().objects.exists()


def test_a_group_map_naming_an_unknown_entity_is_refused_with_the_entry(settings, tmp_path, db):
    make_entity("Alpha CASP SAS", "FR")
    path = tmp_path / "groups.yaml"
    path.write_text("ops:\n  role: auditor\n  entities: [529900HNOAA1KXQJUQ27]\n", "utf-8")
    settings.MIDORA_OIDC_GROUP_MAP = path
    with pytest.raises(
        GroupMapError, match="group 'ops': no legal entity with LEI 529900HNOAA1KXQJUQ27"
    ):
        sso.load_group_map()
    settings.MIDORA_OIDC_GROUP_MAP = tmp_path / "missing.yaml"
    with pytest.raises(GroupMapError, match="no such file"):
        sso.load_group_map()


def test_password_sign_in_is_untouched_when_single_sign_on_is_configured(client, settings, db):
    settings.OIDC_RP_CLIENT_ID = "midora"
    settings.MIDORA_OIDC_ISSUER = "http://127.0.0.1:9"  # nothing listens: never contacted
    make_user("local", Role.AUDITOR)
    page = client.get("/login/")
    assert 'id="sso-sign-in"' in page.content.decode()
    signed_in = client.post("/login/", {"username": "local", "password": "a-long-test-password"})
    assert signed_in.status_code == 302


def test_without_a_client_id_there_is_no_single_sign_on_button(client, db):
    assert 'id="sso-sign-in"' not in client.get("/login/").content.decode()


def test_the_cli_checks_the_group_map(group_map, entity, capsys, settings, tmp_path):
    from midora.cli import main as midora

    assert midora(["sso", "check"]) == 0
    out = capsys.readouterr().out
    assert "3 group(s)" in out and f"compliance-fr\tcompliance_manager\t{entity.lei}" in out
    settings.MIDORA_OIDC_GROUP_MAP = tmp_path / "bad.yaml"
    settings.MIDORA_OIDC_GROUP_MAP.write_text("admins:\n  role: root\n", encoding="utf-8")
    assert midora(["sso", "check"]) != 0
    assert "role 'root' is not one of" in capsys.readouterr().err
