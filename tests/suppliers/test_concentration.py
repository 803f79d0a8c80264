"""Concentration engine on a hand-built graph whose figures were worked out on paper.

Graph: two entities; P1 (cloud) serves E1 (custody F1, trading F2) under A1 and E2 (transfer F4)
under A4; P3 (HSM) also serves F1 under A2; P2 (KYC) serves E2's F5 under A5; P4 (payroll) serves
the non-critical F3. P1 subcontracts to S1 for everything, S1 to S2; P2 subcontracts to S1 for A5
only; P3 to S2 for A2 only.
"""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from midora.suppliers.engine.concentration import (
    Arrangement,
    BusinessFunction,
    DependencyGraph,
    Entity,
    GraphError,
    Provider,
    ServiceUse,
    Subcontracting,
    Substitutability,
    country_concentration,
    critical_functions_per_provider,
    dependency_svg,
    if_provider_fails,
    providers_by_failure_impact,
    single_points_of_failure,
    spend_concentration,
    supply_chain,
)

NS = Substitutability.NOT_SUBSTITUTABLE
ENTITIES = (Entity("E1", "CASP One"), Entity("E2", "CASP Two"))
FUNCTIONS = (
    BusinessFunction("F1", "E1", "Custody", True, frozenset({"custody"})),
    BusinessFunction("F2", "E1", "Trading platform", True, frozenset({"trading", "exchange"})),
    BusinessFunction("F3", "E1", "Payroll", False, frozenset()),
    BusinessFunction("F4", "E2", "Transfers", True, frozenset({"transfer"})),
    BusinessFunction("F5", "E2", "Client onboarding", True, frozenset()),
)
PROVIDERS = (
    Provider("P1", "Cloud <Hosting> & Co", "IE"),
    Provider("P2", "KYC vendor", "DE"),
    Provider("P3", "HSM vendor", "CH"),
    Provider("P4", "Payroll SaaS", "US"),
    Provider("S1", "Data centre", "FR"),
    Provider("S2", "Power and cooling", "FR"),
)
ARRANGEMENTS = (
    Arrangement("A1", "E1", "P1", Decimal(500)),
    Arrangement("A2", "E1", "P3", Decimal(200)),
    Arrangement("A3", "E1", "P4", Decimal(100)),
    Arrangement("A4", "E2", "P1", Decimal(100)),
    Arrangement("A5", "E2", "P2", Decimal(100)),
)


def _use(arr, fn, service, subst, storage, processing):
    return ServiceUse(arr, fn, service, subst, frozenset(storage), frozenset(processing))


USES = (
    _use("A1", "F1", "hosting", NS, {"IE", "DE"}, {"IE"}),
    _use("A2", "F1", "hsm", "easy", {"CH"}, {"CH"}),
    _use("A1", "F2", "hosting", "highly_complex", {"IE"}, {"IE"}),
    _use("A3", "F3", "payroll", "easy", {"US"}, {"US"}),
    _use("A4", "F4", "hosting", NS, {"IE"}, {"IE", "FR"}),
    _use("A5", "F5", "kyc", "medium", {"DE"}, {"DE"}),
)
SUBCONTRACTING = (
    Subcontracting("P1", "S1"),
    Subcontracting("S1", "S2"),
    Subcontracting("P2", "S1", "A5"),
    Subcontracting("P3", "S2", "A2"),
)
GRAPH = DependencyGraph(ENTITIES, FUNCTIONS, PROVIDERS, ARRANGEMENTS, USES, SUBCONTRACTING)


def test_supply_chain_paths():
    assert supply_chain(GRAPH, "A1") == {
        "P1": ("P1",),
        "S1": ("P1", "S1"),
        "S2": ("P1", "S1", "S2"),
    }
    assert supply_chain(GRAPH, "A2") == {"P3": ("P3",), "S2": ("P3", "S2")}
    assert supply_chain(GRAPH, "A3") == {"P4": ("P4",)}


def test_critical_functions_per_provider_direct_and_through_subcontracting():
    reach = critical_functions_per_provider(GRAPH)
    assert [(r.provider_id, sorted(r.direct), sorted(r.through_subcontracting)) for r in reach] == [
        ("S1", [], ["F1", "F2", "F4", "F5"]),
        ("S2", [], ["F1", "F2", "F4", "F5"]),
        ("P1", ["F1", "F2", "F4"], []),
        ("P2", ["F5"], []),
        ("P3", ["F1"], []),
        ("P4", [], []),
    ]


def test_single_points_of_failure():
    # F1 has two providers; F2's only provider is hard but not impossible to substitute;
    # F5's only provider is medium; F3 is not critical. Only F4 remains.
    spofs = single_points_of_failure(GRAPH)
    assert [(s.function_id, s.entity_id, s.provider_id, s.service_types) for s in spofs] == [
        ("F4", "E2", "P1", ("hosting",))
    ]


def test_country_concentration():
    result = country_concentration(GRAPH)
    assert [
        (e.country, sorted(e.arrangement_ids), sorted(e.critical_function_ids))
        for e in result.storage
    ] == [
        ("IE", ["A1", "A4"], ["F1", "F2", "F4"]),
        ("DE", ["A1", "A5"], ["F1", "F5"]),
        ("CH", ["A2"], ["F1"]),
        ("US", ["A3"], []),
    ]
    assert [e.country for e in result.processing] == ["IE", "CH", "DE", "FR", "US"]
    assert sorted(result.processing[3].function_ids) == ["F4"]


def test_spend_concentration_and_hhi():
    result = spend_concentration(GRAPH)
    assert result.total == Decimal(1000)
    assert result.spend == {"P1": 600, "P3": 200, "P4": 100, "P2": 100}
    assert result.shares["P1"] == Decimal("0.6")
    assert result.hhi == Decimal(4200)  # 60^2 + 20^2 + 10^2 + 10^2


def test_spend_without_costs_has_no_hhi():
    graph = DependencyGraph(ENTITIES, (), PROVIDERS[:1], (Arrangement("A1", "E1", "P1"),), ())
    assert spend_concentration(graph).hhi is None


def test_if_subcontractor_fails_reaches_through_chains():
    impact = if_provider_fails(GRAPH, "S2")
    assert impact.chains == {
        "A1": ("P1", "S1", "S2"),
        "A2": ("P3", "S2"),
        "A4": ("P1", "S1", "S2"),
        "A5": ("P2", "S1", "S2"),
    }
    assert impact.function_ids == {"F1", "F2", "F4", "F5"}
    assert impact.critical_function_ids == {"F1", "F2", "F4", "F5"}
    assert impact.crypto_services == {
        ("E1", "custody"),
        ("E1", "trading"),
        ("E1", "exchange"),
        ("E2", "transfer"),
    }
    assert impact.entity_ids == {"E1", "E2"}


def test_if_direct_provider_fails():
    impact = if_provider_fails(GRAPH, "P4")
    assert impact.chains == {"A3": ("P4",)}
    assert impact.function_ids == {"F3"}
    assert impact.critical_function_ids == frozenset()
    assert impact.entity_ids == {"E1"}
    p2 = if_provider_fails(GRAPH, "P2")
    assert p2.function_ids == {"F5"} and p2.crypto_services == frozenset()


def test_unknown_provider_is_refused():
    with pytest.raises(GraphError, match="unknown provider 'PX'"):
        if_provider_fails(GRAPH, "PX")


def test_providers_by_failure_impact():
    ranking = providers_by_failure_impact(GRAPH)
    assert [(i.provider_id, len(i.critical_function_ids)) for i in ranking] == [
        ("S1", 4),
        ("S2", 4),
        ("P1", 3),
        ("P2", 1),
        ("P3", 1),
        ("P4", 0),
    ]


def test_subcontracting_cycle_terminates():
    graph = DependencyGraph(
        ENTITIES,
        FUNCTIONS,
        PROVIDERS,
        ARRANGEMENTS,
        USES,
        (*SUBCONTRACTING, Subcontracting("S2", "P1")),
    )
    assert set(supply_chain(graph, "A2")) == {"P3", "S2", "P1", "S1"}
    assert if_provider_fails(graph, "P1").chains["A2"] == ("P3", "S2", "P1")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"arrangements": (*ARRANGEMENTS, Arrangement("A9", "E1", "PX"))},
            "arrangement 'A9': unknown provider 'PX'",
        ),
        (
            {"arrangements": (*ARRANGEMENTS, Arrangement("A1", "E1", "P1"))},
            "arrangements: duplicate id 'A1'",
        ),
        (
            {"service_uses": (*USES, _use("A4", "F1", "x", "easy", (), ()))},
            r"service_uses\[6\]: function 'F1' belongs to entity 'E1'",
        ),
        (
            {"service_uses": (*USES, _use("A9", "F1", "x", "easy", (), ()))},
            r"service_uses\[6\]: unknown arrangement 'A9'",
        ),
        (
            {"subcontracting": (Subcontracting("S1", "S1"),)},
            r"subcontracting\[0\]: a provider cannot",
        ),
        (
            {"subcontracting": (Subcontracting("P1", "S1", "A9"),)},
            r"subcontracting\[0\]: unknown arrangement",
        ),
        (
            {"arrangements": (Arrangement("A1", "E1", "P1", Decimal(-1)),), "service_uses": ()},
            "must not be negative",
        ),
    ],
)
def test_inconsistent_graph_is_refused(change, message):
    parts = {
        "entities": ENTITIES,
        "functions": FUNCTIONS,
        "providers": PROVIDERS,
        "arrangements": ARRANGEMENTS,
        "service_uses": USES,
        "subcontracting": SUBCONTRACTING,
    }
    parts.update(change)
    with pytest.raises(GraphError, match=message):
        DependencyGraph(**parts)


def test_bad_substitutability_is_refused():
    with pytest.raises(ValueError):
        _use("A1", "F1", "hosting", "sometimes", (), ())


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=8))
def test_hhi_bounds_and_shares_sum_to_one(costs):
    providers = tuple(Provider(f"P{i}", f"P{i}") for i in range(len(costs)))
    arrangements = tuple(
        Arrangement(f"A{i}", "E1", f"P{i}", Decimal(cost)) for i, cost in enumerate(costs)
    )
    result = spend_concentration(DependencyGraph(ENTITIES, (), providers, arrangements, ()))
    if sum(costs) == 0:
        assert result.hhi is None
        return
    paying = sum(1 for c in costs if c)
    assert sum(result.shares.values()) == pytest.approx(1)
    assert (
        Decimal(10_000) / paying - Decimal("1e-6")
        <= result.hhi
        <= Decimal(10_000) + Decimal("1e-6")
    )


def test_dependency_svg_is_well_formed_layered_and_escaped():
    svg = dependency_svg(GRAPH)
    root = ET.fromstring(svg)  # well-formed XML despite "<" and "&" in a provider name
    ns = {"s": "http://www.w3.org/2000/svg"}
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Cloud <Hosting> & Co" in texts
    assert "&lt;Hosting&gt; &amp; Co" in svg
    assert texts[:4] == ["Entities", "Business functions", "ICT providers", "Subcontractors"]
    critical = root.findall(".//s:g[@class='node critical']", ns)
    assert sorted(g.get("data-id") for g in critical) == ["f:F1", "f:F2", "f:F4", "f:F5"]
    nodes = root.findall(".//s:g", ns)
    assert len(nodes) == len(ENTITIES) + len(FUNCTIONS) + len(PROVIDERS)
    # 5 entity->function, 6 function->provider (F1 to P1 and P3), 4 subcontracting links
    assert len(root.findall(".//s:path[@class='edge']", ns)) == 5 + 6 + 4


def test_dependency_svg_columns_follow_subcontracting_rank():
    graph = DependencyGraph(
        ENTITIES,
        FUNCTIONS[:1],
        (PROVIDERS[0], PROVIDERS[4], PROVIDERS[5]),
        (ARRANGEMENTS[0],),
        (USES[0],),
        (Subcontracting("P1", "S1"), Subcontracting("S1", "S2")),
    )
    svg = dependency_svg(graph)
    assert "Subcontractors (rank 3)" in svg
    x_of = {
        g.get("data-id"): float(g.find("{http://www.w3.org/2000/svg}rect").get("x"))
        for g in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}g")
    }
    assert x_of["e:E1"] < x_of["f:F1"] < x_of["p:P1"] < x_of["p:S1"] < x_of["p:S2"]
