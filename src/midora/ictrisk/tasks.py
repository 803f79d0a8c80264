"""The Excel import of risks in the background: every row checked, then all saved or none; the
job's page shows its progress and, when refused, every row's error."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_noop as _
from django_tasks import task

from midora.core.engine.sentences import Join, Sentence
from midora.jobs.files import discard_input
from midora.jobs.runner import JobRefused, running_job

SHOWN = 50


def _refusal(errors: list) -> Sentence:
    """Every row's error (the first ones), said in the reader's language on the job page."""
    lines: list = [
        Sentence(
            _("row %(row)s, %(column)s: %(reason)s"),
            row=str(e.row),
            column=e.column,
            reason=e.reason,
        )
        for e in errors[:SHOWN]
    ]
    if len(errors) > SHOWN:
        lines.append(Sentence(_("... and %(count)s more"), count=str(len(errors) - SHOWN)))
    return Sentence(
        _("Nothing imported: %(count)s error(s).\n%(listing)s"),
        count=str(len(errors)),
        listing=Join("\n", tuple(lines)),
    )


@task()
def import_risks(job_id: int, user_id: int, path: str) -> str:
    from midora.core.audit import acting_as, actor_for_user
    from midora.ictrisk import excel

    source = Path(path)
    user = get_user_model().objects.get(pk=user_id)
    with running_job(job_id) as (job, progress), acting_as(actor_for_user(user, "web")):
        progress(0, 0, Sentence(_("Reading %(file)s"), file=source.name))
        try:
            result = excel.import_risks(str(source), user=user, progress=progress)
        finally:
            discard_input(job_id)
        if not result.ok:
            raise JobRefused(_refusal(result.errors))
        job.result_url = reverse("ictrisk:risk_list")
        job.result_label = Sentence(
            _("Imported %(created)s new and %(updated)s updated risks: open the register"),
            created=str(result.created),
            updated=str(result.updated),
        )
    return job.result_url
