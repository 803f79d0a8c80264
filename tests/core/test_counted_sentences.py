"""A counted sentence says its count in the form each language's plural rule gives: English and
German take the singular for one only, French for zero and one; kept as JSON or pickled, it
keeps both forms and its count."""

from __future__ import annotations

import pickle

import pytest
from django.utils import translation

from midora.core.engine.sentences import Sentence
from midora.core.sentences import say
from midora.suppliers.roi_import_summary import ImportSummary


@pytest.mark.parametrize(
    ("count", "english", "german", "french"),
    [
        (0, "0 ICT providers", "0 IKT-Anbieter", "0 prestataire TIC"),
        (1, "1 ICT provider", "1 IKT-Anbieter", "1 prestataire TIC"),
        (2, "2 ICT providers", "2 IKT-Anbieter", "2 prestataires TIC"),
        (1500, "1,500 ICT providers", "1.500 IKT-Anbieter", "1\xa0500 prestataires TIC"),
    ],
)
def test_each_language_says_the_count_in_its_own_form(count, english, german, french):
    summary = ImportSummary({"ICT providers": count}).describe()
    assert summary == english
    for kept in (
        summary,
        Sentence.from_json(summary.as_json()),
        pickle.loads(pickle.dumps(summary)),
    ):
        assert kept == english
        for language, expected in (("en", english), ("de", german), ("fr", french)):
            with translation.override(language):
                assert say(kept) == expected, (language, kept.as_json())


def test_a_summary_lists_every_count_in_the_order_counted():
    summary = ImportSummary(
        {"legal entities created": 1, "contractual arrangements": 12, "subcontracting links": 1}
    ).describe()
    assert summary == "1 legal entity created, 12 contractual arrangements, 1 subcontracting link"
    with translation.override("de"):
        assert say(summary) == (
            "1 juristische Person angelegt, 12 vertragliche Vereinbarungen, "
            "1 Unterauftragsverhältnis"
        )


def test_a_sentence_is_its_text_with_every_str_method():
    counted = ImportSummary({"ICT providers": 2, "legal entities created": 1}).describe()
    plain = Sentence("%(name)s refused: %(reason)s", name="a.yaml", reason="no id")
    assert counted.count("1") == 1
    assert counted.count("ICT") == 1
    assert plain.count("a") == 2
    assert plain.upper() == "A.YAML REFUSED: NO ID"
