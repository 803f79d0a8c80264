"""Template specs and closed lists of the Register of Information (ITS (EU) 2024/2956, Annex I)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

DATA_PACKAGE = "midora.data.roi"

DATA_TYPES = {
    "s": "string",
    "e": "enumeration",
    "d": "date",
    "m": "monetary",
    "i": "integer",
    "t": "true flag",
}


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a template: its CSV code and how its values are written."""

    template: str
    code: str
    label: str
    data_type: str
    domain: str | None
    key: bool
    foreign_keys: tuple[str, ...]
    mandatory: bool
    concept: str | None
    decimals: str | None

    @property
    def cell(self) -> str:
        """EBA cell notation, e.g. ``B_02.02.c0060``."""
        return f"{self.template}.{self.code}"


@dataclass(frozen=True)
class ForeignKey:
    """A ``tc:keys`` reference: these columns must match the target's primary key."""

    rule_id: str
    name: str
    columns: tuple[str, ...]
    target: str


@dataclass(frozen=True)
class TemplateSpec:
    """One RoI template (table) of the DORA module."""

    code: str
    table_template: str
    file_name: str
    label: str
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    columns: tuple[ColumnSpec, ...]

    @property
    def column_codes(self) -> tuple[str, ...]:
        """CSV header, in taxonomy order."""
        return tuple(c.code for c in self.columns)

    def column(self, code: str) -> ColumnSpec:
        """The column with this code (KeyError naming the template if absent)."""
        for column in self.columns:
            if column.code == code:
                return column
        raise KeyError(f"{self.code} has no column {code}")


@dataclass(frozen=True)
class Member:
    """One allowed value of a closed list (QName written in the CSV, label for people)."""

    code: str
    label: str


@dataclass(frozen=True)
class Enumeration:
    """A closed list: the members the taxonomy allows in the columns bound to it."""

    domain: str
    members: tuple[Member, ...]

    @property
    def codes(self) -> frozenset[str]:
        """The allowed QNames."""
        return frozenset(m.code for m in self.members)

    def label(self, code: str) -> str:
        """Label of a member (KeyError naming the domain if unknown)."""
        for member in self.members:
            if member.code == code:
                return member.label
        raise KeyError(f"{code} is not a member of {self.domain}")

    def __contains__(self, code: object) -> bool:
        return code in self.codes


@dataclass(frozen=True)
class ModuleInfo:
    """The DORA module entry point the package's report.json extends."""

    module_url: str
    module_vid: int
    namespaces: dict[str, str]


def _load(name: str) -> Any:
    text = resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)


@cache
def templates() -> dict[str, TemplateSpec]:
    """All templates keyed by code (``B_01.01`` ... ``B_99.01``), in taxonomy order."""
    result = {}
    for raw in _load("templates.json"):
        columns = tuple(
            ColumnSpec(
                template=raw["code"],
                code=c["code"],
                label=c["label"],
                data_type=c["data_type"],
                domain=c["domain"],
                key=c["key"],
                foreign_keys=tuple(c["foreign_keys"]),
                mandatory=c["mandatory"],
                concept=c["concept"],
                decimals=c["decimals"],
            )
            for c in raw["columns"]
        )
        fks = tuple(
            ForeignKey(f["rule_id"], f["name"], tuple(f["columns"]), f["target"])
            for f in raw["foreign_keys"]
        )
        result[raw["code"]] = TemplateSpec(
            code=raw["code"],
            table_template=raw["table_template"],
            file_name=raw["file_name"],
            label=raw["label"],
            primary_key=tuple(raw["primary_key"]),
            foreign_keys=fks,
            columns=columns,
        )
    return result


def template(code: str) -> TemplateSpec:
    """One template by code (``B_05.01``); KeyError listing the known codes if absent."""
    specs = templates()
    if code not in specs:
        raise KeyError(f"unknown RoI template {code!r}; known: {', '.join(specs)}")
    return specs[code]


def template_by_file(file_name: str) -> TemplateSpec | None:
    """The template whose CSV file name is ``file_name`` (``b_05.01.csv``), if any."""
    for spec in templates().values():
        if spec.file_name == file_name:
            return spec
    return None


@cache
def enumerations() -> dict[str, Enumeration]:
    """All closed lists keyed by domain name."""
    return {
        raw["domain"]: Enumeration(
            raw["domain"], tuple(Member(m["code"], m["label"]) for m in raw["members"])
        )
        for raw in _load("enumerations.json")
    }


def enumeration(domain: str) -> Enumeration:
    """One closed list by domain (``ict_service_type``, ``country``, ``currency`` ...)."""
    lists = enumerations()
    if domain not in lists:
        raise KeyError(f"unknown RoI domain {domain!r}; known: {', '.join(sorted(lists))}")
    return lists[domain]


@cache
def module_info() -> ModuleInfo:
    """DORA module URL, ModuleVID and namespaces."""
    raw = _load("module.json")
    return ModuleInfo(raw["module_url"], raw["module_vid"], dict(raw["namespaces"]))


def ict_service_types() -> Enumeration:
    """DORA ICT service types S01-S19 (ITS 2024/2956 Annex III)."""
    return enumeration("ict_service_type")


def entity_types(template_code: str = "B_01.02") -> Enumeration:
    """Types of financial entity allowed in B_01.01.c0040 (22) or B_01.02.c0040 (24)."""
    return enumeration(template(template_code).column("c0040").domain or "")


def countries() -> Enumeration:
    """ISO 3166-1 countries allowed by the taxonomy (``eba_GA:XX``)."""
    return enumeration("country")


def currencies() -> Enumeration:
    """ISO 4217 currencies allowed by the taxonomy (``eba_CU:XXX``)."""
    return enumeration("currency")


def arrangement_types() -> Enumeration:
    """Types of contractual arrangement (standalone, overarching, subsequent)."""
    return enumeration("contractual_arrangement_type")


def licenced_activities() -> Enumeration:
    """Licensed activities of B_06.01.c0020 (including the MiCA crypto-asset services)."""
    return enumeration("licenced_activity")


def identifier_types() -> Enumeration:
    """Types of code identifying an ICT third-party service provider (LEI, EUID ...)."""
    return enumeration("identifier_type")
