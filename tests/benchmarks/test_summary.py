"""`make bench`'s table: each goal read from its result file; what did not run never passes."""

from __future__ import annotations

import json

from benchmarks import summary


def test_goals_read_their_results_and_missing_ones_say_not_run(tmp_path, monkeypatch):
    monkeypatch.setattr(summary, "RESULTS", tmp_path)
    (tmp_path / "evidence_verify.json").write_text(
        json.dumps(
            {
                "small_files": {"midora_mb_per_s": 90.5, "ratio": 0.83},
                "big_files": {"midora_mb_per_s": 400.0, "ratio": 0.5},
            }
        )
    )
    (tmp_path / "boardpack.json").write_text(
        json.dumps(
            {"runs": [{"scale": 1, "pack_seconds": 4.0}, {"scale": 100, "pack_seconds": 12.0}]}
        )
    )
    table = {row[0]: row for row in summary.rows()}
    assert table["`evidence verify`, 20,000 small files"][2:] == ("90.5 MB/s", "0.83x", "pass")
    assert table["`evidence verify`, 64 MB files"][2:] == ("400.0 MB/s", "0.5x", "miss")
    assert table["board pack, scale 100"][4] == "pass"
    assert table["board pack, scale 100 against scale 1"][3:] == ("3.0x", "miss")
    assert table["crosswalk page, scale 100"][2:] == ("—", "—", "not run")
    assert "| work | goal | measured | ratio | verdict |" in summary.render()
