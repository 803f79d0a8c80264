import copy
from datetime import date
from importlib import resources

import pytest
import yaml
from tests.reference import CATALOGUE

from midora.suppliers.engine.clauses import (
    ArrangementReview,
    ClauseCatalogueError,
    ClauseFinding,
    ClauseReview,
    clause_gaps,
    default_clauses,
    load_clauses,
    rank_gaps,
    required_clauses,
)

DAY = date(2025, 5, 1)
REFERENCE = CATALOGUE


def _raw() -> dict:
    text = resources.files("midora").joinpath("data", "dora_art30_clauses.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _all_present(supports_cif, **overrides):
    return tuple(
        ClauseReview(c.key, overrides.get(c.key, ClauseFinding.PRESENT), DAY)
        for c in required_clauses(supports_cif)
    )


def test_catalogue_has_every_point_of_art_30_2_and_30_3():
    refs = [c.reference for c in default_clauses()]
    assert refs[:9] == [f"Art. 30(2)({p})" for p in "abcdefghi"]
    assert refs[9:] == [f"Art. 30(3)({p})" for p in "abcdef"]
    assert all(c.look_for and c.label for c in default_clauses())


def test_required_clauses_depend_on_cif_support():
    assert len(required_clauses(False)) == 9
    assert not any(c.cif_only for c in required_clauses(False))
    assert len(required_clauses(True)) == 15


def test_clause_requirement_ids_match_the_dora_catalogue():
    catalogue = yaml.safe_load((REFERENCE / "dora.yaml").read_text("utf-8"))
    by_id = {r["id"]: r for r in catalogue["requirements"]}
    for clause in default_clauses():
        entry = by_id[clause.requirement_id]
        assert entry["source"]["article"] == "30"
        assert (entry["source"]["paragraph"], entry["source"]["point"]) == (
            clause.paragraph,
            clause.point,
        )
        cif_only = entry["applies_to"].startswith("CIF-only")
        assert cif_only == clause.cif_only, clause.key


def test_clause_gaps_report_every_required_provision():
    reviews = [
        ClauseReview("locations", "partial", DAY, "no advance notice of relocation"),
        ClauseReview("service_levels", "missing", DAY),
        ClauseReview("data_protection", "present", DAY),
        ClauseReview("exit_transition", "missing", DAY),  # Art. 30(3): not required here
    ]
    gaps = clause_gaps(reviews, supports_cif=False)
    findings = {g.clause.key: g.finding for g in gaps}
    assert len(gaps) == 9
    assert findings["locations"] is ClauseFinding.PARTIAL
    assert findings["service_levels"] is ClauseFinding.MISSING
    assert findings["data_protection"] is ClauseFinding.PRESENT
    assert findings["termination_rights"] is ClauseFinding.NOT_REVIEWED
    assert "exit_transition" not in findings
    assert [g.clause.key for g in gaps if not g.is_gap] == ["data_protection"]
    assert gaps[1].note == "no advance notice of relocation"


def test_latest_review_wins():
    reviews = [
        ClauseReview("locations", "missing", date(2024, 1, 1)),
        ClauseReview("locations", "present", date(2025, 1, 1)),
    ]
    gap = next(g for g in clause_gaps(reviews, False) if g.clause.key == "locations")
    assert (gap.finding, gap.reviewed_on) == (ClauseFinding.PRESENT, date(2025, 1, 1))


def test_conflicting_reviews_same_day_and_unknown_keys_are_refused():
    with pytest.raises(ValueError, match="conflicting findings"):
        clause_gaps(
            [ClauseReview("locations", "missing", DAY), ClauseReview("locations", "present", DAY)],
            False,
        )
    with pytest.raises(ValueError, match="unknown clause 'escrow'"):
        clause_gaps([ClauseReview("escrow", "present", DAY)], False)
    with pytest.raises(ValueError, match="cannot be 'not_reviewed'"):
        ClauseReview("locations", "not_reviewed", DAY)


def test_rank_gaps_worst_first_with_documented_weights():
    arrangements = [
        ArrangementReview("A-CIF2", True, _all_present(True)),  # 0
        ArrangementReview(
            # missing Art. 30(3)(f) in a CIF contract: 3 x 2 x 2 = 12;
            # partial Art. 30(2)(b): 1 x 1 x 2 = 2
            "A-CIF",
            True,
            _all_present(True, exit_transition="missing", locations="partial"),
        ),
        ArrangementReview("A-STD", False, ()),  # 9 not reviewed x 2 = 18
        ArrangementReview(
            "A-STD2", False, _all_present(False, locations="missing", service_levels="missing")
        ),  # 2 x 3 = 6
    ]
    ranked = rank_gaps(arrangements)
    assert [(r.arrangement_id, r.score) for r in ranked] == [
        ("A-STD", 18),
        ("A-CIF", 14),
        ("A-STD2", 6),
        ("A-CIF2", 0),
    ]
    assert [g.clause.key for g in ranked[1].gaps] == ["locations", "exit_transition"]
    assert ranked[3].gaps == ()


def test_rank_ties_put_more_missing_first():
    missing_two = ArrangementReview(
        "Z", False, _all_present(False, locations="missing", service_levels="missing")
    )
    unreviewed_three = ArrangementReview(
        "A",
        False,
        tuple(
            r
            for r in _all_present(False)
            if r.clause_key not in {"locations", "service_levels", "data_protection"}
        ),
    )
    ranked = rank_gaps([unreviewed_three, missing_two])
    assert [(r.arrangement_id, r.score, r.missing) for r in ranked] == [("Z", 6, 2), ("A", 6, 0)]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["clauses"].pop(3), r"Art\. 30\(2\)\(d\) is missing"),
        (
            lambda d: d["clauses"][0].update(point="j"),
            r"clauses\[0\]: Art\. 30\(2\)\(j\) does not exist",
        ),
        (lambda d: d["clauses"][1].update(key="service_description"), r"clauses\[1\]: duplicates"),
        (lambda d: d["clauses"][2].pop("label"), r"clauses\[2\]\.label"),
        (lambda d: d["clauses"][2].update(look_for="text"), r"clauses\[2\]\.look_for"),
        (lambda d: d.pop("clauses"), "'clauses' list is required"),
    ],
)
def test_malformed_clause_catalogue_is_refused(mutate, message):
    data = copy.deepcopy(_raw())
    mutate(data)
    with pytest.raises(ClauseCatalogueError, match=message):
        load_clauses(data)
