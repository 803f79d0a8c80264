from django.urls import path

from midora.core.views.area import area_register_urls
from midora.suppliers.registers import REGISTERS, arrangements
from midora.suppliers.views import pages, roi, roi_jobs
from midora.suppliers.views.records import ArrangementDetailView

app_name = "suppliers"

urlpatterns = [
    path("", pages.index, name="index"),
    path("gaps/", pages.gaps, name="gaps"),
    path("gaps/action/", pages.gap_action, name="gap_action"),
    path("concentration/", pages.concentration, name="concentration"),
    path("concentration/map.svg", pages.concentration_svg, name="concentration_svg"),
    path("roi/", roi.roi_page, name="roi"),
    path("roi/validate/", roi.roi_validate, name="roi_validate"),
    path("roi/package/", roi.roi_package, name="roi_package"),
    path("roi/workbook/", roi.roi_workbook, name="roi_workbook"),
    path("roi/check/", roi.roi_check, name="roi_check"),
    path("roi/jobs/export/", roi_jobs.export_job, name="roi_export_job"),
    path("roi/jobs/validate/", roi_jobs.validate_job, name="roi_validate_job"),
    path("roi/jobs/check/", roi_jobs.check_job, name="roi_check_job"),
    path("roi/jobs/import/", roi_jobs.import_job, name="roi_import_job"),
]
for _register in REGISTERS:
    urlpatterns += (
        area_register_urls(_register, detail_view=ArrangementDetailView)
        if _register is arrangements
        else area_register_urls(_register)
    )
