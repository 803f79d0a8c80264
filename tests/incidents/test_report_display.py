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


def test_classification_criteria_codes_read_in_the_readers_language():
    from django.utils import translation

    content = {"incident": {"classificationTypes": [{"classificationCriterion": "data_losses"}]}}
    expected = {"en": "data losses", "de": "Datenverluste", "fr": "pertes de données"}
    for language, words in expected.items():
        with translation.override(language):
            fields = {f.label: f.value for b in readable(content) for f in b.fields}
        assert fields["Classification types 1 / Classification criterion"] == words
