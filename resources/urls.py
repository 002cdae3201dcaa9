from django.urls import path

from . import views

app_name = "resources"

urlpatterns = [
    path("documents/", views.library, name="library"),
    path("documents/ajouter/", views.document_create, name="document_create"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("documents/<int:pk>/modifier/", views.document_edit, name="document_edit"),
    path("documents/<int:pk>/remplacer/", views.document_replace, name="document_replace"),
    path("documents/<int:pk>/fichier/", views.document_download, name="document_download"),
    path("documents/<int:pk>/versions/<int:number>/fichier/", views.version_download, name="version_download"),
    path("expositions/", views.exhibition_list, name="exhibition_list"),
    path("expositions/mois/", views.exhibition_month, name="exhibition_month_current"),
    path("expositions/mois/<int:year>/<int:month>/", views.exhibition_month, name="exhibition_month"),
    path("expositions/ajouter/", views.exhibition_form, name="exhibition_create"),
    path("expositions/calendrier.ics", views.exhibition_feed, name="exhibition_feed"),
    path("expositions/musees/<slug:slug>/calendrier.ics", views.exhibition_feed, name="museum_exhibition_feed"),
    path("expositions/<int:pk>/", views.exhibition_detail, name="exhibition_detail"),
    path("expositions/<int:pk>/modifier/", views.exhibition_form, name="exhibition_edit"),
    path("expositions/<int:pk>/image/", views.exhibition_image, name="exhibition_image"),
    path("publications/", views.publication_list, name="publication_list"),
    path("publications/export.csv", views.publication_export, name="publication_export"),
    path("publications/ajouter/", views.publication_form, name="publication_create"),
    path("publications/<int:pk>/modifier/", views.publication_form, name="publication_edit"),
]
