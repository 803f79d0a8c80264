"""Assembling a board pack: run every section for a period and scope, compare with the previous
pack, render HTML and PDF (WeasyPrint), and keep the snapshot."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from midora.boardpack.models import BoardPack
from midora.boardpack.sections import Figure, PackContext, RecordRef, Section, section_modules
from midora.core import audit, permissions
from midora.core.engine.sentences import Sentence
from midora.core.models import LegalEntity
from midora.core.sentences import label_sentence
from midora.jobs.progress import Progress, report


class PackError(ValueError):
    """A pack cannot be generated as asked (bad period, entity out of scope)."""


@dataclass
class Pack:
    context: PackContext
    sections: list[Section]
    entity: LegalEntity | None
    previous: BoardPack | None
    generated_at: dt.datetime

    def figures(self) -> dict[str, Any]:
        return {f.key: f.value for s in self.sections for f in s.figures}

    def figure_records(self) -> dict[str, list[str]]:
        return {f.key: [r.label for r in f.records] for s in self.sections for f in s.figures}


def parse_period(raw: str) -> tuple[dt.date, dt.date]:
    try:
        start, end = raw.split("..")
        period = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    except ValueError as exc:
        raise PackError(
            f"period {raw!r} must read FROM..TO with ISO dates, e.g. 2026-07-01..2026-09-30"
        ) from exc
    if period[0] > period[1]:
        raise PackError(f"period {raw!r} ends before it starts")
    return period


def scope_entities(user: Any, entity: LegalEntity | None) -> list[int]:
    granted = (
        permissions.granted_entity_ids(user)
        if not permissions.sees_all_entities(user)
        else list(LegalEntity.objects.values_list("pk", flat=True))
    )
    if entity is None:
        return granted
    if entity.pk not in granted:
        raise PackError(f"entity {entity.lei} is not in your scope")
    return [
        entity.pk,
        *LegalEntity.objects.filter(parent=entity, pk__in=granted).values_list("pk", flat=True),
    ]


def previous_pack(entity: LegalEntity | None, before: dt.date) -> BoardPack | None:
    return (
        BoardPack.objects.filter(entity=entity, period_to__lte=before)
        .order_by("-period_to", "-created_at")
        .first()
    )


def _with_changes(sections: list[Section], previous: dict[str, Any]) -> None:
    for section in sections:
        for figure in section.figures:
            before = previous.get(figure.key)
            if isinstance(figure.value, int | float) and isinstance(before, int | float):
                figure.change = round(figure.value - before, 1)


def executive_summary(sections: list[Section]) -> Section:
    """The decisions needed and the headline figures of every section, first in the pack."""
    decisions = [d for s in sections for d in s.decisions_needed]
    headline = [s.summary for s in sections if s.summary and not s.empty]
    missing = [s.title for s in sections if s.empty]
    notes = (
        [_("No data yet for: %(sections)s.") % {"sections": ", ".join(str(m) for m in missing)}]
        if missing
        else []
    )
    return Section(
        "summary",
        gettext_lazy("Executive summary"),
        summary=ngettext(
            "%(count)d decision needed from the management body.",
            "%(count)d decisions needed from the management body.",
            len(decisions),
        )
        % {"count": len(decisions)}
        if decisions
        else _("No decision is requested in this pack."),
        decisions_needed=decisions,
        notes=headline + notes,
        figures=[Figure("summary.decisions_needed", _("Decisions needed"), len(decisions))],
    )


def build_pack(
    user: Any,
    period_from: dt.date,
    period_to: dt.date,
    entity: LegalEntity | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> Pack:
    permissions.require(permissions.can_read_board(user), _("Your role cannot read board packs."))
    entity_ids = scope_entities(user, entity)
    previous = previous_pack(entity, period_from)
    ctx = PackContext(
        period_from,
        period_to,
        entity_ids,
        user,
        today or timezone.localdate(),
        previous.figures.get("values", {}) if previous else {},
    )
    modules = section_modules()
    total = len(modules) + 2  # the sections, then the PDF, then the snapshot
    sections = []
    for done, module in enumerate(modules):
        report(
            progress,
            done,
            total,
            Sentence(
                gettext_noop("Section %(title)s"),
                title=label_sentence(getattr(module, "TITLE", module.__name__)),
            ),
        )
        sections.append(module.build(ctx))
    _with_changes(sections, ctx.previous_figures)
    sections.insert(0, executive_summary(sections))
    return Pack(ctx, sections, entity, previous, timezone.now())


def render_html(pack: Pack, *, for_pdf: bool = False) -> str:
    return render_to_string(
        "boardpack/pack.html", {"pack": pack, "for_pdf": for_pdf, "RecordRef": RecordRef}
    )


def render_pdf(pack: Pack) -> bytes:
    from django.contrib.staticfiles import finders
    from weasyprint import CSS, HTML

    stylesheet = finders.find("boardpack/pack.css")
    return HTML(string=render_html(pack, for_pdf=True), base_url=str(stylesheet)).write_pdf(
        stylesheets=[CSS(filename=stylesheet)]
    )


def generate_snapshot(
    user: Any,
    period_from: dt.date,
    period_to: dt.date,
    entity: LegalEntity | None = None,
    progress: Progress | None = None,
) -> tuple[BoardPack, bytes]:
    """Generate the pack, store its PDF content-addressed and record the snapshot (audited)."""
    from midora.boardpack.store import save_pdf

    pack = build_pack(user, period_from, period_to, entity, progress=progress)
    total = len(pack.sections) + 1
    report(progress, total - 2, total, Sentence(gettext_noop("Rendering the PDF")))
    pdf = render_pdf(pack)
    report(progress, total - 1, total, Sentence(gettext_noop("Keeping the snapshot")))
    digest = save_pdf(pdf)
    with transaction.atomic():
        snapshot = BoardPack.objects.create(
            period_from=period_from,
            period_to=period_to,
            entity=entity,
            author=user if user.pk else None,
            sha256=digest,
            pdf_size=len(pdf),
            previous=pack.previous,
            figures={"values": pack.figures(), "records": pack.figure_records()},
        )
        snapshot.entities.set(pack.context.entity_ids)
        audit.record_change(
            snapshot,
            audit.CREATE,
            {"sha256": [None, digest], "period": [None, f"{period_from}..{period_to}"]},
        )
    return snapshot, pdf
