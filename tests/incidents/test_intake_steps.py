"""The stepped incident intake: four steps over one form, validated step by step on the server,
no input lost between steps, the entity's own records offered and named with their entity."""

from __future__ import annotations

import re

import pytest

from midora.core.choices import Role
from midora.incidents.intake_steps import KEYS, STEPS, fields_by_step, first_step_with_errors
from midora.incidents.models import Incident
from midora.suppliers.models import ContractualArrangement, ICTProvider
from tests.factories import make_user
from tests.ictrisk.builders import make_asset

from .test_app_web import INTAKE

pytestmark = pytest.mark.django_db

URL = "/incidents/records/add/"


def shown_step(html: str) -> str:
    """The key of the one step section shown (the others are hidden)."""
    shown = re.findall(r'<fieldset class="step" id="step-(\w+)">', html)
    assert len(shown) == 1, shown
    return shown[0]


@pytest.fixture
def two_entities(entity, other_entity):
    user = make_user("officer", Role.COMPLIANCE_MANAGER, [entity, other_entity])
    for owner in (entity, other_entity):
        make_asset(owner, "Client identity and KYC records")
    provider = ICTProvider.objects.create(name="Cloudhost GmbH")
    ContractualArrangement.objects.create(
        reference="CA-000-00001", provider=provider, entity=entity
    )
    return user


def test_steps_cover_every_intake_field_once():
    from midora.incidents.forms import ImpactForm, IncidentForm

    names = [*IncidentForm.base_fields, *ImpactForm().fields]
    grouped = fields_by_step(names)
    flat = [name for names in grouped for name in names]
    assert sorted(flat) == sorted(set(names)) and len(flat) == len(set(flat))
    assert [s.key for s in STEPS] == ["what", "impact", "classification", "reporting"]
    assert first_step_with_errors(grouped, ["clients_affected"]) == 1
    assert first_step_with_errors(grouped, ["__all__"]) == len(STEPS) - 1
    assert first_step_with_errors(grouped, []) is None


def test_first_step_is_shown_alone(entity, compliance_user, client_for):
    html = client_for(compliance_user).get(URL).content.decode()
    assert shown_step(html) == "what"
    assert html.count('<fieldset class="step"') == len(KEYS)
    assert 'hx-post="/incidents/records/add/"' in html  # the entity choice refreshes its records


def test_next_validates_only_the_steps_done(entity, compliance_user, client_for):
    client = client_for(compliance_user)
    missing = client.post(URL, {"entity": entity.pk, "step": "what", "goto": "impact"})
    assert missing.status_code == 422
    html = missing.content.decode()
    assert shown_step(html) == "what" and "This field is required" in html
    # a wrong figure of a later step is not judged before its step is left
    moved = client.post(
        URL,
        {**INTAKE, "entity": entity.pk, "clients_affected": "-3", "step": "what", "goto": "impact"},
    )
    assert moved.status_code == 200
    html = moved.content.decode()
    assert shown_step(html) == "impact" and "greater than or equal to 0" not in html
    # input of every step travels along: the title typed in step 1 is still in the form
    assert 'value="Matching engine down"' in html and 'value="-3"' in html
    back = client.post(
        URL,
        {**INTAKE, "entity": entity.pk, "clients_affected": "-3", "step": "impact", "goto": "what"},
    )
    assert back.status_code == 200 and shown_step(back.content.decode()) == "what"
    stuck = client.post(
        URL,
        {
            **INTAKE,
            "entity": entity.pk,
            "clients_affected": "-3",
            "step": "impact",
            "goto": "classification",
        },
    )
    assert stuck.status_code == 422
    html = stuck.content.decode()
    assert shown_step(html) == "impact" and "greater than or equal to 0" in html
    assert not Incident.objects.exists()


def test_recording_shows_the_step_in_error_and_records_once(entity, compliance_user, client_for):
    client = client_for(compliance_user)
    wrong = client.post(
        URL, {**INTAKE, "entity": entity.pk, "clients_affected": "200000", "goto": "record"}
    )
    assert wrong.status_code == 422
    assert shown_step(wrong.content.decode()) == "impact"
    done = client.post(URL, {**INTAKE, "entity": entity.pk, "step": "reporting", "goto": "record"})
    assert done.status_code == 302
    assert Incident.objects.get().title == "Matching engine down"


def test_choices_are_the_entitys_records_named_with_their_entity(
    entity, other_entity, two_entities, client_for
):
    client = client_for(two_entities)
    html = client.get(f"{URL}?entity={entity.pk}").content.decode()
    assert "Client identity and KYC records — Alpha CASP SAS" in html
    assert "Client identity and KYC records — Beta CASP GmbH" not in html
    assert "CA-000-00001 · Cloudhost GmbH — Alpha CASP SAS" in html
    # the entity changes (htmx): the other entity's records, the input kept, no errors yet
    refreshed = client.post(
        URL,
        {"entity": other_entity.pk, "title": "Wallet outage", "step": "what", "goto": "entity"},
        HTTP_HX_REQUEST="true",
    )
    assert refreshed.status_code == 200
    html = refreshed.content.decode()
    assert "Client identity and KYC records — Beta CASP GmbH" in html
    assert "Client identity and KYC records — Alpha CASP SAS" not in html
    assert "CA-000-00001" not in html
    assert 'value="Wallet outage"' in html and "errorlist" not in html
    assert shown_step(html) == "what"


def test_an_arrangement_title_naming_its_entity_names_it_once(entity, compliance_user):
    from midora.incidents.forms import IncidentForm

    provider = ICTProvider.objects.create(name="VaultMPC Technologies Ltd")
    ContractualArrangement.objects.create(
        reference="CA-002-00000",
        provider=provider,
        entity=entity,
        title="Custody technology services for Alpha CASP SAS",
    )
    form = IncidentForm(user=compliance_user, for_entity=entity)
    labels = [label for _value, label in form.fields["arrangements"].choices]
    assert labels == [
        "CA-002-00000 Custody technology services · VaultMPC Technologies Ltd — Alpha CASP SAS"
    ]
