"""The configured archive limits (settings ``MIDORA_ARCHIVE_*``, ``MIDORA_RESTORE_*``)."""

from __future__ import annotations

from django.conf import settings

from midora.core.archives import ArchiveLimits


def upload_limits() -> ArchiveLimits:
    """Limits for uploaded or user-given zip/xlsx files."""
    return ArchiveLimits(
        max_total_bytes=settings.MIDORA_ARCHIVE_MAX_BYTES,
        max_member_bytes=settings.MIDORA_ARCHIVE_MEMBER_MAX_BYTES,
        max_members=settings.MIDORA_ARCHIVE_MAX_FILES,
        max_ratio=settings.MIDORA_ARCHIVE_MAX_RATIO,
    )


def restore_limits() -> ArchiveLimits:
    """Limits for backup archives given to ``midora restore`` (evidence files included)."""
    return ArchiveLimits(
        max_total_bytes=settings.MIDORA_RESTORE_MAX_BYTES,
        max_member_bytes=settings.MIDORA_RESTORE_MEMBER_MAX_BYTES,
        max_members=settings.MIDORA_RESTORE_MAX_FILES,
        max_ratio=settings.MIDORA_ARCHIVE_MAX_RATIO,
    )


def findings_per_rule() -> int:
    """How many findings of one rule a check lists before counting the rest."""
    return int(settings.MIDORA_FINDINGS_PER_RULE)
