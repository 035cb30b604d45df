from django.urls import path

from archive.alerts import views

app_name = "alerts"

urlpatterns = [
    path("new/<str:name>/", views.new_alert, name="new"),
    path("requested/", views.requested, name="requested"),
    path("confirm/<str:token>/", views.confirm_alert, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe_alert, name="unsubscribe"),
]
