"""A report's content shown as labelled fields, not JSON."""

from midora.incidents.report_display import readable


def test_report_content_reads_as_labelled_fields():
    blocks = readable(
        {
            "incidentSubmission": "initial_notification",
            "submittingEntity": {"entityType": "SUBMITTING_ENTITY", "LEI": "529900AURORA00000274"},
            "incident": {
                "detectionDateTime": "2026-11-27T13:20:00Z",
                "classificationTypes": [{"classificationCriterion": "economic_impact"}],
                "isBusinessContinuityActivated": True,
            },
        }
    )
    assert [b.title for b in blocks] == ["Report", "Submitting entity", "Incident"]
    fields = {f.label: f.value for b in blocks for f in b.fields}
    assert fields["Incident submission"] == "initial notification"
    assert fields["Entity type"] == "Submitting entity"
    assert fields["LEI"] == "529900AURORA00000274"
    assert fields["Detection date time"].startswith("2026-11-27 ")
    assert fields["Classification types 1 / Classification criterion"] == "economic impact"
    assert fields["Is business continuity activated"] == "Yes"
