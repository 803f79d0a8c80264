"""The application items of Delegated Regulation (EU) 2025/305 as their own versioned catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from midora.compliance.catalogue_loader import load_catalogue_files
from midora.compliance.engine.catalogue_files import CATALOGUE_DIR, load_shipped_catalogues
from midora.compliance.models import Control, Mapping, Requirement

ARTICLES = {str(n) for n in range(1, 18)}


def _rts305():
    return next(c for c in load_shipped_catalogues() if c.framework == "RTS305")


def test_every_information_item_of_articles_1_to_17_is_shipped():
    rts = _rts305()
    items = [e for e in rts.requirements if not e.grouping]
    assert rts.regime == "MICA"
    assert len(items) == 180
    assert {e.article for e in rts.requirements} == ARTICLES
    sub_point = rts.get("MICA-RTS305-3.e.i.1")
    assert sub_point.source.citation() == "Art. 3(e)(i)(1)"
    assert sub_point.parent == "MICA-RTS305-3"
    assert rts.get("MICA-RTS305-9.b.iv").parent == "MICA-RTS305-9.b"
    assert rts.get("MICA-RTS305-12.a").condition.services == ("custody",)
    assert rts.get("MICA-RTS305-13.1.l").condition.services == ("trading_platform",)
    assert "applicant" in rts.get("MICA-RTS305-1.a").condition.flags


def test_mica_catalogue_no_longer_holds_the_application_items():
    mica = next(c for c in load_shipped_catalogues() if c.framework == "MICA")
    assert not [i for i in mica.ids if i.startswith("MICA-RTS305")]
    assert mica.catalogue_version == "1.1.0"


@pytest.mark.django_db
def test_items_held_by_mica_1_0_move_to_rts305_with_their_mappings(tmp_path: Path):
    """Upgrade from MiCA 1.0.0 (which held 20 RTS 2025/305 items): rows and mappings are kept."""
    mica = yaml.safe_load((CATALOGUE_DIR / "mica.yaml").read_text(encoding="utf-8"))
    rts = yaml.safe_load((CATALOGUE_DIR / "rts305.yaml").read_text(encoding="utf-8"))
    mica["catalogue"]["catalogue_version"] = "1.0.0"
    mica["requirements"] += [r for r in rts["requirements"] if r["id"].startswith("MICA-RTS305-9")]
    old = tmp_path / "mica-1.0.0.yaml"
    old.write_text(yaml.safe_dump(mica, sort_keys=False), encoding="utf-8")
    load_catalogue_files([old])
    before = Requirement.objects.get(ref="MICA-RTS305-9.a.i")
    control = Control.objects.create(code="CTL-T-1", title="t")
    Mapping.objects.create(
        control=control, requirement=before, coverage="partial", rationale="MiCA reason"
    )

    load_catalogue_files()

    after = Requirement.objects.get(ref="MICA-RTS305-9.a.i")
    assert after.pk == before.pk
    assert after.framework.code == "RTS305" and not after.withdrawn
    assert after.mappings.get().rationale == "MiCA reason"
    assert Requirement.objects.filter(ref__startswith="MICA-RTS305", withdrawn=True).count() == 0
    assert Requirement.objects.filter(framework__code="RTS305").count() == len(_rts305().ids)
