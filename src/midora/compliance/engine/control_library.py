"""Parse and validate the control library and its separate MiCA and DORA mappings."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from midora.compliance.engine.catalogue_files import AREAS, Catalogue, load_shipped_catalogues
from midora.compliance.engine.yaml_source import (
    Fields,
    FileFormatError,
    Problem,
    compose,
    line_of,
    read_text,
)

CONTROL_FILE = Path(__file__).resolve().parents[2] / "data" / "controls" / "controls.yaml"
CONTROL_TYPES = ("preventive", "detective", "corrective")
FREQUENCIES = (
    "continuous",
    "daily",
    "weekly",
    "monthly",
    "quarterly",
    "semi-annual",
    "annual",
    "event-driven",
)
COVERAGES = ("full", "partial")
CONTROL_ID = re.compile(r"^CTL-[A-Z]+-\d{2}$")
# mapping list key -> regime of the requirements it may point at
MAPPING_LISTS = {"mica": "MICA", "dora": "DORA"}
CONTROL_FIELDS = (
    "id",
    "title",
    "description",
    "area",
    "type",
    "frequency",
    "evidence",
    *MAPPING_LISTS,
)


@dataclass(frozen=True)
class Mapping:
    """One control-to-requirement link, argued in terms of that requirement's own law."""

    requirement: str
    coverage: str
    rationale: str
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Control:
    id: str
    title: str
    description: str
    area: str
    type: str
    frequency: str
    evidence: tuple[str, ...]
    mica: tuple[Mapping, ...]
    dora: tuple[Mapping, ...]
    line: int = field(default=0, compare=False)

    @property
    def family(self) -> str:
        """The middle part of the id, e.g. IAM for CTL-IAM-03."""
        return self.id.split("-")[1]


@dataclass(frozen=True)
class ControlLibrary:
    name: str
    version: str
    status: str
    controls: tuple[Control, ...]
    file: str = ""

    def get(self, control_id: str) -> Control:
        for control in self.controls:
            if control.id == control_id:
                return control
        raise KeyError(f"{control_id} is not in the control library")


def _choice(fields_: Fields, key: str, allowed: tuple[str, ...]) -> str:
    value = fields_.text(key)
    if value is not None and value not in allowed:
        fields_.fail(fields_.node_of(key), f"{fields_.what}: {key} {value!r} not one of {allowed}")
    return value or ""


def _mappings(
    control: Fields, key: str, regime_of: dict[str, str], problems: list[Problem]
) -> tuple[Mapping, ...]:
    node = control.node_of(key)
    if node is None:
        return ()
    if not isinstance(node, yaml.SequenceNode):
        control.fail(node, f"{control.what}: {key!r} must be a list")
        return ()
    regime = MAPPING_LISTS[key]
    seen: set[str] = set()
    out: list[Mapping] = []
    for item in node.value:
        what = f"{control.what} {key} mapping"
        link = Fields(item, control.file, what, problems, ("requirement", "coverage", "rationale"))
        requirement = link.text("requirement") or ""
        coverage = _choice(link, "coverage", COVERAGES)
        rationale = link.text("rationale") or ""
        where = link.node_of("requirement")
        if requirement and requirement not in regime_of:
            link.fail(where, f"{what}: unknown requirement {requirement}")
        elif requirement and regime_of[requirement] != regime:
            link.fail(
                where,
                f"{what}: {requirement} belongs to the {regime_of[requirement]} regime, "
                f"not {regime}",
            )
        if requirement in seen:
            link.fail(where, f"{what}: {requirement} is mapped twice")
        seen.add(requirement)
        out.append(Mapping(requirement, coverage, rationale, line_of(item)))
    return tuple(out)


def _control(
    node: yaml.Node, file: str, regime_of: dict[str, str], problems: list[Problem]
) -> Control:
    control = Fields(node, file, "control", problems, CONTROL_FIELDS)
    control_id = control.text("id") or "?"
    control.what = f"control {control_id}"
    if control_id != "?" and not CONTROL_ID.match(control_id):
        control.fail(control.node_of("id"), f"control id {control_id!r} is not like CTL-IAM-03")
    mica = _mappings(control, "mica", regime_of, problems)
    dora = _mappings(control, "dora", regime_of, problems)
    if control.items and not (mica or dora):
        control.fail(None, f"{control.what}: maps to no requirement")
    return Control(
        id=control_id,
        title=control.text("title") or "",
        description=control.text("description") or "",
        area=_choice(control, "area", AREAS),
        type=_choice(control, "type", CONTROL_TYPES),
        frequency=_choice(control, "frequency", FREQUENCIES),
        evidence=control.texts("evidence", allow_empty=False),
        mica=mica,
        dora=dora,
        line=line_of(node),
    )


def parse_control_library(text: str, file: str, catalogues: Iterable[Catalogue]) -> ControlLibrary:
    """Parse and validate a control library against the catalogues its mappings point at."""
    regime_of = {entry.id: c.regime for c in catalogues for entry in c.requirements}
    problems: list[Problem] = []
    root = Fields(compose(text, file), file, "control library", problems, ("library", "controls"))
    meta = root.mapping("library", "library metadata", ("name", "version", "status"))
    header = {key: meta.text(key) or "" for key in ("name", "version", "status")} if meta else {}
    controls: list[Control] = []
    first_line: dict[str, int] = {}
    for node in root.sequence("controls"):
        control = _control(node, file, regime_of, problems)
        if control.id in first_line:
            problems.append(
                Problem(
                    file,
                    control.line,
                    f"duplicate control id {control.id} (first at line {first_line[control.id]})",
                )
            )
        first_line.setdefault(control.id, control.line)
        controls.append(control)
    if problems:
        raise FileFormatError(problems)
    return ControlLibrary(controls=tuple(controls), file=file, **header)


def load_control_library(
    path: Path | str = CONTROL_FILE, catalogues: Iterable[Catalogue] | None = None
) -> ControlLibrary:
    """Load a control library file, checked against the shipped catalogues by default."""
    text, name = read_text(path)
    if catalogues is None:
        catalogues = load_shipped_catalogues()
    return parse_control_library(text, name, catalogues)
