"""REST endpoints of the compliance records, mounted under /api/compliance/."""
# Annotations stay evaluated: django-ninja reads the schema classes from them.

from ninja import Router

from midora.compliance.api_assessments import router as assessments_router
from midora.compliance.api_evidence import router as evidence_router
from midora.compliance.api_library import router as library_router

router = Router()
router.add_router("", library_router)
router.add_router("", evidence_router)
router.add_router("", assessments_router)
