"""Closed lists of the testing programme."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TestType(models.TextChoices):
    """The tests of DORA Art. 24(1) and Art. 25(1), BCP / DR exercises (Art. 11(6)) and TLPT (Art. 26)."""

    __test__ = False

    VULNERABILITY_ASSESSMENT = "vulnerability_assessment", _("Vulnerability assessment and scan")
    NETWORK_SECURITY = "network_security", _("Network security assessment")
    GAP_ANALYSIS = "gap_analysis", _("Gap analysis")
    PHYSICAL_SECURITY = "physical_security", _("Physical security review")
    OPEN_SOURCE_ANALYSIS = "open_source_analysis", _("Open-source analysis")
    SOURCE_CODE_REVIEW = "source_code_review", _("Source code review")
    SCENARIO_BASED = "scenario_based", _("Scenario-based test")
    COMPATIBILITY = "compatibility", _("Compatibility test")
    PERFORMANCE = "performance", _("Performance test")
    END_TO_END = "end_to_end", _("End-to-end test")
    PENETRATION_TEST = "penetration_test", _("Penetration test")
    BCP_EXERCISE = "bcp_exercise", _("Business continuity exercise")
    DR_EXERCISE = "dr_exercise", _("Disaster recovery exercise / failover")
    CRISIS_COMMUNICATION = "crisis_communication", _("Crisis communication exercise")
    PROVIDER_FAILURE = "provider_failure", _("ICT provider failure scenario")
    TLPT = "tlpt", _("Threat-led penetration test (TLPT)")


class TestStatus(models.TextChoices):
    __test__ = False

    PLANNED = "planned", pgettext_lazy("test status", "Planned")
    DONE = "done", pgettext_lazy("test status", "Done")
    CANCELLED = "cancelled", pgettext_lazy("test status", "Cancelled")


class Tester(models.TextChoices):
    INTERNAL = "internal", pgettext_lazy("tester", "Internal")
    EXTERNAL = "external", pgettext_lazy("tester", "External")


class Outcome(models.TextChoices):
    PASSED = "passed", pgettext_lazy("test outcome", "Passed")
    PASSED_WITH_FINDINGS = "findings", pgettext_lazy("test outcome", "Passed with findings")
    FAILED = "failed", pgettext_lazy("test outcome", "Failed")


class Severity(models.TextChoices):
    CRITICAL = "critical", pgettext_lazy("finding severity", "Critical")
    HIGH = "high", pgettext_lazy("finding severity", "High")
    MEDIUM = "medium", pgettext_lazy("finding severity", "Medium")
    LOW = "low", pgettext_lazy("finding severity", "Low")


# Days to remediate a finding, per severity (the due date of the action it opens).
REMEDIATION_DAYS = {"critical": 30, "high": 60, "medium": 120, "low": 180}
