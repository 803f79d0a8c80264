"""How the testing programme, tests and findings are listed, filtered and shown."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from midora.core.register_framework import (
    ENTITY_COLUMN,
    ENTITY_FILTER,
    Column,
    Filter,
    Register,
    Related,
    static_choices,
    yes_no,
)
from midora.governance.registers import UnfinishedFilter
from midora.resilience.choices import Severity, Tester, TestStatus, TestType
from midora.resilience.forms import TestScopeForm
from midora.resilience.models import Finding, ResilienceTest, TestingProgramme


@dataclass(frozen=True)
class ProgrammeYearFilter(Filter):
    """The tests that count in a year's programme (DORA Art. 24), as the overview counts them:
    performed in that year, or planned in it and not yet performed; cancelled tests do not
    count."""

    def apply(self, queryset: models.QuerySet, raw: str) -> models.QuerySet:
        year = int(raw)
        return queryset.exclude(status=TestStatus.CANCELLED).filter(
            models.Q(performed_date__year=year)
            | models.Q(performed_date__isnull=True, planned_date__year=year)
        )


def programme_years(_request: HttpRequest) -> list[tuple[str, str]]:
    """Last year, this year and next year: the years the overview offers."""
    this_year = timezone.localdate().year
    return [(str(year), str(year)) for year in (this_year - 1, this_year, this_year + 1)]


OPEN_REMEDIATION = UnfinishedFilter("open", _("Remediation open"), "action__status", yes_no)


programmes = Register(
    model=TestingProgramme,
    slug="programmes",
    title=_("Testing programmes"),
    columns=[
        Column("title", _("Programme"), sort="title", link=True),
        Column("year", _("Year"), sort="year"),
        ENTITY_COLUMN,
        Column("approved_on", _("Approved on"), sort="approved_on"),
    ],
    fields=["entity", "year", "title", "approved_on", "notes", "owner"],
    search_fields=["title", "notes"],
    filters=[ENTITY_FILTER],
    ordering=["-year", "entity__name"],
    select_related=["entity"],
    related=[
        Related(
            _("Tests and exercises"),
            "tests",
            [
                Column("title", _("Test")),
                Column("test_type", _("Type")),
                Column("status", _("Status")),
                Column("planned_date", _("Planned")),
                Column("performed_date", _("Done on")),
                Column("outcome", _("Outcome")),
            ],
        )
    ],
    description=_("The yearly digital operational resilience testing programme (DORA Art. 24)."),
)

tests = Register(
    model=ResilienceTest,
    slug="tests",
    title=_("Tests and exercises"),
    columns=[
        Column("title", _("Test"), sort="title", link=True),
        ENTITY_COLUMN,
        Column("test_type", _("Type"), sort="test_type"),
        Column("status", _("Status"), sort="status"),
        Column("planned_date", _("Planned"), sort="planned_date"),
        Column("performed_date", _("Done on"), sort="performed_date"),
        Column("tester", _("Tester"), sort="tester"),
        Column("outcome", _("Outcome"), sort="outcome"),
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
        Filter("test_type", _("Type"), "test_type", static_choices(TestType.choices)),
        Filter("status", _("Status"), "status", static_choices(TestStatus.choices)),
        Filter("tester", _("Tester"), "tester", static_choices(Tester.choices)),
        ProgrammeYearFilter("year", _("Programme year"), "planned_date", programme_years),
    ],
    ordering=["-planned_date"],
    select_related=["entity"],
    related=[
        Related(
            _("Findings"),
            "findings",
            [
                Column("title", _("Finding")),
                Column("severity", _("Severity")),
                Column("action_status", _("Remediation")),
            ],
        )
    ],
    description=_(
        "Vulnerability scans, network and source-code reviews, scenario and penetration "
        "tests, BCP / DR exercises, provider-failure scenarios and TLPT (DORA Art. 24-26, Art. 11(6))."
    ),
)

findings = Register(
    model=Finding,
    slug="findings",
    columns=[
        Column("title", _("Finding"), sort="title", link=True),
        Column("test", _("Test"), sort="test__title"),
        Column("test.entity.name", _("Entity"), sort="test__entity__name"),
        Column("severity", _("Severity"), sort="severity"),
        Column("action", _("Remediation action")),
        Column("action_status", _("Action status")),
    ],
    fields=["test", "title", "description", "severity", "owner"],
    detail_fields=["test", "title", "description", "severity", "owner", "action"],
    api_outputs={"action_id": int | None},
    search_fields=["title", "description", "test__title"],
    filters=[
        ENTITY_FILTER,
        Filter("severity", _("Severity"), "severity", static_choices(Severity.choices)),
        OPEN_REMEDIATION,
    ],
    ordering=["test__title", "pk"],
    select_related=["test", "test__entity", "action"],
    description=_("Findings of tests; each one opens a remediation action in the action list."),
)

REGISTERS = [programmes, tests, findings]
