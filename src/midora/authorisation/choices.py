"""Closed lists of the authorisation dossier."""

from django.db import models


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", "not started"
    DRAFTED = "drafted", "drafted"
    IN_REVIEW = "in_review", "in review"
    APPROVED = "approved", "approved"


class DossierStatus(models.TextChoices):
    PREPARING = "preparing", "preparing"
    SUBMITTED = "submitted", "submitted to the authority"
    AUTHORISED = "authorised", "authorised (baseline kept)"
    REFUSED = "refused", "refused"
    WITHDRAWN = "withdrawn", "withdrawn"


class PersonRole(models.TextChoices):
    MANAGEMENT_BODY = "management_body", "member of the management body"
    KEY_FUNCTION = "key_function", "key function holder"
    QUALIFYING_HOLDER = "qualifying_holder", "holder of a qualifying holding"


class FitAndProper(models.TextChoices):
    NOT_ASSESSED = "not_assessed", "not assessed"
    FIT = "fit", "fit and proper"
    CONDITIONS = "conditions", "fit and proper with conditions"
    NOT_FIT = "not_fit", "not fit and proper"


class DocumentKind(models.TextChoices):
    CV = "cv", "CV"
    CRIMINAL_RECORD = "criminal_record", "criminal record extract"
    DECLARATION = "declaration", "declaration (good repute, conflicts, time)"
    IDENTITY = "identity", "identity document"
    OTHER = "other", "other"


class RequestStage(models.TextChoices):
    COMPLETENESS = "completeness", "completeness check (Art. 63(2))"
    ASSESSMENT = "assessment", "assessment (Art. 63(12))"
