from django.urls import path

from midora.core.views.area import AreaListView, area_register_urls
from midora.incidents import registers
from midora.incidents.views import incidents as views
from midora.incidents.views import reports as views_reports

app_name = "incidents"

urlpatterns = [
    path("", views.index, name="index"),
    path("clock/", views.dashboard, name="dashboard"),
    path("recurring/", views_reports.recurring, name="recurring"),
    path("holidays/", views_reports.holidays, name="holidays"),
    path("records/<int:pk>/facts/", views.facts_edit, name="incident_facts"),
    path("records/<int:pk>/classify/", views.classify_view, name="incident_classify"),
    path("records/<int:pk>/reports/", views_reports.report_create, name="report_create"),
    path("records/<int:pk>/mica/<str:point>/", views.mica_decide, name="mica_decide"),
    path("reports/<int:pk>/", views_reports.report_detail, name="report_detail"),
    path("reports/<int:pk>/json/", views_reports.report_export, name="report_json"),
    path("reports/<int:pk>/pdf/", views_reports.report_pdf_view, name="report_pdf"),
    path("reports/<int:pk>/send/", views_reports.report_send, name="report_send"),
    path("threats/<int:pk>/notify/", views_reports.threat_notify, name="threat_notify"),
]
urlpatterns += area_register_urls(
    registers.incidents,
    detail_view=views.IncidentDetailView,
    edit_view=views.IncidentEditView,
)
urlpatterns += area_register_urls(registers.threats, detail_view=views_reports.ThreatDetailView)
urlpatterns += [
    p
    for p in area_register_urls(registers.reports, list_view=AreaListView)
    if p.name in ("incidentreport_list", "incidentreport_history")
]
