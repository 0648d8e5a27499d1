from django.urls import path

from .views import monitoring

urlpatterns = [
    path("pemantauan/pak/", monitoring.monitoring_dashboard, name="monitoring"),
    path("provinsi/laporan-pak/", monitoring.province_reports, name="province_reports"),
    path("provinsi/laporan-pak/<int:pk>/", monitoring.province_report_detail, name="province_report_detail"),
    path(
        "provinsi/laporan-pak/<int:pk>/excel/", monitoring.province_report_excel, name="province_report_excel"
    ),
    path(
        "provinsi/laporan-pak/<int:pk>/dibaca/",
        monitoring.province_report_mark_read,
        name="province_report_mark_read",
    ),
    path("kantor/pak/laporan-provinsi/riwayat/", monitoring.office_reports, name="office_reports"),
]
