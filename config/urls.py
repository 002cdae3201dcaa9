from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.i18n import set_language
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from extranet import health, media, views

# The Django admin signs in through allauth, like everything else.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)

members_patterns = [
    path("", views.dashboard, name="dashboard"),
    path("musees/", views.museum_list, name="museum_list"),
    path("musees/carte.json", views.museum_map_feed, name="museum_map_feed"),
    path("musees/<slug:slug>/", views.museum_detail, name="museum_detail"),
    path("musees/<slug:slug>/equipe/", views.StaffManageView.as_view(), name="staff_manage"),
    path("musees/<slug:slug>/equipe/<int:membership_id>/role/", views.StaffRoleView.as_view(), name="staff_role"),
    path("musees/<slug:slug>/equipe/<int:membership_id>/retirer/", views.StaffRemoveView.as_view(), name="staff_remove"),
    path(
        "musees/<slug:slug>/invitations/<int:invitation_id>/retirer/",
        views.InvitationRevokeView.as_view(),
        name="invitation_revoke",
    ),
    path("membres/", views.people_list, name="people_list"),
    path("membres/<int:pk>/", views.profile_detail, name="profile_detail"),
    path("membres/<int:pk>/photo/", views.profile_photo, name="profile_photo"),
    path("profil/", views.profile_edit, name="profile_edit"),
    path("profil/mes-donnees/", views.personal_data_download, name="personal_data_download"),
    path("profil/effacement/", views.account_erasure, name="account_erasure"),
    path("groupes/", views.working_group_list, name="working_group_list"),
    path("groupes/<slug:slug>/", views.working_group_detail, name="working_group_detail"),
    path("groupes/<slug:slug>/retirer/<int:user_id>/", views.working_group_remove, name="working_group_remove"),
]

urlpatterns = [
    path("espace/notifications/", include("notifications.urls")),
    path("espace/recherche/", include("search.urls")),
    path("espace/kit/", include("equipment_loans.urls")),
    path("espace/competences/", include("skills_directory.urls")),
    path("espace/forum/-/", include("forum.urls")),
    path("espace/forum/", include("machina.urls")),
    path("espace/ressources/", include("resources.urls")),
    path("espace/materiel/", include("equipment_loans.exchange.urls")),
    path("espace/", include(members_patterns)),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("accounts/", include("allauth.urls")),
    path("healthz", health.healthz, name="healthz"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # Wagtail's own login form would go around allauth (and its rate limits and 2FA).
    path(
        "cms/login/",
        login_not_required(RedirectView.as_view(pattern_name="account_login", query_string=True)),
        name="wagtailadmin_login_redirect",
    ),
    path("cms/", include(wagtailadmin_urls)),
    # Wagtail's documents and images: public or members-only by their collection (extranet/media.py).
    path("documents/", include(media.public_urlpatterns(wagtaildocs_urls.urlpatterns))),
    path("medias/<path:name>", media.image_file, name="cms_image_file"),
    path("django-admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Public pages are served to everyone; Wagtail's page privacy protects members' pages.
    re_path(r"^((?:[\w\-]+/)*)$", login_not_required(wagtail_views.serve), name="wagtail_serve"),
]
