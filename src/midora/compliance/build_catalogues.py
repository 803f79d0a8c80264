"""Derive the shipped catalogue files from the reference catalogue and the hand-written sources.

Run: python -m midora.compliance.build_catalogues --reference PATH/TO/reference/catalogue
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from midora.compliance.engine.catalogue_files import CATALOGUE_DIR, id_ancestors, parse_catalogue
from midora.compliance.engine.yaml_source import FileFormatError

SOURCES_DIR = CATALOGUE_DIR / "sources"
CATALOGUE_VERSION = "1.0.0"
# A framework whose content changed since 1.0.0 carries its own version (see docs/catalogues.md).
VERSIONS = {"MICA": "1.1.0"}
APPLICATION_REFERENCE = "mica-rts-2025-305-application.yaml"
RTS305_PREFIX = "MICA-RTS305-"
RTS305_SOURCE = (
    "Commission Delegated Regulation (EU) 2025/305 (RTS on CASP authorisation application)"
)

# output file -> framework metadata; `reference` is the reference file it is built from.
FRAMEWORK_META: dict[str, dict[str, Any]] = {
    "dora.yaml": {
        "reference": "dora.yaml",
        "framework": "DORA",
        "regime": "DORA",
        "short": "DORA",
        "consolidated_date": "2022-12-27",
    },
    "mica.yaml": {
        "reference": "mica.yaml",
        "framework": "MICA",
        "regime": "MICA",
        "short": "MiCA",
        "consolidated_date": "2023-06-09",
        "scope": "Title V (Articles 59-85) CASP obligations relevant to authorisation readiness; "
        "the application items of Delegated Regulation (EU) 2025/305 are the RTS305 catalogue",
    },
    "rts1774.yaml": {
        "reference": "rts-2024-1774.yaml",
        "framework": "RTS1774",
        "regime": "DORA",
        "short": "Delegated Regulation (EU) 2024/1774",
        "consolidated_date": "2024-06-25",
    },
    "rts305.yaml": {
        "reference": APPLICATION_REFERENCE,
        "framework": "RTS305",
        "regime": "MICA",
        "short": "Delegated Regulation (EU) 2025/305",
        "consolidated_date": "2025-03-31",
        "scope": "Every information item of an application for authorisation as a CASP "
        "(Articles 1-17), article by article; the backbone of the authorisation dossier",
    },
    "rts1773.yaml": {
        "reference": None,
        "framework": "RTS1773",
        "regime": "DORA",
        "short": "Delegated Regulation (EU) 2024/1773",
        "consolidated_date": "2024-06-25",
    },
}

_SERVICES_75_79 = ["custody", "trading_platform", "exchange_fiat", "exchange_crypto"]
_EXCHANGE = ["exchange_fiat", "exchange_crypto"]
_ADVICE_PM = ["advice", "portfolio_management"]

# The reference's free-text `applies_to` vocabulary -> machine-readable `applies_when`.
APPLIES_WHEN: dict[str, dict[str, Any]] = {
    # DORA
    "all": {"all": True},
    "all except microenterprises": {"not_microenterprise": True},
    "all except microenterprises and Article 16(1) entities": {"not_microenterprise": True},
    "CIF-only (ICT services supporting critical or important functions)": {
        "critical_or_important": True
    },
    "TLPT-designated entities": {"tlpt_designated": True},
    "TLPT-designated entities (internal testers)": {"tlpt_designated": True},
    "microenterprises only": {"microenterprise": True},
    "optional (all)": {"optional": True},
    "voluntary (all)": {"optional": True},
    "Article 16(1) entities only - not CASPs": {"not_applicable_to_casps": True},
    "entities participating in sharing arrangements": {"fact": ["information_sharing"]},
    "entities using designated critical ICT third-party providers": {
        "fact": ["uses_designated_ctpp"]
    },
    # RTS 2024/1774
    "Title II entities (all DORA financial entities incl. CASPs, except Article 16(1) entities)": {
        "all": True
    },
    "Title II entities except microenterprises": {"not_microenterprise": True},
    "Title II entities; stricter for ICT assets supporting critical or important functions": {
        "all": True
    },
    "Article 16(1) simplified-framework entities only - not CASPs": {
        "not_applicable_to_casps": True
    },
    # MiCA and Delegated Regulation (EU) 2025/305
    "all CASPs": {"all": True},
    "Art 60 notifying financial entities": {"art60_notified": True},
    "CASPs holding client crypto-assets": {"fact": ["holds_client_crypto_assets"]},
    "CASPs holding client funds": {"fact": ["holds_client_funds"]},
    "CASPs offering related payment services": {"fact": ["payment_services"]},
    "CASPs providing custody, trading platform, exchange, execution or placing (Arts 75-79)": {
        "service": [*_SERVICES_75_79, "execution", "placing"]
    },
    "CASPs using insurance for prudential safeguards": {"fact": ["insurance_safeguard"]},
    "significant CASPs": {"fact": ["significant_casp"]},
    "advice and/or portfolio management providers": {"service": _ADVICE_PM},
    "advice providers": {"service": ["advice"]},
    "custody and administration providers": {"service": ["custody"]},
    "exchange service providers": {"service": _EXCHANGE},
    "order execution providers": {"service": ["execution"]},
    "placing providers": {"service": ["placing"]},
    "reception and transmission (RTO) providers": {"service": ["reception_transmission"]},
    "trading platform operators": {"service": ["trading_platform"]},
    "transfer service providers": {"service": ["transfer"]},
    "applicants (Art 62 authorisation)": {"applicant": True},
    "applicants executing orders": {"applicant": True, "service": ["execution"]},
    "applicants holding client crypto-assets or funds": {
        "applicant": True,
        "fact": ["holds_client_crypto_assets", "holds_client_funds"],
    },
    "applicants operating a trading platform": {"applicant": True, "service": ["trading_platform"]},
    "applicants providing advice or portfolio management": {
        "applicant": True,
        "service": _ADVICE_PM,
    },
    "applicants providing custody": {"applicant": True, "service": ["custody"]},
    "applicants providing exchange services": {"applicant": True, "service": _EXCHANGE},
    "applicants providing transfer services": {"applicant": True, "service": ["transfer"]},
    # Delegated Regulation (EU) 2025/305 application items. Situations the vocabulary does not
    # record (group membership, incorporation, insurance, audit available ...) apply to every
    # applicant: the dossier shows the situation and the answer says whether it is the case.
    "all applicants": {"applicant": True},
    "all applicants (if an audit is available)": {"applicant": True},
    "all applicants where relevant (Art 92 persons professionally arranging or executing "
    "transactions)": {"applicant": True},
    "applicants belonging to a group": {"applicant": True},
    "applicants with affiliated entities": {"applicant": True},
    "applicants already active (existing undertakings)": {"applicant": True},
    "applicants already active with unaudited financial statements": {"applicant": True},
    "applicants in the process of incorporation": {"applicant": True},
    "applicants that are not legal persons (other undertakings)": {"applicant": True},
    "applicants using insurance or a comparable guarantee": {"applicant": True},
    "applicants using or developing smart contracts": {"applicant": True},
    "applicants that are e-money institutions or payment institutions": {"applicant": True},
    "applicants holding client crypto-assets, means of access or client funds (other than EMTs)": {
        "applicant": True,
        "fact": ["holds_client_crypto_assets", "holds_client_funds"],
    },
    "applicants providing custody and administration": {"applicant": True, "service": ["custody"]},
    "applicants delegating custody to a third party": {"applicant": True, "service": ["custody"]},
    "applicants providing exchange of crypto-assets for funds or for other crypto-assets": {
        "applicant": True,
        "service": _EXCHANGE,
    },
    "applicants executing orders on behalf of clients": {
        "applicant": True,
        "service": ["execution"],
    },
    "applicants providing reception and transmission of orders": {
        "applicant": True,
        "service": ["reception_transmission"],
    },
    "applicants providing placing of crypto-assets": {"applicant": True, "service": ["placing"]},
    "applicants providing transfer services (if insurance is available)": {
        "applicant": True,
        "service": ["transfer"],
    },
}

# Delegated Regulation (EU) 2025/305 article -> evidence area of its items.
RTS305_AREAS = {"5": "Resilience (testing, BCP/DR)", "9": "ICT risk"}

HEADER = (
    "# midora regulatory catalogue, generated by midora.compliance.build_catalogues: do not edit.\n"
    "# Summaries are paraphrases written for this catalogue, not legal text and not legal advice;\n"
    "# the catalogue is a draft that needs legal review against the Official Journal text.\n"
)


def _applies_when(text: str, requirement_id: str) -> dict[str, Any]:
    if text not in APPLIES_WHEN:
        raise ValueError(f"{requirement_id}: no applicability rule for applies_to {text!r}")
    return {key: list(v) if isinstance(v, list) else v for key, v in APPLIES_WHEN[text].items()}


def _source(raw: dict[str, Any], regulation: str) -> dict[str, Any]:
    source = {
        "regulation": raw.get("regulation") or regulation,
        "article": str(raw["article"]),
        "paragraph": None if raw.get("paragraph") is None else str(raw["paragraph"]),
        "point": None if raw.get("point") is None else str(raw["point"]),
    }
    if raw.get("subparagraph") is not None:
        source["subparagraph"] = str(raw["subparagraph"])
    return source


def _entry(raw: dict[str, Any], regulation: str, from_reference: bool) -> dict[str, Any]:
    text = raw.get("applies_to_text") or raw["applies_to"]
    entry: dict[str, Any] = {
        "id": raw["id"],
        "parent": None,
        "source": _source(raw["source"], regulation),
        "title": raw["title"],
        "summary": raw["summary"],
        "area": raw["area"],
        "applies_when": raw.get("applies_when") or _applies_when(text, raw["id"]),
        "applies_to_text": text,
        "evidence_examples": list(raw["evidence_examples"]),
    }
    for optional in ("it_priorities", "related"):
        if raw.get(optional):
            entry[optional] = list(raw[optional])
    if not from_reference:
        entry["needs_legal_review"] = True
    return entry


def _article_id(requirement_id: str) -> str:
    ancestors = id_ancestors(requirement_id)
    return ancestors[-1] if ancestors else requirement_id


def _article_node(
    article_id: str, children: list[dict[str, Any]], headings: dict[str, dict[str, str]], short: str
) -> dict[str, Any]:
    """A grouping entry for an article that the reference lists only paragraph by paragraph."""
    prefix, number = article_id.rsplit("-", 1)
    heading = headings.get(prefix, {}).get(number)
    conditions = {repr(c["applies_when"]) for c in children}
    texts = {c["applies_to_text"] for c in children}
    common = len(conditions) == 1
    area = Counter(c["area"] for c in children).most_common(1)[0][0]
    first = children[0]["source"]
    return {
        "id": article_id,
        "parent": None,
        "source": {
            "regulation": first["regulation"],
            "article": number,
            "paragraph": None,
            "point": None,
        },
        "title": heading or f"Article {number}",
        "summary": f"{short} Article {number}"
        + (f" ({heading})" if heading else "")
        + "; its obligations are set out in the paragraph- and point-level requirements below.",
        "area": area,
        "applies_when": children[0]["applies_when"] if common else {"all": True},
        "applies_to_text": texts.pop() if common and len(texts) == 1 else "see its paragraphs",
        "evidence_examples": [],
        "grouping": True,
    }


def _with_hierarchy(
    entries: list[dict[str, Any]], headings: dict[str, dict[str, str]], short: str
) -> list[dict[str, Any]]:
    """Insert missing article nodes (before their first child) and set every parent id."""
    known = {e["id"] for e in entries}
    by_article: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        by_article.setdefault(_article_id(entry["id"]), []).append(entry)
    out: list[dict[str, Any]] = []
    for entry in entries:
        article_id = _article_id(entry["id"])
        if article_id not in known:
            children = by_article[article_id]
            out.append(_article_node(article_id, children, headings, short))
            known.add(article_id)
        out.append(entry)
    for entry in out:
        entry["parent"] = next((a for a in id_ancestors(entry["id"]) if a in known), None)
    return out


def _metadata(meta: dict[str, Any], raw_meta: dict[str, Any]) -> dict[str, Any]:
    return {
        "framework": meta["framework"],
        "regime": meta["regime"],
        "regulation": raw_meta["regulation"],
        "consolidated_date": meta["consolidated_date"],
        "catalogue_version": VERSIONS.get(meta["framework"], CATALOGUE_VERSION),
        "celex": raw_meta["celex"],
        "source_url": raw_meta["source_url"],
        "scope": meta.get("scope") or raw_meta.get("scope") or raw_meta["structure"],
        "status": raw_meta["status"],
    }


def _load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _application_entry(raw: dict[str, Any], regulation: str) -> dict[str, Any]:
    """An RTS 2025/305 application item in the catalogue format (area by article)."""
    return _entry(
        {
            **raw,
            "source": {
                "regulation": regulation,
                "article": raw["article"],
                "paragraph": raw["paragraph"],
                "point": raw["point"],
            },
            "area": RTS305_AREAS.get(str(raw["article"]), "Governance"),
            "related": [*raw.get("mica_basis", []), *raw.get("dora_related", [])],
        },
        regulation,
        True,
    )


def _rts305_entries(reference_dir: Path, regulation: str) -> list[dict[str, Any]]:
    """The 180 application items; those MiCA's reference already held keep its wording."""
    raw = _load(reference_dir / APPLICATION_REFERENCE)
    in_mica = {
        r["id"]: r
        for r in _load(reference_dir / "mica.yaml")["requirements"]
        if r["id"].startswith(RTS305_PREFIX)
    }
    entries = []
    for item in raw["requirements"]:
        if item["id"] in in_mica:
            base = _entry(in_mica[item["id"]], regulation, True)
            base["related"] = sorted(
                {*base.get("related", []), *item["mica_basis"], *item["dora_related"]}
            )
            entries.append(base)
        else:
            entries.append(_application_entry(item, regulation))
    return entries


def _article_titles(reference_dir: Path) -> dict[str, str]:
    raw = _load(reference_dir / APPLICATION_REFERENCE)
    return {str(a["article"]): a["title"] for a in raw["articles"] if a["item_count"]}


def build_catalogues(reference_dir: Path, sources_dir: Path = SOURCES_DIR) -> dict[str, str]:
    """File name -> text of each shipped catalogue, derived and validated (nothing written)."""
    headings = _load(sources_dir / "article_headings.yaml")
    headings[RTS305_PREFIX.rstrip("-")] = _article_titles(reference_dir)
    out: dict[str, str] = {}
    for name, meta in FRAMEWORK_META.items():
        from_reference = meta["reference"] is not None
        raw = _load(
            reference_dir / meta["reference"]
            if from_reference
            else sources_dir / "rts1773.source.yaml"
        )
        regulation = raw["catalogue"]["regulation"]
        if meta["framework"] == "RTS305":
            entries = _rts305_entries(reference_dir, RTS305_SOURCE)
        else:
            entries = [
                _entry(r, regulation, from_reference)
                for r in raw["requirements"]
                if not r["id"].startswith(RTS305_PREFIX)  # shipped in rts305.yaml
            ]
        document = {
            "catalogue": _metadata(meta, raw["catalogue"]),
            "requirements": _with_hierarchy(entries, headings, meta["short"]),
        }
        text = HEADER + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
        parse_catalogue(text, name)
        out[name] = text
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, required=True, help="reference catalogue folder")
    parser.add_argument("--out", type=Path, default=CATALOGUE_DIR, help="output folder")
    args = parser.parse_args(argv)
    try:
        files = build_catalogues(args.reference)
    except (OSError, KeyError, ValueError, FileFormatError) as exc:
        print(f"build failed, nothing written: {exc}", file=sys.stderr)
        return 1
    for name, text in files.items():
        (args.out / name).write_text(text, encoding="utf-8")
        print(f"wrote {args.out / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
