"""Closed lists of the authorisation dossier."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", pgettext_lazy("dossier item status", "not started")
    DRAFTED = "drafted", pgettext_lazy("dossier item status", "drafted")
    IN_REVIEW = "in_review", pgettext_lazy("dossier item status", "in review")
    APPROVED = "approved", pgettext_lazy("dossier item status", "approved")


class DossierStatus(models.TextChoices):
    PREPARING = "preparing", pgettext_lazy("dossier status", "preparing")
    SUBMITTED = "submitted", pgettext_lazy("dossier status", "submitted to the authority")
    AUTHORISED = "authorised", pgettext_lazy("dossier status", "authorised (baseline kept)")
    REFUSED = "refused", pgettext_lazy("dossier status", "refused")
    WITHDRAWN = "withdrawn", pgettext_lazy("dossier status", "withdrawn")


class PersonRole(models.TextChoices):
    MANAGEMENT_BODY = "management_body", _("member of the management body")
    KEY_FUNCTION = "key_function", _("key function holder")
    QUALIFYING_HOLDER = "qualifying_holder", _("holder of a qualifying holding")


class FitAndProper(models.TextChoices):
    NOT_ASSESSED = "not_assessed", _("not assessed")
    FIT = "fit", _("fit and proper")
    CONDITIONS = "conditions", _("fit and proper with conditions")
    NOT_FIT = "not_fit", _("not fit and proper")


class DocumentKind(models.TextChoices):
    CV = "cv", _("CV")
    CRIMINAL_RECORD = "criminal_record", _("criminal record extract")
    DECLARATION = "declaration", _("declaration (good repute, conflicts, time)")
    IDENTITY = "identity", _("identity document")
    OTHER = "other", _("other")


class RequestStage(models.TextChoices):
    COMPLETENESS = "completeness", _("completeness check (Art. 63(2))")
    ASSESSMENT = "assessment", _("assessment (Art. 63(12))")
