"""How the testing programme, tests and findings are listed, filtered and shown."""

from __future__ import annotations

from midora.core.register_framework import (
    ENTITY_FILTER,
    Column,
    Filter,
    Register,
    Related,
    static_choices,
)
from midora.resilience.choices import Severity, Tester, TestStatus, TestType
from midora.resilience.forms import TestScopeForm
from midora.resilience.models import Finding, ResilienceTest, TestingProgramme

programmes = Register(
    model=TestingProgramme,
    slug="programmes",
    title="Testing programmes",
    columns=[
        Column("title", "Programme", sort="title", link=True),
        Column("year", "Year", sort="year"),
        Column("entity.name", "Entity", sort="entity__name"),
        Column("approved_on", "Approved on", sort="approved_on"),
    ],
    fields=["entity", "year", "title", "approved_on", "notes", "owner"],
    search_fields=["title", "notes"],
    filters=[ENTITY_FILTER],
    ordering=["-year", "entity__name"],
    select_related=["entity"],
    related=[
        Related(
            "Tests and exercises",
            "tests",
            [
                Column("title", "Test"),
                Column("test_type", "Type"),
                Column("status", "Status"),
                Column("planned_date", "Planned"),
                Column("performed_date", "Done on"),
                Column("outcome", "Outcome"),
            ],
        )
    ],
    description="The yearly digital operational resilience testing programme (DORA Art. 24).",
)

tests = Register(
    model=ResilienceTest,
    slug="tests",
    title="Tests and exercises",
    columns=[
        Column("title", "Test", sort="title", link=True),
        Column("entity.name", "Entity", sort="entity__name"),
        Column("test_type", "Type", sort="test_type"),
        Column("status", "Status", sort="status"),
        Column("planned_date", "Planned", sort="planned_date"),
        Column("performed_date", "Done on", sort="performed_date"),
        Column("tester", "Tester", sort="tester"),
        Column("outcome", "Outcome", sort="outcome"),
    ],
    fields=[
        "entity",
        "programme",
        "title",
        "test_type",
        "status",
        "planned_date",
        "performed_date",
        "assets",
        "functions",
        "providers",
        "tester",
        "tester_name",
        "outcome",
        "results",
        "evidence_reference",
        "owner",
    ],
    form_base=TestScopeForm,
    links_across_entities=["providers"],
    search_fields=["title", "results", "tester_name", "evidence_reference"],
    filters=[
        ENTITY_FILTER,
        Filter("test_type", "Type", "test_type", static_choices(TestType.choices)),
        Filter("status", "Status", "status", static_choices(TestStatus.choices)),
        Filter("tester", "Tester", "tester", static_choices(Tester.choices)),
    ],
    ordering=["-planned_date"],
    select_related=["entity"],
    related=[
        Related(
            "Findings",
            "findings",
            [
                Column("title", "Finding"),
                Column("severity", "Severity"),
                Column("action_status", "Remediation"),
            ],
        )
    ],
    description="Vulnerability scans, network and source-code reviews, scenario and penetration "
    "tests, BCP / DR exercises, provider-failure scenarios and TLPT (DORA Art. 24-26, Art. 11(6)).",
)

findings = Register(
    model=Finding,
    slug="findings",
    columns=[
        Column("title", "Finding", sort="title", link=True),
        Column("test", "Test", sort="test__title"),
        Column("test.entity.name", "Entity", sort="test__entity__name"),
        Column("severity", "Severity", sort="severity"),
        Column("action", "Remediation action"),
        Column("action_status", "Action status"),
    ],
    fields=["test", "title", "description", "severity", "owner"],
    detail_fields=["test", "title", "description", "severity", "owner", "action"],
    api_outputs={"action_id": int | None},
    search_fields=["title", "description", "test__title"],
    filters=[
        ENTITY_FILTER,
        Filter("severity", "Severity", "severity", static_choices(Severity.choices)),
    ],
    ordering=["test__title", "pk"],
    select_related=["test", "test__entity", "action"],
    description="Findings of tests; each one opens a remediation action in the action list.",
)

REGISTERS = [programmes, tests, findings]
