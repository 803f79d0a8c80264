from django.urls import path

from midora.core.views.area import area_register_urls
from midora.governance import views
from midora.governance.registers import actions, decisions

app_name = "governance"

urlpatterns = [
    path("", views.index, name="index"),
    path("burndown/", views.burndown_page, name="burndown"),
]
urlpatterns += area_register_urls(actions, detail_view=views.ActionDetailView)
urlpatterns += area_register_urls(decisions)
