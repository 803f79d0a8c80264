"""The Register of Information page shows the last stored build and validation: it does not
rebuild the register on a GET, says when the records changed since, and the rebuild (now or as a
background job) stores the result it then shows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.factories import make_user
from tests.jobs.helpers import drain
from tests.suppliers import builders

from midora.core.choices import Role
from midora.core.models import BusinessFunction
from midora.jobs.models import Job
from midora.suppliers.models import ContractualArrangement, RegisterResult
from midora.suppliers.roi_store import records_fingerprint, stored_result

pytestmark = pytest.mark.django_db
REF = dt.date(2025, 12, 31)


@pytest.fixture
def officer(casp, client_for, settings, tmp_path):
    settings.HOME = tmp_path
    return client_for(make_user("officer", Role.COMPLIANCE_MANAGER, [casp]))


def _query(entity) -> str:
    return f"?entity={entity.pk}&date={REF.isoformat()}&level=IND"


def _no_build(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the page rebuilt the register on a GET")

    monkeypatch.setattr("midora.suppliers.roi_rows.build_register", refuse)
    monkeypatch.setattr("midora.suppliers.views.roi.build_register", refuse)


def test_page_shows_the_stored_result_without_building(casp, officer, monkeypatch) -> None:
    page = officer.get(f"/third-parties/roi/{_query(casp)}").content.decode()
    assert 'id="roi-missing"' in page and "Not validated yet" in page

    response = officer.post(f"/third-parties/roi/validate/{_query(casp)}")
    assert response.status_code == 302 and response["Location"].endswith(_query(casp))
    result = RegisterResult.objects.get(entity=casp, level="IND", reference_date=REF)
    assert result.template_counts["B_02.01"] == 1 and result.finding_count >= 1

    _no_build(monkeypatch)
    with CaptureQueriesContext(connection) as queries:
        page = officer.get(f"/third-parties/roi/{_query(casp)}").content.decode()
    assert len(queries) <= 20, [q["sql"] for q in queries]
    assert "Up to date" in page and 'id="roi-built-at"' in page
    assert "e23682_e" in page  # the stored finding, with its record link
    assert f'href="/functions/{casp.support.pk}/"' in page


def test_query_count_does_not_grow_with_the_findings(casp, officer, monkeypatch) -> None:
    officer.post(f"/third-parties/roi/validate/{_query(casp)}")
    _no_build(monkeypatch)
    with CaptureQueriesContext(connection) as few:
        officer.get(f"/third-parties/roi/{_query(casp)}")
    for n in range(5):
        extra = builders.function(casp, f"X{n}", critical=False)
        BusinessFunction.objects.filter(pk=extra.pk).update(last_assessed=None)
    monkeypatch.undo()
    officer.post(f"/third-parties/roi/validate/{_query(casp)}")
    assert RegisterResult.objects.get(entity=casp).finding_count > 1
    _no_build(monkeypatch)
    with CaptureQueriesContext(connection) as more:
        officer.get(f"/third-parties/roi/{_query(casp)}")
    assert len(more) == len(few)


def test_a_changed_arrangement_marks_the_result_stale(casp, officer) -> None:
    officer.post(f"/third-parties/roi/validate/{_query(casp)}")
    assert stored_result(casp, REF, "IND")[1] is False
    before = records_fingerprint()

    arrangement = ContractualArrangement.objects.get(reference="CA-100")
    arrangement.notice_period_entity = 45
    arrangement.save()
    assert records_fingerprint() != before
    assert stored_result(casp, REF, "IND")[1] is True
    page = officer.get(f"/third-parties/roi/{_query(casp)}").content.decode()
    assert 'id="roi-stale"' in page and "Out of date" in page

    # a link added or removed (many-to-many, no save of the arrangement) counts too
    officer.post(f"/third-parties/roi/validate/{_query(casp)}")
    stamp = records_fingerprint()
    arrangement.using_entities.add(casp)
    assert records_fingerprint() != stamp


def test_the_background_rebuild_stores_the_result_the_page_shows(casp, officer, monkeypatch):
    page = officer.get(f"/third-parties/roi/{_query(casp)}").content.decode()
    assert 'id="roi-rebuild"' in page
    response = officer.post(f"/third-parties/roi/jobs/validate/{_query(casp)}")
    job = Job.objects.get(kind="roi.validate")
    assert response["Location"] == job.get_absolute_url()
    assert not RegisterResult.objects.exists()
    drain()
    job.refresh_from_db()
    assert job.status == "done", job.error

    result = RegisterResult.objects.get(entity=casp, level="IND", reference_date=REF)
    _no_build(monkeypatch)
    page = officer.get(f"/third-parties/roi/{_query(casp)}").content.decode()
    assert "Up to date" in page and "e23682_e" in page
    assert f'id="roi-total-rows">{sum(result.template_counts.values())}<' in page
