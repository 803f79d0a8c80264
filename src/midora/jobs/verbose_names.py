"""Names of this app's models and fields that are not marked in their source (Django
derives them from class and field names), listed so that the catalogues hold them;
midora.core.i18n translates them at start-up. Written by scripts/messages: do not edit."""

from django.utils.translation import gettext_noop

NAMES = [
    gettext_noop("ID"),
    gettext_noop("The refusal's sentence (midora.core.engine.sentences), said on the job page."),
    gettext_noop("The result link's sentence (midora.core.engine.sentences), said on the pages."),
    gettext_noop("The stage's sentence (midora.core.engine.sentences), said on the job page."),
    gettext_noop("What it is doing now."),
    gettext_noop("What runs, e.g. boardpack.generate."),
    gettext_noop("created at"),
    gettext_noop("done"),
    gettext_noop("error"),
    gettext_noop("error sentence"),
    gettext_noop("finished at"),
    gettext_noop("job"),
    gettext_noop("jobs"),
    gettext_noop("kind"),
    gettext_noop("label"),
    gettext_noop("last started at"),
    gettext_noop("name"),
    gettext_noop("periodic run"),
    gettext_noop("periodic runs"),
    gettext_noop("requested by"),
    gettext_noop("result label"),
    gettext_noop("result label sentence"),
    gettext_noop("result url"),
    gettext_noop("stage"),
    gettext_noop("stage sentence"),
    gettext_noop("started at"),
    gettext_noop("status"),
    gettext_noop("task id"),
    gettext_noop("total"),
]
