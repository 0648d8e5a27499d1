from django.urls import path

from . import views_monitoring as v

urlpatterns = [
    path("pemantauan/pak/", v.monitoring_dashboard, name="monitoring"),
    path("provinsi/laporan-pak/", v.province_reports, name="province_reports"),
    path("provinsi/laporan-pak/<int:pk>/", v.province_report_detail, name="province_report_detail"),
    path("provinsi/laporan-pak/<int:pk>/excel/", v.province_report_excel, name="province_report_excel"),
    path(
        "provinsi/laporan-pak/<int:pk>/dibaca/", v.province_report_mark_read, name="province_report_mark_read"
    ),
    path("kantor/pak/laporan-provinsi/riwayat/", v.office_reports, name="office_reports"),
]
