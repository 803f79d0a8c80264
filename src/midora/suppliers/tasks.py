"""Register of Information work in the background: export, validate (the records or an uploaded
package) and import, each a job whose page shows its progress and links its result."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_noop as _
from django_tasks import task

from midora.core.engine.sentences import Join, Sentence, reason
from midora.jobs.files import discard_input, result_folder
from midora.jobs.runner import JobRefused, running_job

SHOWN = 20


def _summary(findings: list[Any]) -> Sentence:
    errors = sum(1 for f in findings if f.severity == "error")
    return Sentence(
        _("%(errors)s error(s), %(warnings)s warning(s)"),
        errors=str(errors),
        warnings=str(len(findings) - errors),
    )


def _listing(findings: list[Any]) -> Join:
    """The first findings, one a line, sayable in the reader's language on the job page."""
    from midora.suppliers.roi.findings import finding_line

    lines: list[Any] = [finding_line(f) for f in findings[:SHOWN]]
    if len(findings) > SHOWN:
        lines.append(Sentence(_("... and %(count)s more"), count=str(len(findings) - SHOWN)))
    return Join("\n", tuple(lines))


def _write_findings(job_id: int, stem: str, findings: list[Any]) -> None:
    from midora.suppliers.roi.findings import findings_to_json

    (result_folder(job_id) / f"{stem}_findings.json").write_text(
        findings_to_json(findings), encoding="utf-8"
    )


def _entity(entity_id: int) -> Any:
    from midora.core.models import LegalEntity

    return LegalEntity.objects.get(pk=entity_id)


def reference_url() -> str:
    return reverse("suppliers:roi")


@task()
def export_roi(job_id: int, entity_id: int, reference: str, level: str, force: bool) -> str:
    from midora.suppliers.roi.validate import blocking
    from midora.suppliers.roi_work import export_register

    with running_job(job_id) as (job, progress):
        outcome = export_register(
            _entity(entity_id),
            dt.date.fromisoformat(reference),
            level,
            result_folder(job_id),
            force=force,
            progress=progress,
        )
        if outcome.path is None:
            errors = blocking(outcome.findings)
            raise JobRefused(
                Sentence(
                    _(
                        "Refused: %(count)s blocking error(s); fix them (the register page links "
                        "each record) or export anyway.\n%(listing)s"
                    ),
                    count=str(len(errors)),
                    listing=_listing(errors),
                )
            )
        job.result_url = reverse("jobs:download", args=[job_id])
        job.result_label = Sentence(
            _("Download %(file)s (%(rows)s rows, %(summary)s)"),
            file=outcome.path.name,
            rows=str(outcome.rows),
            summary=_summary(outcome.findings),
        )
    return job.result_url


@task()
def validate_roi(job_id: int, entity_id: int, reference: str, level: str) -> str:
    from midora.suppliers.roi_store import rebuild

    with running_job(job_id) as (job, progress):
        entity = _entity(entity_id)
        built, findings = rebuild(entity, dt.date.fromisoformat(reference), level, progress)
        _write_findings(job_id, f"{built.params.lei}.{level}_{reference}", findings)
        job.result_url = reverse("jobs:download", args=[job_id])
        job.result_label = Sentence(
            _("Download the findings (%(summary)s, JSON); the register page shows them"),
            summary=_summary(findings),
        )
    return job.result_url


@task()
def check_roi_package(job_id: int, path: str) -> str:
    from midora.suppliers.roi_work import validate_file

    source = Path(path)
    with running_job(job_id) as (job, progress):
        try:
            findings = validate_file(source, progress=progress)
        finally:
            discard_input(job_id)
        _write_findings(job_id, source.stem, findings)
        job.result_url = reverse("jobs:download", args=[job_id])
        job.result_label = Sentence(
            _("Download the findings of %(file)s (%(summary)s, JSON)"),
            file=source.name,
            summary=_summary(findings),
        )
    return job.result_url


@task()
def import_roi(job_id: int, user_id: int, path: str) -> str:
    from midora.core.audit import acting_as, actor_for_user
    from midora.suppliers.roi.read import PackageReadError
    from midora.suppliers.roi.workbook import WorkbookError
    from midora.suppliers.roi_import import RegisterImportError
    from midora.suppliers.roi_work import import_file

    source = Path(path)
    user = get_user_model().objects.get(pk=user_id)
    with running_job(job_id) as (job, progress), acting_as(actor_for_user(user, "web")):
        try:
            summary = import_file(source, progress=progress)
        except (RegisterImportError, PackageReadError) as exc:
            raise JobRefused(
                Sentence(
                    _("Nothing imported: %(count)s error(s).\n%(listing)s"),
                    count=str(len(exc.findings)),
                    listing=_listing(exc.findings),
                )
            ) from exc
        except WorkbookError as exc:
            raise JobRefused(
                Sentence(_("Nothing imported: %(reason)s"), reason=reason(exc))
            ) from exc
        finally:
            discard_input(job_id)
        job.result_url = reference_url()
        job.result_label = Sentence(
            _("Open the register (imported %(file)s: %(summary)s)"),
            file=source.name,
            summary=summary.describe(),
        )
    return job.result_url
