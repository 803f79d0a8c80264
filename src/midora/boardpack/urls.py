from django.urls import path

from midora.boardpack import views

app_name = "boardpack"

urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("remediation/", views.remediation, name="remediation"),
    path("preview/", views.preview, name="preview"),
    path("generate/", views.generate, name="generate"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/pdf/", views.download, name="download"),
]
