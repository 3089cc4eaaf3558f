from django.urls import path

from reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.report_list, name="reports"),
    path("<int:pk>/", views.report_detail, name="report"),
    path("<int:pk>/progress", views.report_progress, name="report_progress"),
    path("<int:pk>/download/<str:file_format>", views.report_download, name="report_download"),
    path("<int:pk>/charts/<slug:key>.svg", views.report_chart, name="report_chart"),
    path("ledger/<slug:scheme>/<str:year>/", views.ledger_page, name="ledger"),
    path("returns/<slug:scheme>/<str:period>/", views.monitoring_return, name="monitoring_return"),
]
