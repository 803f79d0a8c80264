"""The DORA Art. 30 provisions are named in the reader's language, and the names stay equal to
the shipped clause catalogue's wording."""

from django.utils import translation

from midora.suppliers.clause_names import CLAUSE_NAMES, clause_name
from midora.suppliers.engine.clauses import default_clauses
from midora.suppliers.models.reviews import clause_choices


def test_every_provision_has_its_catalogue_wording_as_name():
    clauses = default_clauses()
    assert {c.key for c in clauses} == set(CLAUSE_NAMES)
    with translation.override("en"):
        assert all(str(clause_name(c)) == c.label for c in clauses)


def test_provisions_read_in_german_and_french():
    exit_plan = next(c for c in default_clauses() if c.key == "exit_transition")
    with translation.override("de"):
        assert str(clause_name(exit_plan)).startswith("Ausstiegsstrategien")
        assert dict(clause_choices())["tlpt_participation"].startswith("Art. 30(3)(")
        assert "bedrohungsorientierten Penetrationstests" in str(
            dict(clause_choices())["tlpt_participation"]
        )
    with translation.override("fr"):
        assert str(clause_name(exit_plan)).startswith("Stratégies de sortie")
