"""BKK and PAK URLs, in three parts (BKK, PAK, monitoring); the views are in the ``views`` package, by audience."""

from .urls_bkk import urlpatterns as bkk_urls
from .urls_monitoring import urlpatterns as monitoring_urls
from .urls_pak import urlpatterns as pak_urls

app_name = "placement"

urlpatterns = [*bkk_urls, *pak_urls, *monitoring_urls]
