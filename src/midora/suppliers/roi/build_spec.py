"""Generate the shipped RoI spec from the EBA DORA taxonomy 4.0 (ITS (EU) 2024/2956 templates).

Usage: ``python -m midora.suppliers.roi.build_spec /path/to/reference [--out DIR]``

Inputs (below the reference folder):
- ``eba-dora-taxonomy-4.0/mod/dora.json``: module, table file names, parameters;
- ``eba-dora-taxonomy-4.0/tab/b_XX.YY/b_XX.YY.json``: columns, types, allowed values, keys;
- ``eba-dora-taxonomy-4.0/val/vr-*.xml``: EBA validation assertions (verbose labels);
- ``dora-roi-enumerations.csv``: domain names and member labels (values come from the taxonomy);
- ``dora-register-of-information.md``: template and column labels (the fetched taxonomy subset
  holds no label linkbase).

Outputs (``src/midora/data/roi/``): ``module.json``, ``templates.json``, ``enumerations.json``,
``rules.json`` and ``PROVENANCE.md``. All JSON is written sorted and indented so a rebuild from the
same inputs is byte-identical.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pycountry

TAXONOMY_DIR = "eba-dora-taxonomy-4.0"
MODULE_URL = "http://www.eba.europa.eu/eu/fr/xbrl/crr/fws/dora/4.0/mod/dora.json"
DEFAULT_OUT = Path(__file__).resolve().parents[2] / "data" / "roi"

_CELL = r"\{(B_\d\d\.\d\d),,(\d{4}),\}"
_NOT_EMPTY = re.compile(r"^not\(empty\(" + _CELL + r"\)\)$")
_IF_ANY = re.compile(r"^if (.+) then \(\(not\(empty\(" + _CELL + r"\)\)\)\) else True$")
_IF_EQUALS = re.compile(
    r"^if \(" + _CELL + r" = \{\{\[(\w+):(\w+)\]\}\}\) then \(not\(empty\(" + _CELL + r"\)\)\)"
    r" else True$"
)
_MATCH = re.compile(r"^match\(" + _CELL + r",(.+)\)$")
_XLINK_ROLE = "{http://www.w3.org/1999/xlink}role"
_VERBOSE_ROLE = "http://www.xbrl.org/2008/role/verboseLabel"


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


def _parse_condition_cells(text: str, table: str) -> list[str]:
    cells = re.findall(_CELL, text)
    if not cells or any(t != table for t, _ in cells):
        raise SpecBuildError(f"condition spans other tables: {text}")
    return [f"c{col}" for _, col in cells]


def parse_rule(rule_id: str, verbose: str, message: str, source: str) -> dict[str, Any]:
    """One EBA assertion (verbose notation) as a declarative rule."""
    expression = verbose.split(": ", 1)[1].strip()
    rule: dict[str, Any] = {
        "id": rule_id,
        "source": source,
        "expression": expression,
        "message": message,
    }
    if m := _NOT_EMPTY.match(expression):
        rule.update(kind="required", template=m.group(1), column=f"c{m.group(2)}")
    elif m := _IF_EQUALS.match(expression):
        rule.update(
            kind="required_if_equals",
            template=m.group(1),
            when=f"c{m.group(2)}",
            equals=f"eba_{m.group(3).split('_', 1)[-1]}:{m.group(4)}",
            column=f"c{m.group(6)}",
        )
    elif m := _IF_ANY.match(expression):
        rule.update(
            kind="required_if_any",
            template=m.group(2),
            column=f"c{m.group(3)}",
            when_any=_parse_condition_cells(m.group(1), m.group(2)),
        )
    elif m := _MATCH.match(expression):
        pattern = m.group(3).replace("{{", "{").replace("}}", "}")
        rule.update(kind="matches", template=m.group(1), column=f"c{m.group(2)}", pattern=pattern)
    else:
        rule.update(kind="unsupported")
    rule["severity"] = "warning"
    return rule


def build_rules(taxonomy: Path) -> list[dict[str, Any]]:
    """All assertions of the ``val/vr-*.xml`` linkbases."""
    rules = []
    for path in sorted((taxonomy / "val").glob("vr-*.xml")):
        root = ET.parse(path).getroot()
        verbose: dict[str, str] = {}
        messages: dict[str, str] = {}
        for element in root.iter():
            tag = element.tag.rsplit("}", 1)[-1]
            text = (element.text or "").strip()
            if tag == "label" and element.get(_XLINK_ROLE) == _VERBOSE_ROLE:
                verbose[text.split(":", 1)[0]] = text
            elif tag == "message":
                messages[text.split(":", 1)[0]] = text
        for element in root.iter():
            if element.tag.rsplit("}", 1)[-1] == "valueAssertion":
                rule_id = element.get("id", "")
                if rule_id not in verbose:
                    raise SpecBuildError(f"{path.name}: assertion {rule_id} has no verbose label")
                rules.append(
                    parse_rule(
                        rule_id, verbose[rule_id], messages.get(rule_id, ""), f"val/{path.name}"
                    )
                )
    return sorted(rules, key=lambda r: r["id"])


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


def _mark_mandatory(templates: list[dict], rules: list[dict]) -> None:
    required = {(r["template"], r["column"]) for r in rules if r["kind"] == "required"}
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
    rules = build_rules(taxonomy)
    _mark_mandatory(templates, rules)
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
            *taxonomy.glob("val/*.xml"),
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
        ("rules.json", rules),
    ):
        path = out / name
        path.write_text(
            json.dumps(payload, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        written.append(path)
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
        "- `rules.json`: the assertions of `val/vr-*.xml`, parsed from their EBA verbose labels.",
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
