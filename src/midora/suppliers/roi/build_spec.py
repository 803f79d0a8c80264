"""Generate the shipped RoI spec from the EBA DORA taxonomy 4.0 (ITS (EU) 2024/2956 templates).

Usage: ``python -m midora.suppliers.roi.build_spec /path/to/reference [--out DIR]``

Inputs (below the reference folder):
- ``eba-dora-taxonomy-4.0/mod/dora.json``: module, table file names, parameters;
- ``eba-dora-taxonomy-4.0/tab/b_XX.YY/b_XX.YY.json``: columns, types, allowed values, keys;
- ``eba-dora-taxonomy-4.0/dpm-xl-rules.csv``: the EBA business rules (DPM-XL), copied as is;
- ``dora-roi-enumerations.csv``: domain names and member labels (values come from the taxonomy);
- ``dora-register-of-information.md``: template and column labels (the fetched taxonomy subset
  holds no label linkbase).

Outputs (``src/midora/data/roi/``): ``module.json``, ``templates.json``, ``enumerations.json``,
``dpm-xl-rules.csv`` and ``PROVENANCE.md``. All JSON is written sorted and indented so a rebuild from the
same inputs is byte-identical.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

import pycountry

TAXONOMY_DIR = "eba-dora-taxonomy-4.0"
RULES_FILE = "dpm-xl-rules.csv"
MODULE_URL = "http://www.eba.europa.eu/eu/fr/xbrl/crr/fws/dora/4.0/mod/dora.json"
DEFAULT_OUT = Path(__file__).resolve().parents[2] / "data" / "roi"


class SpecBuildError(ValueError):
    """A taxonomy file did not have the expected shape."""


def _template_code(table_template: str) -> str:
    """``B_01-01`` -> ``B_01.01``."""
    return table_template.replace("-", ".")


def _read_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SpecBuildError(f"{path}: cannot read JSON ({exc})") from exc


def read_note_labels(note: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Template titles and column labels from the reference note's section 3 tables."""
    titles: dict[str, str] = {}
    labels: dict[str, str] = {}
    current = None
    for line in note.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^### (B_\d\d\.\d\d): (.+)$", line)
        if heading:
            current = heading.group(1)
            title = heading.group(2).strip()
            titles[current] = title[:1].upper() + title[1:]
            continue
        row = re.match(r"^\| \**(c\d{4})\** \| ([^|]+) \|", line)
        if current and row:
            labels[f"{current}.{row.group(1)}"] = row.group(2).strip()
    return titles, labels


def read_enumeration_csv(path: Path) -> tuple[dict[str, dict[str, str]], dict[str, list[str]]]:
    """Member labels per list and the cells each list is used in."""
    labels: dict[str, dict[str, str]] = {}
    used_in: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            labels.setdefault(row["list_name"], {})[row["code"]] = row["label"]
            cells = re.findall(r"B_\d\d\.\d\d\.c\d{4}", row["used_in"])
            used_in[row["list_name"]] = cells
    return labels, used_in


def _iso_label(code: str) -> str | None:
    """English name of an ISO 3166 country or ISO 4217 currency member."""
    prefix, _, local = code.partition(":")
    if prefix == "eba_GA":
        country = pycountry.countries.get(alpha_2=local)
        return country.name if country else None
    if prefix == "eba_CU":
        currency = pycountry.currencies.get(alpha_3=local)
        return currency.name if currency else None
    return None


def build_templates(
    taxonomy: Path, titles: dict[str, str], labels: dict[str, str], list_cells: dict[str, list[str]]
) -> tuple[list[dict], dict[str, list[str]]]:
    """Template specs from the table JSON files, and the taxonomy's allowed values per domain."""
    domain_of_cell = {cell: name for name, cells in list_cells.items() for cell in cells}
    module = _read_json(taxonomy / "mod" / "dora.json")
    templates: list[dict] = []
    domains: dict[str, list[str]] = {}
    tables = [t for t in module["tables"].values() if t["template"].startswith("B_")]
    for table in sorted(tables, key=lambda t: t["template"]):
        code = _template_code(table["template"])
        path = taxonomy / "tab" / code.lower() / f"{code.lower()}.json"
        definition = _read_json(path)["tableTemplates"].get(table["template"])
        if definition is None:
            raise SpecBuildError(f"{path}: no tableTemplate {table['template']}")
        keys = definition.get("tc:keys", {})
        primary = list(keys.get("primary", {}).get("fields", []))
        foreign = []
        for ref in keys.get("reference", []):
            rule = re.match(r"^(R\d+)", ref["name"])
            foreign.append(
                {
                    "name": ref["name"],
                    "rule_id": rule.group(1) if rule else ref["name"],
                    "columns": list(ref["columns"]),
                    "target": _template_code(ref["keyRef"]["tableTemplate"]),
                }
            )
        columns = []
        for col_code, column in definition["columns"].items():
            doc = column.get("eba:documentation", {})
            cell = f"{code}.{col_code}"
            allowed = sorted(doc.get("AllowedValue", {}))
            domain = None
            if allowed:
                domain = domain_of_cell.get(cell, f"{code}.{col_code}")
                known = domains.setdefault(domain, allowed)
                if known != allowed:
                    domain = f"{code}.{col_code}"
                    domains[domain] = allowed
            dims = dict(column.get("dimensions", {}))
            concept = dims.pop("concept", None)
            dims.pop("unit", None)
            columns.append(
                {
                    "code": col_code,
                    "label": labels.get(cell) or _b99_label(dims),
                    "data_type": doc.get("type", "s"),
                    "domain": domain,
                    "key": col_code in primary or "dimensions" not in column,
                    "foreign_keys": [fk["rule_id"] for fk in foreign if col_code in fk["columns"]],
                    "concept": concept,
                    "fixed_dimensions": dims,
                    "decimals": column.get("decimals", "").lstrip("$") or None,
                    "mandatory": False,
                }
            )
        templates.append(
            {
                "code": code,
                "table_template": table["template"],
                "file_name": table["url"],
                "label": titles.get(code, code),
                "primary_key": primary,
                "foreign_keys": foreign,
                "columns": columns,
            }
        )
    for name, cells in list_cells.items():
        for cell in cells:
            if cell.rsplit(".", 1)[0] not in {t["code"] for t in templates}:
                raise SpecBuildError(f"enumeration list {name} names unknown cell {cell}")
    return templates, domains


def _b99_label(dims: dict[str, str]) -> str:
    """B_99.01 columns define one member each (their fixed dimension)."""
    if not dims:
        return ""
    (dimension, member), *_ = dims.items()
    return f"Definition of {member} ({dimension.rsplit(':', 1)[-1]})"


def build_enumerations(
    domains: dict[str, list[str]], list_labels: dict[str, dict[str, str]]
) -> list[dict[str, Any]]:
    """Allowed members (taxonomy) with labels (enumerations CSV, else ISO names)."""
    result = []
    for domain, members in sorted(domains.items()):
        labels = list_labels.get(domain, {})
        rows = []
        for code in members:
            label = labels.get(code, "")
            if not label or label.startswith("ISO"):
                label = _iso_label(code) or label or code
            rows.append({"code": code, "label": label})
        result.append({"domain": domain, "members": rows})
    return result


def _mark_mandatory(templates: list[dict], rules_csv: Path) -> None:
    """Key columns and the cells of unconditional active existence rules are mandatory."""
    from midora.suppliers.roi.dpmxl import compile_rule

    columns = {t["code"]: [c["code"] for c in t["columns"]] for t in templates}
    required = set()
    with rules_csv.open(newline="", encoding="utf-8") as handle:
        for line in csv.DictReader(handle):
            rule = compile_rule(line["rule_id"], line["dpm_xl"], columns.__getitem__)
            if line["status"] == "active" and rule.unconditional:
                required.update((rule.table, check.column) for check in rule.checks)
    for template in templates:
        for column in template["columns"]:
            column["mandatory"] = column["key"] or (template["code"], column["code"]) in required


def _digest(paths: list[Path]) -> list[dict[str, str]]:
    return [
        {"path": p.as_posix(), "sha256": hashlib.sha256(p.read_bytes()).hexdigest()} for p in paths
    ]


def build(reference: Path, out: Path) -> list[Path]:
    """Read the reference folder, write the data files; return the files written."""
    taxonomy = reference / TAXONOMY_DIR
    if not (taxonomy / "mod" / "dora.json").is_file():
        raise SpecBuildError(f"{taxonomy}: mod/dora.json not found")
    titles, labels = read_note_labels(reference / "dora-register-of-information.md")
    list_labels, list_cells = read_enumeration_csv(reference / "dora-roi-enumerations.csv")
    templates, domains = build_templates(taxonomy, titles, labels, list_cells)
    rules_csv = taxonomy / RULES_FILE
    _mark_mandatory(templates, rules_csv)
    module = _read_json(taxonomy / "mod" / "dora.json")
    module_info = {
        "module_url": MODULE_URL,
        "module_vid": module["documentInfo"]["eba:documentation"]["ModuleVID"],
        "parameter_file": module["parameterURL"],
        "other_tables": {
            t["template"]: {"url": t["url"], "optional": bool(t.get("optional"))}
            for t in module["tables"].values()
            if not t["template"].startswith("B_")
        },
        "namespaces": module["documentInfo"]["namespaces"],
    }
    inputs = sorted(
        [
            taxonomy / "mod" / "dora.json",
            *taxonomy.glob("tab/*/*.json"),
            rules_csv,
            reference / "dora-roi-enumerations.csv",
            reference / "dora-register-of-information.md",
        ]
    )
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, payload in (
        ("module.json", module_info),
        ("templates.json", templates),
        ("enumerations.json", build_enumerations(domains, list_labels)),
    ):
        path = out / name
        path.write_text(
            json.dumps(payload, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        written.append(path)
    copied = out / RULES_FILE
    copied.write_bytes(rules_csv.read_bytes())
    written.append(copied)
    provenance = out / "PROVENANCE.md"
    provenance.write_text(_provenance(reference, inputs), encoding="utf-8")
    written.append(provenance)
    return written


def _provenance(reference: Path, inputs: list[Path]) -> str:
    lines = [
        "# Provenance of the Register of Information data files",
        "",
        "Generated by `python -m midora.suppliers.roi.build_spec <reference>` from the EBA DORA",
        "taxonomy 4.0 (DORA module, ModuleVID 436) as mirrored in the public repository",
        "`amanaconsulting/xbrlcache` (folder `www.eba.europa.eu/eu/fr/xbrl/crr/fws/dora/4.0/`).",
        "Do not edit by hand: rebuild and commit.",
        "",
        "- `templates.json`: columns, data types, domains, keys, foreign keys (from `tab/`).",
        "- `enumerations.json`: allowed members per domain from the taxonomy `AllowedValue`;",
        "  domain names and labels from `dora-roi-enumerations.csv`, country and currency names",
        "  from pycountry (ISO 3166 / ISO 4217).",
        "- `dpm-xl-rules.csv`: the EBA DORA 4.0 business rules as DPM-XL expressions (63 rules,",
        "  55 active, 8 deactivated; EBA update of 10 March 2025), copied byte for byte. Source of",
        "  the expressions: public repository `artemeon/dpm-xl-validator`, `src/RuleSet/DORA.php`,",
        "  commit `cb092b0ae406ffea931258d6962ce192444d93ed` (2025-03-27). The id `v88889_m` is kept",
        "  as written there (probably `v8889_m`, unconfirmed). Evaluated by `suppliers/roi/dpmxl.py`.",
        "- `module.json`: module entry point and namespaces (from `mod/dora.json`).",
        "- Column labels: the EBA annotated-layout wording as given in",
        "  `dora-register-of-information.md` (the taxonomy label linkbases were not available).",
        "",
        "Input files (SHA-256):",
        "",
    ]
    for item in _digest(inputs):
        relative = Path(item["path"]).relative_to(reference).as_posix()
        lines.append(f"- `{relative}` {item['sha256']}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference", type=Path, help="folder holding eba-dora-taxonomy-4.0/")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    try:
        written = build(args.reference, args.out)
    except (SpecBuildError, OSError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
