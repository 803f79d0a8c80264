from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from midora.resilience.engine.coverage import (
    BCP_DR_TEST_TYPES,
    BusinessFunction,
    ResilienceTest,
    one_year_before,
    plan_vs_done,
    untested_functions,
)

CUSTODY = BusinessFunction("F-CUST", "Custody of crypto-assets", True)
TRADING = BusinessFunction("F-TRAD", "Trading platform", True)
KYC = BusinessFunction("F-KYC", "Client onboarding", True)
HR = BusinessFunction("F-HR", "Payroll", False)
FUNCTIONS = [CUSTODY, TRADING, KYC, HR]
AS_OF = date(2025, 3, 31)


def _test(test_id, test_type, status, on, *functions):
    return ResilienceTest(test_id, test_type, status, on, frozenset(functions))


TESTS = [
    _test("T1", "penetration_test", "done", date(2024, 3, 31), "F-CUST"),  # exactly 12 months
    _test("T2", "vulnerability_scan", "done", date(2024, 3, 30), "F-TRAD", "F-HR"),  # too old
    _test("T3", "dr_exercise", "planned", date(2025, 2, 1), "F-TRAD"),  # planned only
    _test("T4", "dr_exercise", "done", date(2025, 4, 1), "F-KYC"),  # after the reference date
    _test("T5", "bcp_exercise", "done", date(2024, 9, 1), "F-KYC"),
]


def test_untested_critical_functions_as_of_date():
    gaps = untested_functions(FUNCTIONS, TESTS, AS_OF)
    assert [(g.function.id, g.last_tested) for g in gaps] == [("F-TRAD", date(2024, 3, 30))]


def test_non_critical_functions_are_not_reported():
    gaps = untested_functions([HR], [], AS_OF)
    assert gaps == []


def test_function_never_tested_comes_first_without_date():
    new = BusinessFunction("F-NEW", "Staking", True)
    gaps = untested_functions([*FUNCTIONS, new], TESTS, AS_OF)
    assert [(g.function.id, g.last_tested) for g in gaps] == [
        ("F-NEW", None),
        ("F-TRAD", date(2024, 3, 30)),
    ]


def test_restricting_to_bcp_dr_exercises():
    gaps = untested_functions(FUNCTIONS, TESTS, AS_OF, test_types=BCP_DR_TEST_TYPES)
    assert [g.function.id for g in gaps] == ["F-CUST", "F-TRAD"]
    assert gaps[0].last_tested is None


def test_unknown_function_in_test_scope_is_refused():
    with pytest.raises(ValueError, match=r"test 'T9': unknown function ids \['F-X'\]"):
        untested_functions(FUNCTIONS, [_test("T9", "scan", "done", AS_OF, "F-X")], AS_OF)


def test_bad_status_is_refused():
    with pytest.raises(ValueError):
        _test("T9", "scan", "cancelled", AS_OF, "F-CUST")


def test_one_year_before_handles_leap_day():
    assert one_year_before(date(2024, 2, 29)) == date(2023, 2, 28)
    assert one_year_before(date(2025, 3, 31)) == date(2024, 3, 31)


def test_plan_vs_done_per_type():
    tests = [
        *TESTS,
        _test("T6", "penetration_test", "planned", date(2024, 11, 1), "F-TRAD"),
        _test("T7", "penetration_test", "done", date(2024, 6, 1), "F-TRAD"),
    ]
    result = plan_vs_done(tests, 2024)
    assert {k: (v.planned, v.done, v.outstanding) for k, v in result.items()} == {
        "bcp_exercise": (1, 1, 0),
        "penetration_test": (3, 2, 1),
        "vulnerability_scan": (1, 1, 0),
    }
    assert result["penetration_test"].completion == pytest.approx(2 / 3)
    assert plan_vs_done(tests, 2025)["dr_exercise"].done == 1
    assert plan_vs_done(tests, 2023) == {}


@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=800), st.booleans()),
        max_size=12,
    )
)
def test_a_done_test_within_the_window_always_covers(offsets):
    tests = [
        _test(f"T{i}", "scan", "done" if done else "planned", AS_OF - timedelta(days=d), "F-CUST")
        for i, (d, done) in enumerate(offsets)
    ]
    gaps = untested_functions([CUSTODY], tests, AS_OF)
    covered = any(
        done and AS_OF - timedelta(days=d) >= one_year_before(AS_OF) for d, done in offsets
    )
    assert (gaps == []) == covered
