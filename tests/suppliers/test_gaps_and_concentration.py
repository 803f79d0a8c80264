"""Contract gap view (DORA Art. 30) and the concentration figures on a hand-built graph."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from tests.factories import make_user
from tests.suppliers import builders

from midora.core.choices import Role
from midora.governance.models import Action
from midora.suppliers.engine import concentration as engine
from midora.suppliers.engine.clauses import required_clauses
from midora.suppliers.gap_view import ACTION_SOURCE, ranked_gap_rows
from midora.suppliers.graph import dependency_graph
from midora.suppliers.models import ClauseReview, ContractualArrangement

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 9, 1)


def _review_all(record, finding="present", except_keys=(), cif=False):
    for clause in required_clauses(cif):
        if clause.key in except_keys:
            continue
        ClauseReview.objects.create(
            arrangement=record, clause_key=clause.key, finding=finding, reviewed_on=DAY
        )


@pytest.fixture
def gap_setup(entity):
    custody = builders.function(entity, "CUST", critical=True)
    support = builders.function(entity, "CLSV", critical=False)
    cloud = builders.provider("Cloud One")
    helpdesk = builders.provider("Helpdesk Two")
    critical = builders.arrangement("CA-CRIT", entity, cloud, [(custody, "S10")])
    minor = builders.arrangement("CA-MINOR", entity, helpdesk, [(support, "S03")])
    clean = builders.arrangement("CA-CLEAN", entity, helpdesk, [(support, "S11")])
    _review_all(critical, except_keys={"exit_transition"}, cif=True)
    ClauseReview.objects.create(
        arrangement=critical, clause_key="exit_transition", finding="missing", reviewed_on=DAY
    )
    _review_all(minor, except_keys={"locations"})
    ClauseReview.objects.create(
        arrangement=minor, clause_key="locations", finding="partial", reviewed_on=DAY
    )
    _review_all(clean)
    return {"critical": critical, "minor": minor, "clean": clean}


def test_gap_ranking_puts_the_worst_contract_first_and_skips_clean_ones(gap_setup):
    rows = ranked_gap_rows(ContractualArrangement.objects.all())
    assert [r.arrangement.reference for r in rows] == ["CA-CRIT", "CA-MINOR"]
    top = rows[0]
    assert top.supports_cif and top.missing == 1
    # a missing Art. 30(3) provision of a contract supporting a critical function: 3 x 2 x 2
    assert top.score == 12
    assert [(g.clause.key, g.finding.value) for g, _a in top.gaps] == [
        ("exit_transition", "missing")
    ]
    assert rows[1].score == 1


def test_gap_view_exports_and_opens_one_action_per_gap(
    gap_setup, entity, compliance_user, client_for
):
    client = client_for(compliance_user)
    page = client.get("/third-parties/gaps/")
    assert page.status_code == 200
    text = page.content.decode()
    assert text.index("CA-CRIT") < text.index("CA-MINOR") and "CA-CLEAN" not in text
    exported = client.get("/third-parties/gaps/?export=csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(exported)))
    assert rows[0][:3] == ["Rank", "Arrangement", "Signing entity"]
    assert [(r[1], r[6], r[8]) for r in rows[1:]] == [
        ("CA-CRIT", "Art. 30(3)(f)", "missing"),
        ("CA-MINOR", "Art. 30(2)(b)", "partial"),
    ]
    payload = {"arrangement": gap_setup["critical"].pk, "clause": "exit_transition"}
    client.post("/third-parties/gaps/action/", payload)
    client.post("/third-parties/gaps/action/", payload)
    [action] = Action.objects.filter(source_type=ACTION_SOURCE)
    assert action.entity == entity and action.priority == "high"
    assert action.source_id == f"{gap_setup['critical'].pk}:exit_transition"
    assert "Art. 30(3)(f)" in action.title
    assert (
        client.post("/third-parties/gaps/action/", {**payload, "clause": "locations"}).status_code
        == 404
    )


def test_gap_actions_cannot_be_opened_outside_the_users_scope(gap_setup, other_entity, client_for):
    outsider = make_user("outsider", Role.COMPLIANCE_MANAGER, [other_entity])
    client = client_for(outsider)
    assert "CA-CRIT" not in client.get("/third-parties/gaps/").content.decode()
    response = client.post(
        "/third-parties/gaps/action/",
        {"arrangement": gap_setup["critical"].pk, "clause": "exit_transition"},
    )
    assert response.status_code == 404
    assert not Action.objects.exists()


def test_concentration_figures_on_a_hand_built_graph(entity, other_entity):
    """Two entities; custody depends on one non-substitutable MPC provider (a SPOF) whose
    cloud subcontractor also hosts the other entity's trading engine."""
    custody = builders.function(entity, "CUST", critical=True, crypto_services=["custody"])
    keys = builders.function(entity, "KEYM", critical=True)
    marketing = builders.function(entity, "MKTG", critical=False)
    trading = builders.function(other_entity, "TRAD", critical=True)
    mpc = builders.provider("MPC Vault", "GB")
    cloud = builders.provider("Big Cloud", "IE")
    web = builders.provider("Web Host", "FR")
    a1 = builders.arrangement(
        "A1",
        entity,
        mpc,
        [(custody, "S15"), (keys, "S15")],
        substitutability="eba_ZZ:x959",
        cost="300000",
    )
    builders.arrangement("A2", entity, web, [(marketing, "S07")], cost="100000")
    builders.arrangement("A3", other_entity, cloud, [(trading, "S10")], cost="600000")
    builders.subcontract(a1, cloud, mpc, "S15")
    graph = dependency_graph({entity.pk, other_entity.pk})

    spofs = {(s.function_id, s.provider_id) for s in engine.single_points_of_failure(graph)}
    assert spofs == {
        (custody.identifier, mpc.identification_code),
        (keys.identifier, mpc.identification_code),
    }
    reach = {r.provider_id: r for r in engine.critical_functions_per_provider(graph)}
    assert reach[cloud.identification_code].direct == {trading.identifier}
    assert reach[cloud.identification_code].through_subcontracting == {
        custody.identifier,
        keys.identifier,
    }
    assert reach[web.identification_code].all == frozenset()
    failure = engine.if_provider_fails(graph, cloud.identification_code)
    assert failure.critical_function_ids == {
        custody.identifier,
        keys.identifier,
        trading.identifier,
    }
    assert failure.entity_ids == {entity.lei, other_entity.lei}
    assert failure.chains["A1"] == (mpc.identification_code, cloud.identification_code)
    assert (entity.lei, "custody") in failure.crypto_services
    spend = engine.spend_concentration(graph)
    assert spend.total == Decimal("1000000")
    # shares 30 %, 10 %, 60 %: HHI = 900 + 100 + 3600
    assert spend.hhi == Decimal("4600")
    storage = {c.country: c for c in engine.country_concentration(graph).storage}
    assert storage["GB"].critical_function_ids == {custody.identifier, keys.identifier}
    assert storage["FR"].critical_function_ids == frozenset()


def test_concentration_page_and_svg(entity, compliance_user, client_for):
    custody = builders.function(entity, "CUST", critical=True)
    mpc = builders.provider("MPC Vault", "GB")
    builders.arrangement("A1", entity, mpc, [(custody, "S15")], substitutability="eba_ZZ:x959")
    client = client_for(compliance_user)
    page = client.get(f"/third-parties/concentration/?provider={mpc.identification_code}")
    text = page.content.decode()
    assert page.status_code == 200
    assert "If MPC Vault fails" in text and "Single points of failure" in text
    assert "<svg" in text and custody.identifier in text
    svg = client.get("/third-parties/concentration/map.svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"MPC Vault" in svg.content
