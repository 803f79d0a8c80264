"""Demo step: a testing programme per CASP for last year and this year, tests done and planned,
findings that open remediation actions; some critical functions (market surveillance, travel-rule
transfers) stay outside every test scope, so the coverage page has gaps to show."""

from __future__ import annotations

import datetime as dt

from midora.core import audit
from midora.core.audit_bulk import link_in_bulk, update_in_bulk

ORDER = 55

# title, type, tester, month, function suffixes, asset keys, findings [(title, severity)]
PROGRAMME = [
    (
        "Quarterly external vulnerability scan",
        "vulnerability_assessment",
        "external",
        2,
        ["ONBD", "TRAD"],
        ["portal", "network"],
        [("Outdated TLS configuration on API gateway", "medium")],
    ),
    (
        "Network segmentation review",
        "network_security",
        "internal",
        3,
        [],
        ["network"],
        [("Office VLAN reaches the signing subnet", "high")],
    ),
    (
        "Open-source dependency analysis of wallet services",
        "open_source_analysis",
        "internal",
        4,
        ["CUST"],
        ["hot"],
        [("Unpinned dependency in transaction builder", "medium")],
    ),
    (
        "Source code review of the signing service",
        "source_code_review",
        "external",
        5,
        ["KEYM"],
        ["mpc", "hsm"],
        [("Missing replay protection on approval messages", "critical")],
    ),
    (
        "Scenario test: compromised operator laptop",
        "scenario_based",
        "internal",
        6,
        ["CUST", "KEYM"],
        ["hot", "idp"],
        [],
    ),
    (
        "Penetration test of the client app",
        "penetration_test",
        "external",
        7,
        ["ONBD"],
        ["portal"],
        [("Account enumeration on password reset", "low"), ("Stored XSS in support chat", "high")],
    ),
    (
        "Disaster recovery failover of the ledger",
        "dr_exercise",
        "internal",
        9,
        ["CUST", "PAYM", "TRAD"],
        ["ledger", "cloud"],
        [("Failover took 5 h against a 4 h RTO", "high")],
    ),
    (
        "Business continuity exercise: office unavailable",
        "bcp_exercise",
        "internal",
        10,
        ["CLSV", "FINR"],
        [],
        [],
    ),
    (
        "Provider failure: KYC screening service down",
        "provider_failure",
        "internal",
        11,
        ["ONBD"],
        ["kyc"],
        [("No manual fallback for sanctions screening", "medium")],
    ),
    ("Crisis communication drill", "crisis_communication", "internal", 11, ["CLSV"], [], []),
]


def load(ctx) -> None:
    from midora.governance.models import Action
    from midora.resilience.models import Finding, ResilienceTest, TestingProgramme

    rng, today = ctx.rng, ctx.today
    users = ctx.refs["users"]
    entities = [e for e in ctx.refs["entities"].values() if e.dora_in_scope]
    functions = {(f.entity_id, f.identifier.rsplit("-", 1)[-1]): f for f in ctx.refs["functions"]}
    assets = ctx.refs.get("assets", {})
    programmes, tests, scopes = [], [], []
    for entity in entities:
        for year in (today.year - 1, today.year):
            programme = TestingProgramme(
                entity=entity,
                year=year,
                title=f"Digital operational resilience testing programme {year}",
                approved_on=dt.date(year - 1, 12, 12),
                notes="Approved by the management body with the ICT risk management framework.",
                owner=users["ciso"],
            )
            programmes.append(programme)
            for title, kind, tester, month, suffixes, asset_keys, findings in PROGRAMME:
                day = dt.date(year, month, rng.randint(3, 26))
                done = day <= today - dt.timedelta(days=7) and rng.random() > 0.05
                test = ResilienceTest(
                    entity=entity,
                    title=title,
                    test_type=kind,
                    status="done" if done else "planned",
                    planned_date=day,
                    performed_date=day + dt.timedelta(days=rng.randint(0, 5)) if done else None,
                    tester=tester,
                    tester_name="Redline Security GmbH"
                    if tester == "external"
                    else "ICT security team",
                    outcome=("findings" if findings else "passed") if done else "",
                    results="See the report; findings opened as remediation actions."
                    if done
                    else "",
                    evidence_reference=f"EVD/{entity.country}/{year}/{kind}" if done else "",
                    owner=users["engineer"] if entity.country == "DE" else users["ciso"],
                )
                test.demo_programme = programme
                tests.append(test)
                # MKTS is left out of every test scope: the coverage page shows it untested
                scope_functions = [
                    functions[(entity.pk, s)] for s in suffixes if (entity.pk, s) in functions
                ]
                scope_assets = [
                    assets[(entity.pk, k)] for k in asset_keys if (entity.pk, k) in assets
                ]
                scopes.append((test, scope_functions, scope_assets, findings if done else []))
    TestingProgramme.objects.bulk_create(programmes, batch_size=2000)
    audit.record_created(programmes)
    for test in tests:
        test.programme = test.demo_programme
    ResilienceTest.objects.bulk_create(tests, batch_size=2000)
    audit.record_created(tests)
    link_in_bulk(
        ResilienceTest, "functions", [(t.pk, f.pk) for t, fs, _a, _f in scopes for f in fs]
    )
    link_in_bulk(
        ResilienceTest, "assets", [(t.pk, a.pk) for t, _fs, assets_, _f in scopes for a in assets_]
    )
    findings = []
    for test, _fs, _as, items in scopes:
        for title, severity in items:
            findings.append(
                Finding(
                    test=test,
                    title=title,
                    severity=severity,
                    owner=test.owner,
                    description=f"Found by “{test.title}” on {test.performed_date}.",
                )
            )
    Finding.objects.bulk_create(findings, batch_size=2000)
    audit.record_created(findings)
    from midora.resilience.models import remediation_action

    actions = [remediation_action(f) for f in findings]
    for finding, action in zip(findings, actions, strict=True):
        closed = action.due_date < today and rng.random() < 0.85
        action.status = "done" if closed else rng.choice(["open", "in_progress"])
        action.progress = 100 if closed else rng.choice([0, 10, 30, 60, 80])
        action.closed_date = min(action.due_date, today) if closed else None
        action.budget_needed = rng.choice([None, None, 5000, 15000, 40000])
        action.budget_approved = closed or rng.random() < 0.5
        action.demo_created = finding.test.performed_date
    Action.objects.bulk_create(actions, batch_size=2000)
    audit.record_created(actions)
    for finding, action in zip(findings, actions, strict=True):
        finding.action = action
    update_in_bulk(findings, ["action"])
    ctx.refs.setdefault("dated_actions", []).extend(actions)
    ctx.count("testing programmes", len(programmes))
    ctx.count("resilience tests", len(tests))
    ctx.count("test findings", len(findings))
