"""Forms of the testing programme, tests and findings."""

from __future__ import annotations

from typing import Any

from midora.core.views.area import ScopedLinksForm
from midora.core.widgets import IsoDateInput
from midora.resilience.models import Finding, ResilienceTest, TestingProgramme

DATE = IsoDateInput()


class TestingProgrammeForm(ScopedLinksForm):
    class Meta:
        model = TestingProgramme
        fields = ["entity", "year", "title", "approved_on", "notes", "owner"]
        widgets = {"approved_on": DATE}


class ResilienceTestForm(ScopedLinksForm):
    class Meta:
        model = ResilienceTest
        fields = [
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
        ]
        widgets = {"planned_date": DATE, "performed_date": DATE}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.same_entity(data, "assets", "functions")
        return data


class FindingForm(ScopedLinksForm):
    class Meta:
        model = Finding
        fields = ["test", "title", "description", "severity", "owner"]
