from django.urls import path

from midora.core.views.area import area_register_urls
from midora.ictrisk import views
from midora.ictrisk.registers import acceptances, ict_assets, risks

app_name = "ictrisk"

urlpatterns = [
    path("", views.index, name="index"),
    path("heatmap/", views.heatmap_page, name="heatmap"),
    path("risks/import/", views.import_page, name="risk_import"),
    path("risks/export.xlsx", views.export_register, name="risk_export"),
]
urlpatterns += area_register_urls(ict_assets, detail_view=views.AssetDetailView)
urlpatterns += area_register_urls(risks, detail_view=views.RiskDetailView)
urlpatterns += area_register_urls(acceptances, detail_view=views.AcceptanceDetailView)
