"""The incident intake in four steps over one form: which fields each step shows, which step the
user moves to, and which errors a step shows.

All fields of every step travel in the one form (the steps not shown are hidden sections), so
moving between steps never loses input; the server validates the steps up to the one left before
moving forward, and everything before recording.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from midora.incidents.forms import (
    COST_FIELDS,
    COUNTS,
    DATA,
    FLAGS,
    REPUTATION,
    SERVICE_MOMENTS,
    SHARES,
)


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    intro: str
    fields: tuple[str, ...]


STEPS: tuple[Step, ...] = (
    Step(
        "what",
        _("What happened"),
        _("The entity, what went wrong and when (times in the entity's time zone)."),
        (
            "entity",
            "title",
            "description",
            "status",
            "apparent_root_cause",
            "occurred_at",
            "detected_at",
            "aware_at",
            "resolved_at",
        ),
    ),
    Step(
        "impact",
        _("Impact"),
        _("What the incident touches and how many clients, transactions and Member States."),
        (
            "functions",
            "crypto_services",
            "ict_assets",
            "providers",
            "arrangements",
            "affected_entities",
            *COUNTS,
            "clients_affected_is_estimate",
            *SHARES,
            "transactions_affected_value_eur",
            "service_downtime_minutes",
            *SERVICE_MOMENTS,
            "member_states_impacted",
        ),
    ),
    Step(
        "classification",
        _("Classification"),
        _(
            "The facts the classification criteria of Delegated Regulation (EU) 2024/1772 "
            "weigh: reputation, data, access and economic impact."
        ),
        (
            *FLAGS,
            *REPUTATION,
            *(f"data_{key}" for key in DATA),
            "access_may_result_in_data_losses",
            "adverse_data_impact_established",
            *(f"cost_{key}" for key in COST_FIELDS),
            "costs_are_estimates",
            "financial_recoveries_eur",
            "impact_on_financial_interests_of_clients",
        ),
    ),
    Step(
        "reporting",
        _("Reporting"),
        _(
            "When the incident was classified as major starts the reporting clock; midora "
            "classifies the incident as soon as it is recorded."
        ),
        ("classified_at", "owner"),
    ),
)
KEYS = tuple(step.key for step in STEPS)
RECORD = "record"
REFRESH = "entity"


def step_of(key: str | None) -> int:
    """The index of a step key (the first step for anything else)."""
    return KEYS.index(key) if key in KEYS else 0


def fields_by_step(names: Iterable[str]) -> list[list[str]]:
    """Every form field under its step, in the step's order; a field no step names goes to the
    last step, so that nothing the forms carry is left out."""
    names = list(names)
    placed = {name for step in STEPS for name in step.fields}
    grouped = [[name for name in step.fields if name in names] for step in STEPS]
    grouped[-1] += [name for name in names if name not in placed]
    return grouped


def first_step_with_errors(grouped: Sequence[Sequence[str]], errors: Iterable[str]) -> int | None:
    """The first step holding one of the fields in error (form-wide errors: the last step)."""
    errors = set(errors)
    for index, names in enumerate(grouped):
        if errors.intersection(names):
            return index
    return len(grouped) - 1 if errors else None
