"""BKK and PAK URLs; each part's routes live beside its views (``views_bkk``, ``views_pak``, ``views_monitoring``)."""

from .urls_bkk import urlpatterns as bkk_urls
from .urls_monitoring import urlpatterns as monitoring_urls
from .urls_pak import urlpatterns as pak_urls

app_name = "placement"

urlpatterns = [*bkk_urls, *pak_urls, *monitoring_urls]
