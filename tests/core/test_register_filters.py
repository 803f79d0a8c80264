"""The yes/no filters a register builds on a condition: "Overdue" leaves finished work out,
"Review overdue" follows the lookup it is given, "Supports critical functions" follows the
asset links, "In office" keeps people with no end date or one
still to come; each "No" lists exactly the other rows. And the choices a filter offers: the records, or the
distinct values, of the user's own entities, labelled and in order."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from midora.authorisation.models import Person
from midora.authorisation.registers import people
from midora.core.choices import Role
from midora.core.registers import legal_entities
from midora.governance.models import Action
from midora.governance.registers import actions
from midora.ictrisk.models import ICTAsset, Risk
from midora.ictrisk.registers import acceptances, ict_assets, risks
from tests.factories import make_entity, make_user
from tests.governance.test_actions import make_action
from tests.ictrisk.builders import make_asset, make_function, make_risk

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def _choices(register, param: str, user) -> list:
    flt = next(f for f in register.filters if f.param == param)
    return list(flt.choices(SimpleNamespace(user=user)))


def _titles(register, param: str, raw: str, queryset, field: str = "title") -> set[str]:
    flt = next(f for f in register.filters if f.param == param)
    return set(flt.apply(queryset, raw).values_list(field, flat=True))


def test_overdue_actions_leave_finished_ones_out(entity):
    today = timezone.localdate()
    make_action(entity, "ictrisk.risk", title="Late", due_date=today - DAY)
    make_action(entity, "ictrisk.risk", title="Due today", due_date=today)
    make_action(entity, "ictrisk.risk", title="Closed late", due_date=today - DAY, status="done")
    every = Action.objects.all()
    assert _titles(actions, "overdue", "true", every) == {"Late"}
    assert _titles(actions, "overdue", "false", every) == {"Due today", "Closed late"}


def test_review_overdue_risks_and_the_others(entity):
    today = timezone.localdate()
    make_risk(entity, title="Late review", next_review=today - DAY)
    make_risk(entity, title="Review today", next_review=today)
    every = Risk.objects.all()
    assert _titles(risks, "review_overdue", "true", every) == {"Late review"}
    assert _titles(risks, "review_overdue", "false", every) == {"Review today"}


def test_people_in_office_and_the_others(entity):
    today = timezone.localdate()
    for name, ended_on in [("Serving", None), ("Leaving", today), ("Gone", today - DAY)]:
        Person.objects.create(
            entity=entity, full_name=name, role="management_body", ended_on=ended_on
        )
    every = Person.objects.all()
    assert _titles(people, "current", "true", every, "full_name") == {"Serving", "Leaving"}
    assert _titles(people, "current", "false", every, "full_name") == {"Gone"}


def test_assets_supporting_critical_functions_and_the_others(entity):
    app = make_asset(entity, "Custody platform")
    app.functions.add(make_function(entity, critical=True))
    app.depends_on.add(make_asset(entity, "Signing HSM", asset_type="hsm"))
    make_asset(entity, "Intranet").functions.add(make_function(entity, critical=False))
    every = ICTAsset.objects.all()
    assert _titles(ict_assets, "critical", "true", every, "name") == {
        "Custody platform",
        "Signing HSM",
    }
    assert _titles(ict_assets, "critical", "false", every, "name") == {"Intranet"}


def test_country_choices_are_the_users_entities_countries_by_name(entity, other_entity):
    gamma = make_entity("Gamma CASP BV", "NL")
    make_entity("Delta CASP Srl", "IT")
    make_entity("Epsilon CASP SA", "FR")
    user = make_user("officer", Role.COMPLIANCE_MANAGER, [entity, other_entity, gamma])
    assert _choices(legal_entities, "country", user) == [
        ("FR", "France"),
        ("DE", "Germany"),
        ("NL", "Netherlands"),
    ]


def test_source_choices_are_distinct_and_labelled(entity, other_entity):
    make_action(entity, "ictrisk.risk")
    make_action(entity, "ictrisk.risk")
    make_action(entity, "resilience.finding")
    make_action(other_entity, "incidents.incident")
    user = make_user("officer", Role.COMPLIANCE_MANAGER, [entity])
    assert _choices(actions, "source", user) == [
        ("ictrisk.risk", "ICT risk"),
        ("resilience.finding", "Test finding"),
    ]


def test_risk_choices_are_the_users_risks_by_reference(entity, other_entity):
    second = make_risk(entity, reference="R-0002")
    first = make_risk(entity, reference="R-0001")
    make_risk(other_entity, reference="R-0000")
    user = make_user("officer", Role.COMPLIANCE_MANAGER, [entity])
    assert _choices(acceptances, "risk", user) == [(first.pk, "R-0001"), (second.pk, "R-0002")]
