"""Property tests: monotonic classification and weekend/holiday relief."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from midora.incidents.engine.classification import classify
from midora.incidents.engine.deadlines import (
    ExplicitHolidays,
    MemberStateHolidays,
    apply_relief,
    is_working_day,
    report_deadlines,
)
from midora.incidents.engine.facts import (
    CostItem,
    EntityProfile,
    ImpactFacts,
    Reputational,
    ServiceAffected,
    Timeline,
)

services = st.lists(
    st.builds(
        ServiceAffected,
        name=st.just("svc"),
        supports_critical_or_important_function=st.booleans(),
        authorised_crypto_asset_service=st.booleans(),
    ),
    max_size=2,
).map(tuple)


@st.composite
def impacts(draw):
    using = draw(st.integers(1, 500_000))
    total_cp = draw(st.integers(1, 200))
    start = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=draw(st.integers(0, 500_000)))
    return ImpactFacts(
        services_affected=draw(services),
        successful_malicious_unauthorised_access=draw(st.booleans()),
        access_may_result_in_data_losses=draw(st.booleans()),
        clients_using_service=using,
        clients_affected=draw(st.integers(0, using)),
        counterparts_total=total_cp,
        counterparts_affected=draw(st.integers(0, total_cp)),
        transactions_affected_pct_of_daily_avg_number=draw(st.floats(0, 100)),
        reputational=Reputational(media=draw(st.booleans())),
        occurred_at=start,
        resolved_at=start + timedelta(minutes=draw(st.integers(0, 3000))),
        service_downtime=timedelta(minutes=draw(st.integers(0, 600))),
        member_states_impacted=tuple(draw(st.sets(st.sampled_from(["FR", "DE", "IT"])))),
        costs=(CostItem("redress", Decimal(draw(st.integers(0, 300_000)))),),
    )


@settings(max_examples=300, deadline=None)
@given(impacts(), st.integers(0, 200_000), st.integers(0, 300), st.integers(0, 200_000))
def test_raising_impact_never_turns_major_into_non_major(
    impact, more_clients, more_minutes, more_costs
):
    before = classify(impact, "FR")
    raised = replace(
        impact,
        clients_affected=min(impact.clients_affected + more_clients, impact.clients_using_service),
        resolved_at=impact.resolved_at + timedelta(minutes=more_minutes),
        service_downtime=impact.service_downtime + timedelta(minutes=more_minutes),
        costs=(*impact.costs, CostItem("advisory", Decimal(more_costs))),
    )
    after = classify(raised, "FR")
    if before.major:
        assert after.major
    assert set(before.thresholds_met()) <= set(after.thresholds_met())


FR_2025 = ExplicitHolidays(
    [
        date(2025, 1, 1),
        date(2025, 4, 21),
        date(2025, 5, 1),
        date(2025, 5, 8),
        date(2025, 7, 14),
        date(2025, 12, 25),
    ]
)
moments = st.datetimes(datetime(2025, 1, 1), datetime(2025, 11, 30), timezones=st.just(UTC))


@settings(max_examples=300, deadline=None)
@given(moments, st.integers(0, 48 * 60), st.integers(0, 30 * 60), st.integers(1, 20 * 24 * 60))
def test_deadlines_never_on_weekend_or_holiday_when_relief_applies(
    aware, cls_min, sub_min, inter_min
):
    entity = EntityProfile("crypto_asset_service_provider", "FR", "Europe/Paris")
    classified = aware + timedelta(minutes=cls_min)
    initial = classified + timedelta(minutes=sub_min)
    timeline = Timeline(
        aware_at=aware,
        classified_at=classified,
        initial_submitted_at=initial,
        latest_intermediate_submitted_at=initial + timedelta(minutes=inter_min),
    )
    tz = ZoneInfo("Europe/Paris")
    for stage in report_deadlines(entity, timeline, FR_2025).values():
        local = stage.due.astimezone(tz)
        assert is_working_day(local.date(), FR_2025), stage
        assert stage.due >= stage.base
        if stage.weekend_relief:
            assert (local.hour, local.minute) == (12, 0)
        else:
            assert stage.due == stage.base


@settings(max_examples=100, deadline=None)
@given(moments)
def test_excluded_entity_gets_no_relief_on_initial(aware):
    entity = EntityProfile("credit_institution", "FR", "Europe/Paris")
    timeline = Timeline(aware_at=aware, classified_at=aware, initial_submitted_at=aware)
    stages = report_deadlines(entity, timeline, FR_2025)
    assert stages["initial"].due == stages["initial"].base
    assert stages["intermediate"].due == stages["intermediate"].base


def test_member_state_calendar_from_holidays_package():
    de = MemberStateHolidays("DE")
    assert de.is_holiday(date(2025, 4, 21))  # Easter Monday
    assert not de.is_holiday(date(2025, 4, 23))
    due, moved = apply_relief(
        datetime(2025, 4, 18, 9, 40, tzinfo=ZoneInfo("Europe/Berlin")),
        ZoneInfo("Europe/Berlin"),
        de,
        True,
    )
    assert moved and due == datetime(2025, 4, 22, 12, 0, tzinfo=ZoneInfo("Europe/Berlin"))
