from django.urls import path

from . import views

app_name = "exchange"

urlpatterns = [
    path("", views.listing_list, name="list"),
    path("carte/", views.listing_map, name="map"),
    path("carte/annonces.json", views.listing_map_feed, name="map_feed"),
    path("impact/", views.impact_page, name="impact"),
    path("mon-musee/", views.my_exchange, name="mine"),
    path("musees/<slug:slug>/", views.MuseumExchangeView.as_view(), name="museum"),
    path("musees/<slug:slug>/annonces/nouvelle/", views.ListingCreateView.as_view(), name="create"),
    path("musees/<slug:slug>/lots/nouveau/", views.LotCreateView.as_view(), name="lot_create"),
    path("annonces/<int:pk>/", views.ListingDetailView.as_view(), name="detail"),
    path("annonces/<int:pk>/modifier/", views.ListingEditView.as_view(), name="edit"),
    path("annonces/<int:pk>/demander/", views.ListingRequestView.as_view(), name="request_create"),
    path("annonces/<int:pk>/<slug:action>/", views.ListingTransitionView.as_view(), name="transition"),
    path("photos/<int:pk>/<slug:size>/", views.photo, name="photo"),
    path("lots/<int:pk>/", views.LotDetailView.as_view(), name="lot_detail"),
    path("lots/<int:pk>/ajouter/", views.LotAddListingView.as_view(), name="lot_add"),
    path("lots/<int:pk>/publier/", views.LotPublishView.as_view(), name="lot_publish"),
    path("demandes/<int:pk>/", views.RequestDetailView.as_view(), name="request_detail"),
    path("demandes/<int:pk>/promettre/", views.PromiseView.as_view(), name="promise"),
    path("demandes/<int:pk>/proposer-a-nouveau/", views.OfferAgainView.as_view(), name="offer_again"),
    path("demandes/<int:pk>/<slug:action>/", views.RequestTransitionView.as_view(), name="request_transition"),
]
