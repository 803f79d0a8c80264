"""The MiCA decision points of an incident are named in the reader's language; the English text
stays the engine's own wording."""

from django.template import Context, Template
from django.utils import translation

from midora.incidents.decision_point_names import DECISION_TEXTS
from midora.incidents.engine.mica_decisions import DECISION_POINTS


def test_every_decision_point_has_the_engines_wording():
    assert {p.key for p in DECISION_POINTS} == set(DECISION_TEXTS)
    with translation.override("en"):
        for point in DECISION_POINTS:
            label, guidance = DECISION_TEXTS[point.key]
            assert (str(label), str(guidance)) == (point.label, point.guidance)


def test_the_page_filters_speak_german_and_french():
    point = next(p for p in DECISION_POINTS if p.key == "client_information")
    template = Template(
        "{% load incidents %}{{ point|decision_label }} / {{ point|decision_guidance }}"
    )
    with translation.override("de"):
        text = template.render(Context({"point": point}))
        assert text.startswith("Kunden unterrichten / Die Kunden unverzüglich")
    with translation.override("fr"):
        assert template.render(Context({"point": point})).startswith("Informer les clients")
