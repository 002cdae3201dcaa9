from django.urls import path

from . import views

app_name = "network_forum"

urlpatterns = [
    path("membres.json", views.mention_candidates, name="mention_candidates"),
    path("sujets/<int:pk>/nouveau/", views.topic_live, name="topic_live"),
    path("forums/<int:pk>/suivre/", views.forum_follow, name="forum_follow"),
    path("sujets/<int:pk>/competences/", views.topic_skills, name="topic_skills"),
]
