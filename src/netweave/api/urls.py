from django.urls import path

from netweave.api import views
from netweave.api.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("account/tokens/", views.token_list, name="api-tokens"),
]
