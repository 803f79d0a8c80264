"""Parse, validate and compare the shipped regulatory catalogue files (MiCA, DORA, RTS)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path

import yaml

from midora.compliance.engine.applicability import Condition, ConditionError, parse_condition
from midora.compliance.engine.yaml_source import (
    Fields,
    FileFormatError,
    Problem,
    compose,
    line_of,
    read_text,
    to_python,
)

CATALOGUE_DIR = Path(__file__).resolve().parents[2] / "data" / "catalogues"

AREAS = (
    "Governance",
    "ICT risk",
    "Incidents",
    "Outsourcing / ICT third parties",
    "Resilience (testing, BCP/DR)",
    "Board reporting",
)
IT_PRIORITIES = ("ISMS", "IAM", "BCM-DR", "CLOUD-TPRM", "SECMON-IR")
REGIMES = ("MICA", "DORA")
# framework code -> (regime, id prefixes its requirements may use)
FRAMEWORKS: dict[str, tuple[str, tuple[str, ...]]] = {
    "MICA": ("MICA", ("MICA", "MICA-RTS305")),
    "DORA": ("DORA", ("DORA",)),
    "RTS1774": ("DORA", ("RTS1774",)),
    "RTS1773": ("DORA", ("RTS1773",)),
    "RTS305": ("MICA", ("MICA-RTS305",)),
}
ID_PATTERN = re.compile(
    r"^(DORA|MICA-RTS305|MICA|RTS1774|RTS1773)-(\d+)((?:\.(?:\d+|[a-z]+|s\d+))*)$"
)
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")

META_FIELDS = (
    "framework",
    "regime",
    "regulation",
    "consolidated_date",
    "catalogue_version",
    "celex",
    "source_url",
    "scope",
    "status",
)
ENTRY_FIELDS = (
    "id",
    "parent",
    "source",
    "title",
    "summary",
    "area",
    "applies_when",
    "applies_to_text",
    "evidence_examples",
    "it_priorities",
    "related",
    "grouping",
    "needs_legal_review",
)
SOURCE_FIELDS = ("regulation", "article", "paragraph", "point", "subparagraph")


@dataclass(frozen=True)
class Source:
    regulation: str
    article: str
    paragraph: str | None
    point: str | None
    subparagraph: str | None = None

    def citation(self) -> str:
        """E.g. 'Art. 30(3)(e)(i)' or 'Art. 28(3), subparagraph 3'."""
        text = f"Art. {self.article}"
        if self.paragraph:
            text += f"({self.paragraph})"
        if self.point:
            text += "".join(f"({p})" for p in re.findall(r"[a-z]+|\d+", self.point))
        if self.subparagraph:
            text += f", subparagraph {self.subparagraph}"
        return text


@dataclass(frozen=True)
class RequirementEntry:
    id: str
    parent: str | None
    framework: str
    regime: str
    source: Source
    title: str
    summary: str
    area: str
    condition: Condition
    applies_to_text: str
    evidence_examples: tuple[str, ...]
    it_priorities: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    grouping: bool = False
    needs_legal_review: bool = False
    line: int = field(default=0, compare=False)

    @property
    def article(self) -> str:
        return self.source.article

    @property
    def level(self) -> str:
        """article, paragraph, point or subparagraph: the finest level the entry targets."""
        if self.source.subparagraph:
            return "subparagraph"
        if self.source.point:
            return "point"
        return "paragraph" if self.source.paragraph else "article"


@dataclass(frozen=True)
class Catalogue:
    framework: str
    regime: str
    regulation: str
    consolidated_date: str
    catalogue_version: str
    requirements: tuple[RequirementEntry, ...]
    file: str = ""
    celex: str | None = None
    source_url: str | None = None
    scope: str | None = None
    status: str | None = None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.requirements)

    def get(self, requirement_id: str) -> RequirementEntry:
        for entry in self.requirements:
            if entry.id == requirement_id:
                return entry
        raise KeyError(f"{requirement_id} is not in catalogue {self.framework}")


@dataclass(frozen=True)
class CatalogueDiff:
    """How a new catalogue version differs from the loaded one (ids in file order)."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    withdrawn: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.withdrawn)


def id_ancestors(requirement_id: str) -> list[str]:
    """Ids that could be parents of `requirement_id`, nearest first (DORA-30.3.e.i -> ...)."""
    match = ID_PATTERN.match(requirement_id)
    if not match:
        return []
    base = f"{match.group(1)}-{match.group(2)}"
    parts = [p for p in match.group(3).split(".") if p]
    return [".".join([base, *parts[:n]]) for n in range(len(parts) - 1, -1, -1)]


def _condition(entry: Fields, regime: str) -> Condition | None:
    node = entry.node_of("applies_when")
    if node is None:
        entry.fail(None, f"{entry.what}: missing field 'applies_when'")
        return None
    try:
        return parse_condition(to_python(node), regime)
    except ConditionError as exc:
        bad = node
        if exc.key and isinstance(node, yaml.MappingNode):
            bad = next((k for k, _ in node.value if k.value == exc.key), node)
        entry.fail(bad, f"{entry.what}: bad applicability: {exc}")
        return None


def _source(entry: Fields, requirement_id: str) -> Source | None:
    src = entry.mapping("source", f"{requirement_id} source", SOURCE_FIELDS)
    if src is None:
        return None
    before = len(src.problems)
    source = Source(
        regulation=src.text("regulation") or "",
        article=src.text("article") or "",
        paragraph=src.text("paragraph", nullable=True),
        point=src.text("point", nullable=True),
        subparagraph=src.text("subparagraph", required=False, nullable=True),
    )
    match = ID_PATTERN.match(requirement_id)
    if match and source.article and match.group(2) != source.article:
        src.fail(src.node_of("article"), f"id {requirement_id} names a different article")
    return None if len(src.problems) > before else source


def _entry(
    node: yaml.Node, file: str, framework: str, problems: list[Problem]
) -> RequirementEntry | None:
    regime, prefixes = FRAMEWORKS[framework]
    before = len(problems)
    probe = Fields(node, file, "requirement", problems, ENTRY_FIELDS)
    requirement_id = probe.text("id") or "?"
    entry = probe
    entry.what = f"requirement {requirement_id}"
    match = ID_PATTERN.match(requirement_id)
    if requirement_id != "?" and (not match or match.group(1) not in prefixes):
        entry.fail(entry.node_of("id"), f"id {requirement_id!r} is not a {framework} id")
    source = _source(entry, requirement_id) if entry.items else None
    area = entry.text("area")
    if area is not None and area not in AREAS:
        entry.fail(entry.node_of("area"), f"{entry.what}: unknown area {area!r}")
    condition = _condition(entry, regime) if entry.items else None
    grouping = entry.flag("grouping")
    priorities = entry.texts("it_priorities", required=False)
    for tag in priorities:
        if tag not in IT_PRIORITIES:
            entry.fail(entry.node_of("it_priorities"), f"{entry.what}: unknown IT priority {tag!r}")
    related = entry.texts("related", required=False)
    for other in related:
        if not ID_PATTERN.match(other):
            entry.fail(entry.node_of("related"), f"{entry.what}: related {other!r} is not an id")
    parent = entry.text("parent", nullable=True)
    title = entry.text("title") or ""
    summary = entry.text("summary") or ""
    applies_to_text = entry.text("applies_to_text") or ""
    evidence_examples = entry.texts("evidence_examples", allow_empty=grouping)
    needs_legal_review = entry.flag("needs_legal_review")
    if len(problems) > before or source is None or condition is None:
        return None
    return RequirementEntry(
        id=requirement_id,
        parent=parent,
        framework=framework,
        regime=regime,
        source=source,
        title=title,
        summary=summary,
        area=area or "",
        condition=condition,
        applies_to_text=applies_to_text,
        evidence_examples=evidence_examples,
        it_priorities=priorities,
        related=related,
        grouping=grouping,
        needs_legal_review=needs_legal_review,
        line=line_of(node),
    )


def _check_tree(
    entries: list[tuple[RequirementEntry, yaml.Node]], file: str, problems: list[Problem]
) -> None:
    first_line: dict[str, int] = {}
    for entry, node in entries:
        if entry.id in first_line:
            problems.append(
                Problem(
                    file,
                    line_of(node),
                    f"duplicate id {entry.id} (first at line {first_line[entry.id]})",
                )
            )
        else:
            first_line[entry.id] = line_of(node)
    for entry, node in entries:
        if entry.parent is None:
            if len(id_ancestors(entry.id)) > 0:
                problems.append(Problem(file, line_of(node), f"{entry.id} needs a parent"))
        elif entry.parent not in first_line:
            problems.append(
                Problem(file, line_of(node), f"{entry.id}: unknown parent {entry.parent}")
            )
        elif entry.parent not in id_ancestors(entry.id):
            problems.append(
                Problem(
                    file, line_of(node), f"{entry.id}: parent {entry.parent} is not its ancestor"
                )
            )


def parse_catalogue(text: str, file: str = "<catalogue>") -> Catalogue:
    """Parse and validate a catalogue file's text; raise FileFormatError with file and line."""
    problems: list[Problem] = []
    root = Fields(
        compose(text, file), file, "catalogue file", problems, ("catalogue", "requirements")
    )
    meta = root.mapping("catalogue", "catalogue metadata", META_FIELDS)
    if meta is None or problems:
        raise FileFormatError(problems or [Problem(file, 1, "missing catalogue metadata")])
    header = {name: meta.text(name, required=name in META_FIELDS[:5]) for name in META_FIELDS}
    framework = header["framework"]
    if framework is not None and framework not in FRAMEWORKS:
        meta.fail(meta.node_of("framework"), f"unknown framework {framework!r}")
    elif framework is not None and header["regime"] != FRAMEWORKS[framework][0]:
        meta.fail(
            meta.node_of("regime"),
            f"framework {framework} belongs to regime {FRAMEWORKS[framework][0]}",
        )
    date = header["consolidated_date"]
    if date is not None and not DATE_PATTERN.match(date):
        meta.fail(meta.node_of("consolidated_date"), "consolidated_date must be YYYY-MM-DD")
    if problems:
        raise FileFormatError(problems)
    entries: list[tuple[RequirementEntry, yaml.Node]] = []
    for node in root.sequence("requirements"):
        entry = _entry(node, file, str(framework), problems)
        if entry is not None:
            entries.append((entry, node))
    if not problems:
        _check_tree(entries, file, problems)
    if problems:
        raise FileFormatError(problems)
    return Catalogue(
        requirements=tuple(entry for entry, _ in entries),
        file=file,
        **header,  # type: ignore[arg-type]
    )


def load_catalogue(path: Path | str) -> Catalogue:
    """Parse and validate one catalogue file."""
    text, name = read_text(path)
    return parse_catalogue(text, name)


def check_catalogue_set(catalogues: Iterable[Catalogue]) -> None:
    """Ids are unique across catalogues and every `related` hint names a known id."""
    catalogues = list(catalogues)
    owner: dict[str, str] = {}
    problems: list[Problem] = []
    for catalogue in catalogues:
        for entry in catalogue.requirements:
            if entry.id in owner:
                problems.append(
                    Problem(catalogue.file, entry.line, f"id {entry.id} also in {owner[entry.id]}")
                )
            owner[entry.id] = catalogue.file
    for catalogue in catalogues:
        for entry in catalogue.requirements:
            for other in entry.related:
                if other not in owner:
                    problems.append(
                        Problem(
                            catalogue.file, entry.line, f"{entry.id}: related id {other} is unknown"
                        )
                    )
    if problems:
        raise FileFormatError(problems)


def shipped_catalogue_paths(directory: Path = CATALOGUE_DIR) -> list[Path]:
    return sorted(directory.glob("*.yaml"))


def load_shipped_catalogues(directory: Path = CATALOGUE_DIR) -> tuple[Catalogue, ...]:
    """Every catalogue shipped with the product, checked as a set."""
    catalogues = tuple(load_catalogue(path) for path in shipped_catalogue_paths(directory))
    check_catalogue_set(catalogues)
    return catalogues


_CONTENT_FIELDS = tuple(f.name for f in fields(RequirementEntry) if f.compare)


def diff_catalogues(old: Catalogue, new: Catalogue) -> CatalogueDiff:
    """Ids added, changed (any field differs) and withdrawn between two versions of a framework."""
    if old.framework != new.framework:
        raise ValueError(f"cannot compare framework {old.framework} with {new.framework}")
    old_by_id = {entry.id: entry for entry in old.requirements}
    new_by_id = {entry.id: entry for entry in new.requirements}
    return CatalogueDiff(
        added=tuple(i for i in new_by_id if i not in old_by_id),
        changed=tuple(
            i
            for i, entry in new_by_id.items()
            if i in old_by_id
            and any(getattr(entry, f) != getattr(old_by_id[i], f) for f in _CONTENT_FIELDS)
        ),
        withdrawn=tuple(i for i in old_by_id if i not in new_by_id),
    )
