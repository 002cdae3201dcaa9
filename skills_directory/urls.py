from django.urls import path

from . import views

app_name = "skills_directory"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("mes-competences/", views.my_skills, name="my_skills"),
    path("mes-competences/<int:pk>/retirer/", views.my_skill_remove, name="my_skill_remove"),
    path("mes-competences/apprendre/", views.wish_add, name="wish_add"),
    path("mes-competences/apprendre/<int:pk>/retirer/", views.wish_remove, name="wish_remove"),
    path("mes-competences/visibilite/", views.visibility, name="visibility"),
    path("mes-competences/export.json", views.export, name="export"),
    path("demander/<int:user_id>/", views.ask, name="ask"),
    path("questions/", views.question_list, name="question_list"),
    path("questions/<int:pk>/", views.question_detail, name="question_detail"),
    path("questions/<int:pk>/repondre/", views.question_respond, name="question_respond"),
]
