from django.urls import path

from . import views

app_name = "equipment_loans"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("materiel/<slug:slug>/", views.item_type_detail, name="item_type"),
    path("disponibilites/", views.availability, name="availability"),
    path("reserver/", views.booking_request, name="booking_request"),
    path("liste-attente/", views.waiting_list_join, name="waiting_list_join"),
    path("liste-attente/<int:pk>/retirer/", views.waiting_list_withdraw, name="waiting_list_withdraw"),
    path("reservations/", views.my_bookings, name="my_bookings"),
    path("reservations/<int:pk>/", views.booking_detail, name="booking_detail"),
    path("reservations/<int:pk>/enregistreur/", views.logger_upload, name="logger_upload"),
    path("reservations/<int:pk>/anoxie/", views.anoxia_record, name="anoxia_record"),
    path("reservations/<int:pk>/<slug:action>/", views.booking_transition, name="booking_transition"),
    path("musees/<slug:slug>/", views.museum_bookings, name="museum_bookings"),
    path("musees/<slug:slug>/calendrier/renouveler/", views.museum_feed_renew, name="museum_feed_renew"),
    path("coordination/", views.queue, name="queue"),
    path("coordination/calendrier/renouveler/", views.coordinator_feed_renew, name="coordinator_feed_renew"),
    path("coordination/utilisation/", views.usage, name="usage"),
    path("calendrier/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
