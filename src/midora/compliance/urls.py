from django.urls import path

from midora.compliance import registers
from midora.compliance.views import assessments, catalogue, crosswalk, evidence
from midora.compliance.views.controls import ControlDetailView
from midora.core.views.area import area_register_urls

app_name = "compliance"

urlpatterns = [
    path("", catalogue.index, name="index"),
    path("catalogues/", catalogue.framework_list, name="framework_list"),
    path("catalogues/<str:code>/", catalogue.framework_detail, name="framework_detail"),
    path("requirements/<str:ref>/", catalogue.requirement_detail, name="requirement_detail"),
    path("scope/", catalogue.scope_map, name="scope_map"),
    path("scope/<int:entity_id>/", catalogue.scope_entity, name="scope_entity"),
    path("crosswalk/", crosswalk.crosswalk_page, name="crosswalk"),
    path("evidence/add/", evidence.evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/upload/", evidence.version_upload, name="evidence_upload"),
    path("evidence/<int:pk>/link/", evidence.link_add, name="evidence_link"),
    path("evidence/links/<int:pk>/remove/", evidence.link_remove, name="evidence_unlink"),
    path(
        "evidence/versions/<int:pk>/download/",
        evidence.version_download,
        name="evidence_download",
    ),
    path("assessments/compare/", assessments.assessment_compare, name="assessment_compare"),
    path("assessments/<int:pk>/oscal/", assessments.assessment_oscal, name="assessment_oscal"),
    path(
        "assessments/<int:pk>/refresh/", assessments.assessment_refresh, name="assessment_refresh"
    ),
    path("results/<int:pk>/", assessments.result_edit, name="result_edit"),
    path("results/<int:pk>/action/", assessments.result_open_action, name="result_action"),
]
urlpatterns += area_register_urls(registers.controls, detail_view=ControlDetailView)
urlpatterns += area_register_urls(registers.mappings)
urlpatterns += area_register_urls(
    registers.evidence,
    list_view=evidence.EvidenceListView,
    detail_view=evidence.EvidenceDetailView,
)
urlpatterns += area_register_urls(
    registers.assessments,
    edit_view=assessments.AssessmentEditView,
    detail_view=assessments.AssessmentDetailView,
)
