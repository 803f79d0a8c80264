"""Closed lists of the testing programme."""

from django.db import models


class TestType(models.TextChoices):
    """The tests of DORA Art. 24(1) and Art. 25(1), BCP / DR exercises (Art. 11(6)) and TLPT (Art. 26)."""

    __test__ = False

    VULNERABILITY_ASSESSMENT = "vulnerability_assessment", "Vulnerability assessment and scan"
    NETWORK_SECURITY = "network_security", "Network security assessment"
    GAP_ANALYSIS = "gap_analysis", "Gap analysis"
    PHYSICAL_SECURITY = "physical_security", "Physical security review"
    OPEN_SOURCE_ANALYSIS = "open_source_analysis", "Open-source analysis"
    SOURCE_CODE_REVIEW = "source_code_review", "Source code review"
    SCENARIO_BASED = "scenario_based", "Scenario-based test"
    COMPATIBILITY = "compatibility", "Compatibility test"
    PERFORMANCE = "performance", "Performance test"
    END_TO_END = "end_to_end", "End-to-end test"
    PENETRATION_TEST = "penetration_test", "Penetration test"
    BCP_EXERCISE = "bcp_exercise", "Business continuity exercise"
    DR_EXERCISE = "dr_exercise", "Disaster recovery exercise / failover"
    CRISIS_COMMUNICATION = "crisis_communication", "Crisis communication exercise"
    PROVIDER_FAILURE = "provider_failure", "ICT provider failure scenario"
    TLPT = "tlpt", "Threat-led penetration test (TLPT)"


class TestStatus(models.TextChoices):
    __test__ = False

    PLANNED = "planned", "Planned"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class Tester(models.TextChoices):
    INTERNAL = "internal", "Internal"
    EXTERNAL = "external", "External"


class Outcome(models.TextChoices):
    PASSED = "passed", "Passed"
    PASSED_WITH_FINDINGS = "findings", "Passed with findings"
    FAILED = "failed", "Failed"


class Severity(models.TextChoices):
    CRITICAL = "critical", "Critical"
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


# Days to remediate a finding, per severity (the due date of the action it opens).
REMEDIATION_DAYS = {"critical": 30, "high": 60, "medium": 120, "low": 180}
