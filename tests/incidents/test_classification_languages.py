"""An incident's classification explained in the reader's language, its English kept as it was.

The engine's sentences (`midora.core.engine.sentences.Sentence`) are the English text the API, the
CLI and the worked examples give, and carry their template and values: the incident page and the
report PDF say them again in German and French with the reader's number formats.
"""

from __future__ import annotations

import pickle
import re
from html import unescape

import pytest

from midora.core.engine.sentences import Sentence
from midora.incidents.engine.classification import classify
from midora.incidents.engine.facts import impact_facts
from midora.incidents.models import Classification

from .app_fixtures import major_impact, minor_impact, record, timeline

pytestmark = pytest.mark.django_db


# Worked example P02's facts (tests/incidents/app_fixtures.py), as the incident page shows them.
EXPECTED = {
    "en": {
        "headline": "Major: Art 6 met and 2 thresholds met: clients, counterparts and transactions "
        "(Art. 9(1)); duration and service downtime (Art. 9(3)) (Art 8(1)(b)).",
        "t9_1": "Met: (a) clients 10,001/100,000 = just over 10.00 % vs > 10 %.",
        "t9_6": "Not met: gross counted costs EUR 30,000 vs > EUR 100,000 (recoveries not netted).",
    },
    "de": {
        "headline": "Schwerwiegend: Art. 6 erfüllt und 2 Schwellenwerte erreicht: Kunden, "
        "Gegenparteien und Transaktionen (Art. 9(1)); Dauer und Ausfallzeit (Art. 9(3)) "
        "(Art. 8 Abs. 1 Buchst. b).",
        "t9_1": "Erfüllt: (a) Kunden 10.001/100.000 = knapp über 10,00\u00a0%, Schwelle > 10\u00a0%.",
        "t9_6": "Nicht erfüllt: angerechnete Bruttokosten 30.000\u00a0EUR, Schwelle > "
        "100.000\u00a0EUR (Rückerstattungen nicht verrechnet).",
    },
    "fr": {
        "headline": "Majeur : l'art. 6 est rempli et 2 seuils sont atteints : clients, "
        "contreparties financières et transactions (Art. 9(1)); durée et indisponibilité du "
        "service (Art. 9(3)) (art. 8, par. 1, point b)).",
        "t9_1": "Rempli : a) clients 10\u00a0001/100\u00a0000 = un peu plus de 10,00\u202f%, "
        "seuil > 10\u202f%.",
        "t9_6": "Non rempli : coûts bruts pris en compte 30\u00a0000\u00a0EUR, seuil > "
        "100\u00a0000\u00a0EUR (recouvrements non déduits).",
    },
}


def _cells(page: str) -> list[str]:
    """The "Why" column of the criteria table, as a reader reads it."""
    table = page.split('<table id="criteria">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    return [unescape(re.findall(r"<td>(.*?)</td>", row, re.S)[-1]) for row in rows]


@pytest.mark.parametrize("language", ["en", "de", "fr"])
def test_incident_page_explains_the_classification_in_the_readers_language(
    language, entity, compliance_user, client_for
):
    incident = record(compliance_user, entity, major_impact())
    kept = Classification.objects.get(incident=incident, is_current=True)
    client = client_for(compliance_user)
    page = client.get(incident.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content
    page = unescape(page.decode())
    cells = _cells(page)
    expected = EXPECTED[language]
    assert expected["headline"] in page
    by_key = dict(zip([c["key"] for c in kept.criteria if c["key"] != "major"], cells, strict=True))
    assert by_key["t9_1"] == expected["t9_1"]
    assert by_key["t9_6"] == expected["t9_6"]
    if language != "en":
        english = [kept.why, kept.client_notification_why] + [c["why"] for c in kept.criteria]
        assert not [text for text in english if text in page]
        assert not [
            cell for cell in cells if re.search(r"\b(Met|Not met|vs|clients affected)\b", cell)
        ]


def test_kept_english_is_what_the_engine_said(entity, compliance_user):
    """The record and the API keep the engine's English; the sentences say the same text."""
    incident = record(compliance_user, entity, major_impact())
    kept = Classification.objects.get(incident=incident, is_current=True)
    assert kept.why == EXPECTED["en"]["headline"]
    for criterion in kept.criteria:
        sentence = Sentence.from_json(kept.sentences[criterion["key"]])
        assert str(sentence) == criterion["why"]
    assert str(Sentence.from_json(kept.sentences["why"])) == kept.why
    assert str(Sentence.from_json(kept.sentences["client_notification_why"])) == (
        kept.client_notification_why
    )


def test_a_sentence_is_its_english_text_through_json_and_pickle():
    impact = impact_facts(major_impact(), "incident")
    result = classify(impact, "FR")
    for criterion in (result.critical_services, *result.thresholds):
        why = criterion.why
        assert isinstance(why, Sentence)
        assert Sentence.from_json(why.as_json()) == why
        assert pickle.loads(pickle.dumps(why)) == why
        assert pickle.loads(pickle.dumps(why)).template == why.template


def test_a_classification_kept_before_sentences_shows_its_english(
    entity, compliance_user, client_for
):
    incident = record(compliance_user, entity, major_impact())
    Classification.objects.filter(incident=incident).update(sentences={})
    page = client_for(compliance_user).get(incident.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="de")
    assert EXPECTED["en"]["t9_1"] in unescape(page.content.decode())


FLAG = {
    "de": "Geografische Ausbreitung: Herkunftsmitgliedstaat</span> Herkunftsmitgliedstaat und "
    "ein weiterer: Ob der Herkunftsmitgliedstaat zählt, ist eine offene Frage; dieses Ergebnis "
    "zählt ihn mit.",
    "fr": "Étendue géographique : État membre d'origine</span> État membre d'origine et un "
    "autre : la prise en compte de l'État d'origine est une question ouverte ; ce résultat la "
    "retient.",
}


@pytest.mark.parametrize("language", sorted(FLAG))
def test_review_flags_are_named_and_explained_in_the_readers_language(
    language, entity, compliance_user, client_for
):
    impact = {**major_impact(), "member_states_impacted": ["FR", "DE"]}  # home State plus one
    incident = record(compliance_user, entity, impact)
    kept = Classification.objects.get(incident=incident, is_current=True)
    assert [f["code"] for f in kept.review_flags] == ["geographical_spread_home_state"]
    page = client_for(compliance_user).get(
        incident.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language
    )
    text = unescape(page.content.decode())
    assert FLAG[language] in text
    assert kept.review_flags[0]["message"] not in text


RECURRING = {
    "de": [
        "Kein gemeinsamer schwerwiegender Vorfall: nicht erfüllt: erfüllen zusammen die Kriterien",
        "Wiederkehrende Vorfälle: wie sie zusammengerechnet werden</span> Die gemeinsame "
        "Bewertung addiert die Kosten",
    ],
    "fr": [
        "Pas un incident majeur unique : non rempli : ",
        "Incidents récurrents : mode d'agrégation</span> L'évaluation collective additionne",
    ],
}


@pytest.mark.parametrize("language", sorted(RECURRING))
def test_recurring_incidents_are_explained_in_the_readers_language(
    language, entity, compliance_user, client_for
):
    for day in (11, 12):
        record(
            compliance_user,
            entity,
            minor_impact(),
            timeline=timeline(day),
            apparent_root_cause="Expired certificate",
        )
    page = client_for(compliance_user).get("/incidents/recurring/", HTTP_ACCEPT_LANGUAGE=language)
    text = unescape(page.content.decode())
    for words in RECURRING[language]:
        assert words in text
    assert "Not one major incident" not in text and "Collective assessment" not in text
