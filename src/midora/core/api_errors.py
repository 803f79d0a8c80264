"""The error answers of the API, one schema each, shared by every operation of every app.

- 400 the body is not JSON (or not the form the operation takes): ``ErrorOut``
- 401 no valid credentials: ``ErrorOut``
- 403 the role may not do this (checked before the input is validated): ``ErrorOut``
- 404 no such record in the user's scope: ``ErrorOut``
- 409 a stale ``version`` (``current_version`` says the one to send) or a uniqueness rule:
  ``ConflictOut``
- 422 invalid input, one item per field with its path: ``ValidationErrorOut``

`midora.api.site.MidoraAPI` documents all of them on every operation and the exception handlers
there answer with exactly these bodies; `midora.core.middleware.ApiJsonErrorsMiddleware` turns
any other error under /api/ (unknown path, method not allowed, CSRF) into JSON too.
"""

from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    """What went wrong, in one sentence."""

    detail: str


class FieldError(Schema):
    """One invalid input: where (``["body", "payload", "name"]``), why, and the kind of error."""

    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: list[FieldError]


class ConflictOut(Schema):
    detail: str
    current_version: int | None = None


STANDARD_ERRORS: dict[int, tuple[type[Schema], str]] = {
    400: (ErrorOut, "The request body cannot be read"),
    401: (ErrorOut, "Not signed in: send `Authorization: Bearer <token>`"),
    403: (ErrorOut, "The role may not do this"),
    404: (ErrorOut, "No such record in your scope"),
    409: (ConflictOut, "Stale version or a uniqueness rule"),
    422: (ValidationErrorOut, "Invalid input, one item per field"),
}
