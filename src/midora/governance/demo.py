"""Demo step: remediation actions from risks and other sources, decisions of the management body,
and the opening dates that draw the burn-down."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Case, DateTimeField, Value, When
from django.utils import timezone

from midora.core import audit
from midora.core.audit_bulk import link_in_bulk, update_in_bulk

ORDER = 90

# source_type, title, priority, budget: opened only when the app behind it left none
OTHER_SOURCES = [
    (
        "compliance.requirementresult",
        "Document the ICT risk tolerance approved by the board",
        "high",
        None,
    ),
    (
        "compliance.requirementresult",
        "Complete the information asset inventory for the back office",
        "medium",
        Decimal("12000"),
    ),
    (
        "suppliers.clausereview",
        "Renegotiate exit assistance clause with the cloud provider",
        "high",
        Decimal("25000"),
    ),
    (
        "suppliers.clausereview",
        "Add audit and access rights to the KYC provider contract",
        "medium",
        None,
    ),
    (
        "incidents.incident",
        "Automate certificate renewal after the API outage",
        "high",
        Decimal("8000"),
    ),
    (
        "incidents.incident",
        "Add a second SEPA bank after the payments incident",
        "critical",
        Decimal("60000"),
    ),
]


def load(ctx) -> None:
    from midora.governance.models import Action, Decision

    rng, today = ctx.rng, ctx.today
    users = ctx.refs["users"]
    entities = [e for e in ctx.refs["entities"].values() if e.dora_in_scope]
    risks = ctx.refs.get("risks", [])
    actions: list[Action] = []
    from_risks: dict[int, list[Action]] = {}
    for risk in risks:
        if risk.treatment != "mitigate" or risk.residual_impact < 4 or rng.random() > 0.25:
            continue
        opened = today - dt.timedelta(days=rng.randint(5, 200))
        due = opened + dt.timedelta(days=rng.choice((60, 90, 120, 180)))
        closed = due < today and rng.random() < 0.6
        action = Action(
            entity_id=risk.entity_id,
            title=f"Treat {risk.reference}: {risk.title}"[:200],
            description=risk.treatment_plan,
            due_date=due,
            status="done" if closed else rng.choice(["open", "in_progress", "in_progress"]),
            priority="high" if risk.residual_impact == 5 else "medium",
            source_type="ictrisk.risk",
            source_id=str(risk.pk),
            budget_needed=rng.choice([None, Decimal("10000"), Decimal("30000"), Decimal("75000")]),
            budget_approved=closed or rng.random() < 0.4,
            progress=100 if closed else rng.choice([0, 20, 40, 70]),
            closed_date=min(due, today) if closed else None,
            owner=None if rng.random() < 0.15 else risk.owner,
        )
        action.demo_created = opened
        actions.append(action)
        from_risks.setdefault(risk.entity_id, []).append(action)
    for entity in entities:
        for source_type, title, priority, budget in OTHER_SOURCES:
            if Action.objects.filter(entity=entity, source_type=source_type).exists():
                continue
            opened = today - dt.timedelta(days=rng.randint(20, 170))
            action = Action(
                entity=entity,
                title=title,
                source_type=source_type,
                priority=priority,
                due_date=opened + dt.timedelta(days=rng.choice((45, 90, 150))),
                budget_needed=budget,
                budget_approved=False,
                progress=rng.choice([0, 25, 50]),
                status=rng.choice(["open", "in_progress"]),
                owner=None if rng.random() < 0.3 else users["compliance"],
            )
            action.demo_created = opened
            actions.append(action)
    Action.objects.bulk_create(actions, batch_size=2000)
    audit.record_created(actions)
    _backdate(actions + ctx.refs.get("dated_actions", []))
    ctx.count("remediation actions", len(actions) + len(ctx.refs.get("dated_actions", [])))

    acceptances_by_entity: dict[int, list] = {}
    for acceptance in ctx.refs.get("acceptances", []):
        acceptances_by_entity.setdefault(acceptance.risk.entity_id, []).append(acceptance)
    decisions = []
    for entity in entities:
        year = today.year
        for number, (subject, text, when) in enumerate(
            [
                (
                    "ICT risk management framework and risk tolerance",
                    "The management body approves the framework and sets the ICT risk appetite at score 9.",
                    dt.date(year - 1, 12, 12),
                ),
                (
                    "Digital operational resilience testing programme",
                    "The programme for the coming year is approved, including the external penetration tests.",
                    dt.date(year - 1, 12, 12),
                ),
                (
                    "Acceptance of residual ICT risks",
                    "The residual risks listed in the annex are accepted for twelve months with monitoring.",
                    today - dt.timedelta(days=120),
                ),
                (
                    "Remediation budget",
                    "Budget granted for the high-priority remediation actions listed in the annex.",
                    today - dt.timedelta(days=45),
                ),
            ],
            start=1,
        ):
            decisions.append(
                Decision(
                    entity=entity,
                    reference=f"MB-{when.year}-{entity.country}-{number:02d}",
                    date=when,
                    subject=subject,
                    decision=text,
                    owner=users["compliance"],
                    minutes_reference=f"Minutes of the management body, {when.isoformat()} (DMS {rng.randint(1000, 9999)})",
                )
            )
    Decision.objects.bulk_create(decisions, batch_size=2000)
    audit.record_created(decisions)
    by_entity = {}
    for decision in decisions:
        by_entity.setdefault(decision.entity_id, []).append(decision)
    risk_links, action_links = [], []
    accepted = []
    for entity_id, items in by_entity.items():
        acceptance_decision, budget_decision = items[2], items[3]
        for acceptance in acceptances_by_entity.get(entity_id, []):
            acceptance.decision = acceptance_decision
            accepted.append(acceptance)
            risk_links.append((acceptance_decision.pk, acceptance.risk_id))
        for action in from_risks.get(entity_id, [])[:20]:
            if action.budget_needed and action.budget_approved:
                action_links.append((budget_decision.pk, action.pk))
    update_in_bulk(accepted, ["decision"])  # the ictrisk step's acceptances (ctx.refs)
    link_in_bulk(Decision, "risks", sorted(set(risk_links)))
    link_in_bulk(Decision, "actions", action_links)
    ctx.count("decisions of the management body", len(decisions))


def _backdate(actions: list) -> None:
    """Give actions the day they were opened (bulk_create stamps them all with today)."""
    from midora.governance.models import Action

    dated = [a for a in actions if getattr(a, "demo_created", None)]
    for start in range(0, len(dated), 500):
        chunk = dated[start : start + 500]
        Action.objects.filter(pk__in=[a.pk for a in chunk]).update(
            created_at=Case(
                *[
                    When(
                        pk=a.pk,
                        then=Value(
                            timezone.make_aware(dt.datetime.combine(a.demo_created, dt.time(9)))
                        ),
                    )
                    for a in chunk
                ],
                output_field=DateTimeField(),
            )
        )
