"""The bulk "Link to…" action: the selected risks linked to one control or asset, checked per
record through the risk's own edit form, all or nothing, one audit event per changed record."""

from __future__ import annotations

import pytest

from midora.compliance.models import Control
from midora.core import audit
from midora.core.choices import Role
from tests.factories import make_entity, make_user
from tests.ictrisk.builders import make_asset, make_risk

pytestmark = pytest.mark.django_db

LIST = "/ict-risk/risks/"
BULK = "/ict-risk/risks/bulk/"


@pytest.fixture
def risks(entity):
    return [make_risk(entity, title=f"Risk {n}") for n in range(3)]


@pytest.fixture
def control(entity):
    control = Control.objects.create(code="CTL-KEY-01", title="Dual control of signing keys")
    control.entities.add(entity)
    return control


def events(obj) -> int:
    return audit.history(obj).count()


def test_list_offers_the_links_to_roles_that_edit(entity, risks, client_for):
    manager = make_user("manager", Role.COMPLIANCE_MANAGER, [entity])
    html = client_for(manager).get(LIST).content.decode()
    assert 'value="link_choose"' in html
    for name in ("assets", "functions", "providers", "controls"):
        assert f'<option value="{name}">' in html
    auditor = make_user("auditor", Role.AUDITOR, [entity])
    assert 'value="link_choose"' not in client_for(auditor).get(LIST).content.decode()


def test_chooser_lists_only_targets_in_the_users_scope(entity, risks, control, client_for):
    manager = make_user("manager", Role.COMPLIANCE_MANAGER, [entity])
    hidden = Control.objects.create(code="CTL-BETA-01", title="Beta only")
    hidden.entities.add(make_entity("Beta CASP GmbH", "DE"))
    response = client_for(manager).post(
        BULK,
        {"ids": [r.pk for r in risks[:2]], "action": "link_choose", "link": "controls"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Link 2 selected records to" in html and 'name="target"' in html
    assert "CTL-KEY-01" in html and "CTL-BETA-01" not in html
    assert html.count('type="hidden" name="ids"') == 2


def test_link_writes_one_event_per_linked_record(entity, risks, control, client_for):
    manager = make_user("manager", Role.COMPLIANCE_MANAGER, [entity])
    picked, other = risks[:2], risks[2]
    picked[0].controls.add(control)  # already linked: counted, not changed
    before = {r.pk: events(r) for r in risks}
    response = client_for(manager).post(
        BULK,
        {
            "ids": [r.pk for r in picked],
            "action": "link",
            "link": "controls",
            "target": control.pk,
            "next": LIST,
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Linked 1 record to" in html and "1 was already linked" in html
    picked[1].refresh_from_db()
    assert list(picked[1].controls.all()) == [control]
    assert events(picked[1]) == before[picked[1].pk] + 1
    latest = audit.history(picked[1]).order_by("-sequence").first()
    assert latest.actor_id == manager.pk and "controls" in latest.changes
    assert set(latest.changes) <= {"controls", "version", "updated_at"}
    assert events(picked[0]) == before[picked[0].pk] and events(other) == before[other.pk]
    assert not other.controls.exists()


def test_another_entitys_asset_is_refused_and_named(entity, risks, client_for):
    beta = make_entity("Beta CASP GmbH", "DE")
    manager = make_user("manager", Role.COMPLIANCE_MANAGER, [entity, beta])
    beta_risk = make_risk(beta, title="Beta risk")
    asset = make_asset(entity, "Custody hot wallet", asset_type="hot_wallet")
    before = {r.pk: events(r) for r in [*risks, beta_risk]}
    response = client_for(manager).post(
        BULK,
        {
            "ids": [risks[0].pk, beta_risk.pk],
            "action": "link",
            "link": "assets",
            "target": asset.pk,
            "next": LIST,
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Nothing changed: 1 of the selected rows" in html
    assert str(beta_risk) in html and "Custody hot wallet" in html
    assert not risks[0].assets.exists() and not beta_risk.assets.exists()
    assert all(events(r) == before[r.pk] for r in [*risks, beta_risk])


def test_least_privilege(entity, risks, control, client_for):
    contributor = make_user("contrib", Role.CONTRIBUTOR, [entity])
    mine = risks[0]
    mine.owner = contributor
    mine.save()
    response = client_for(contributor).post(
        BULK,
        {
            "ids": [mine.pk, risks[1].pk],
            "action": "link",
            "link": "controls",
            "target": control.pk,
            "next": LIST,
        },
        follow=True,
    )
    assert "cannot edit" in response.content.decode()
    assert not mine.controls.exists()
    # a target outside the user's entities is not offered, so not taken
    beta = make_entity("Beta CASP GmbH", "DE")
    hidden = Control.objects.create(code="CTL-BETA-01", title="Beta only")
    hidden.entities.add(beta)
    manager = make_user("manager", Role.COMPLIANCE_MANAGER, [entity])
    response = client_for(manager).post(
        BULK,
        {"ids": [mine.pk], "action": "link", "link": "controls", "target": hidden.pk},
        follow=True,
    )
    assert "Choose a record to link to" in response.content.decode()
    assert not mine.controls.exists()
    auditor = make_user("auditor", Role.AUDITOR, [entity])
    denied = client_for(auditor).post(
        BULK, {"ids": [mine.pk], "action": "link", "link": "controls", "target": control.pk}
    )
    assert denied.status_code == 403


def test_a_failure_mid_way_rolls_every_link_back(entity, risks, control, client_for, monkeypatch):
    from midora.ictrisk.models import Risk

    manager = make_user("manager", Role.COMPLIANCE_MANAGER, [entity])
    original = Risk.save
    saved = []

    def failing_save(self, *args, **kwargs):
        if saved:
            raise RuntimeError("disk full")
        saved.append(self.pk)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Risk, "save", failing_save)
    before = {r.pk: events(r) for r in risks}
    client = client_for(manager)
    client.raise_request_exception = False
    response = client.post(
        BULK,
        {"ids": [r.pk for r in risks], "action": "link", "link": "controls", "target": control.pk},
    )
    assert response.status_code == 500 and len(saved) == 1
    for risk in risks:
        risk.refresh_from_db()
        assert not risk.controls.exists() and risk.version == 1
        assert events(risk) == before[risk.pk]


def test_the_chooser_and_the_outcome_speak_german(entity, risks, control, client_for):
    manager = make_user("manager", Role.COMPLIANCE_MANAGER, [entity])
    client = client_for(manager)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    html = client.post(
        BULK, {"ids": [risks[0].pk], "action": "link_choose", "link": "controls"}
    ).content.decode()
    assert "1 ausgewählten Datensatz verknüpfen mit…" in html and "Verknüpfen" in html
    response = client.post(
        BULK,
        {"ids": [risks[0].pk], "action": "link", "link": "controls", "target": control.pk},
        follow=True,
    )
    assert "1 Datensatz mit „CTL-KEY-01" in response.content.decode()
