"""Board pack: generation on the demo data, PDF text, snapshots and their hash, scope."""

import datetime as dt
import hashlib
import subprocess

import pytest

from midora.boardpack.generate import PackError, build_pack, generate_snapshot, parse_period
from midora.boardpack.models import BoardPack
from midora.boardpack.store import pack_dir, read_pdf
from midora.cli import main as midora
from midora.core.models import BusinessFunction, LegalEntity
from midora.jobs.models import Job
from tests.factories import demo_loaded_once
from tests.jobs.helpers import drain

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_group(django_db_setup, django_db_blocker):
    """The demo group, built once for the module (each test's changes roll back)."""
    with demo_loaded_once(django_db_blocker) as summary:
        yield summary


@pytest.fixture
def demo(demo_group, db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "pack.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_pack_on_demo_data_has_every_section_and_true_figures(demo, tmp_path):
    admin = demo.get(username="admin")
    snapshot, pdf = generate_snapshot(admin, dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    text = pdf_text(pdf, tmp_path)
    pack = build_pack(admin, dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    for section in pack.sections:
        assert section.title in text
    critical = BusinessFunction.objects.filter(criticality="critical").count()
    assert snapshot.figures["values"]["scope.critical_functions"] == critical
    assert f"{critical} critical or important functions" in " ".join(text.split())
    assert "F-DE-TRAD" in snapshot.figures["records"]["scope.critical_functions"]


def test_snapshot_hash_is_verified(demo):
    admin = demo.get(username="admin")
    snapshot, pdf = generate_snapshot(admin, dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert snapshot.sha256 == hashlib.sha256(pdf).hexdigest()
    assert read_pdf(snapshot.sha256) == pdf
    (pack_dir() / f"{snapshot.sha256}.pdf").write_bytes(pdf + b"tampered")
    with pytest.raises(ValueError, match="no longer matches"):
        read_pdf(snapshot.sha256)


def test_next_pack_compares_with_the_previous(demo):
    admin = demo.get(username="admin")
    first, _ = generate_snapshot(admin, dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    BusinessFunction.objects.filter(identifier="F-FR-MKTG").update(
        criticality="critical", criticality_rationale="x"
    )
    pack = build_pack(admin, dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert pack.previous == first
    figure = next(
        f for s in pack.sections for f in s.figures if f.key == "scope.critical_functions"
    )
    assert figure.change == 1


def test_scope_limits_the_pack(demo, user_factory):
    german = LegalEntity.objects.get(country="DE")
    engineer = demo.get(username="engineer")  # granted the German exchange only
    pack = build_pack(engineer, dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert pack.context.entity_ids == [german.pk]
    french = LegalEntity.objects.get(country="FR")
    with pytest.raises(PackError, match="not in your scope"):
        build_pack(engineer, dt.date(2026, 7, 1), dt.date(2026, 9, 30), entity=french)


def test_cli_writes_the_pdf(demo, tmp_path, capsys):
    output = tmp_path / "q3.pdf"
    assert midora(["boardpack", "--period", "2026-07-01..2026-09-30", "--output", str(output)]) == 0
    assert output.read_bytes().startswith(b"%PDF")
    assert BoardPack.objects.count() == 1
    assert midora(["boardpack", "--period", "2026-09-30..2026-07-01", "--output", str(output)]) == 2
    assert "ends before it starts" in capsys.readouterr().err


def test_period_parsing():
    assert parse_period("2026-01-01..2026-03-31") == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    with pytest.raises(PackError, match=r"FROM\.\.TO"):
        parse_period("2026-01-01")


def test_board_member_reads_packs_but_not_registers(demo, client_for):
    board = demo.get(username="board")
    client = client_for(board)
    assert client.get("/board/").status_code == 200
    assert client.get("/board/dashboard/").status_code == 200
    assert client.get("/functions/").status_code == 403
    # reading is all a board member does: generating is for roles that may edit
    assert "Generate and keep" not in client.get("/board/").content.decode()
    period = {"period_from": "2026-07-01", "period_to": "2026-09-30"}
    assert client.post("/board/generate/", period).status_code == 403
    assert not BoardPack.objects.exists()
    generate_snapshot(demo.get(username="compliance"), dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    pack = BoardPack.objects.get()
    download = client.get(f"/board/{pack.pk}/pdf/")
    assert download["Content-Type"] == "application/pdf" and download.content.startswith(b"%PDF")


def test_pack_is_generated_in_the_background_with_progress(demo, client_for):
    client = client_for(demo.get(username="compliance"))
    period = {"period_from": "2026-07-01", "period_to": "2026-09-30"}
    response = client.post("/board/generate/", period)
    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Waiting for a worker" in page and 'hx-trigger="every 1s"' in page
    assert not BoardPack.objects.exists()
    assert drain() == 1
    job.refresh_from_db()
    pack = BoardPack.objects.get()
    assert (job.status, job.percent, job.result_url) == ("done", 100, pack.get_absolute_url())
    status = client.get(f"/jobs/{job.pk}/status/").content.decode()
    assert "hx-trigger" not in status and pack.get_absolute_url() in status
    assert client_for(demo.get(username="engineer")).get(job.get_absolute_url()).status_code == 404


def test_packs_of_other_entities_stay_hidden(demo, client_for, api_for):
    admin, engineer = demo.get(username="admin"), demo.get(username="engineer")
    group_pack, _ = generate_snapshot(admin, dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    german = LegalEntity.objects.get(country="DE")
    own_pack, _ = generate_snapshot(engineer, dt.date(2026, 7, 1), dt.date(2026, 9, 30), german)
    assert list(BoardPack.objects.visible_to(engineer)) == [own_pack]
    assert client_for(engineer).get(f"/board/{group_pack.pk}/").status_code == 404
    listed = api_for(engineer).get("/api/boardpack/packs").json()
    assert [p["id"] for p in listed] == [own_pack.pk]


@pytest.mark.parametrize("username", ["auditor", "board"])
def test_read_only_roles_cannot_generate_packs(demo, client_for, api_for, username):
    user = demo.get(username=username)
    body = {"period_from": "2026-07-01", "period_to": "2026-09-30"}
    response = api_for(user).post("/api/boardpack/packs", body, content_type="application/json")
    assert response.status_code == 403
    assert "only read" in response.json()["detail"]
    web = client_for(user).post("/board/generate/", body)
    assert web.status_code == 403
    assert not BoardPack.objects.exists()
    assert api_for(user).get("/api/boardpack/packs").status_code == 200


def test_compliance_manager_generates_through_the_api(demo, api_for):
    body = {"period_from": "2026-07-01", "period_to": "2026-09-30"}
    response = api_for(demo.get(username="compliance")).post(
        "/api/boardpack/packs", body, content_type="application/json"
    )
    assert response.status_code == 201 and BoardPack.objects.count() == 1


def test_long_tables_show_twenty_rows_and_link_the_rest(demo):
    from midora.boardpack.generate import render_html
    from midora.boardpack.sections import TABLE_ROWS, RecordRef, Section, Table

    admin = demo.get(username="admin")
    pack = build_pack(admin, dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    rows = [[RecordRef(f"RA-{n:03}", f"/ict-risk/risks/{n}/"), "x"] for n in range(TABLE_ROWS + 5)]
    table = Table(
        "Expiring acceptances", ["Risk", "Title"], rows, more_url="/ict-risk/acceptances/"
    )
    assert len(table.rows) == TABLE_ROWS and table.more == 5
    pack.sections.append(Section("long", "A long list", tables=[table]))
    html = render_html(pack)
    assert "RA-019" in html and "RA-020" not in html
    assert "and 5 more" in html and 'href="/ict-risk/acceptances/"' in html


def test_contract_gap_figure_counts_every_arrangement_not_the_rows_shown(demo):
    from midora.suppliers.gap_view import ranked_gap_rows
    from midora.suppliers.models import ContractualArrangement

    admin = demo.get(username="admin")
    pack = build_pack(admin, dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    every = [
        g
        for g in ranked_gap_rows(ContractualArrangement.objects.all())
        if g.supports_cif and g.missing
    ]
    assert pack.figures()["suppliers.cif_contract_gaps"] == len(every)
    section = next(s for s in pack.sections if s.key == "suppliers")
    table = next(t for t in section.tables if t.title.startswith("Contract gaps"))
    assert len(table.rows) + table.more == len(every)
    assert [row[0].label for row in table.rows] == [g.arrangement.reference for g in every][:20]
