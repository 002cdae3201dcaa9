"""The forum's demo content, loaded by `manage.py load_demo`: idempotent."""

from django.db import transaction
from machina.core.db.models import get_model

from extranet.models import User

from .services import network_forums_ensure

Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

DISCUSSIONS = [
    (
        "Conservation préventive",
        "Anoxie : quelle durée pour un traitement de textiles ?",
        "Bonjour à tous, nous préparons un traitement par anoxie pour des costumes infestés. "
        "Quelle durée avez-vous retenue, et à quelle température ?",
        "Chez nous trois semaines à 20 °C, avec un contrôle du taux d'oxygène au début et à la fin.",
    ),
    (
        "Éco-responsabilité et réemploi",
        "Vitrines à donner après notre exposition temporaire",
        "Nous démontons en juin une exposition : six vitrines hautes et des socles. Des preneurs ?",
        "Nous serions intéressés par deux vitrines hautes, je vous écris en privé.",
    ),
    (
        "Questions pratiques",
        "Transporteur pour un prêt vers la Belgique",
        "Quel transporteur spécialisé recommandez-vous pour un prêt de deux peintures vers Gand ?",
        "Nous avons travaillé avec plusieurs transporteurs agréés : tout dépend du convoiement demandé.",
    ),
]


def _post(topic, user, subject, content):
    return Post.objects.create(topic=topic, poster=user, subject=subject, content=content, approved=True)


@transaction.atomic
def load_forum_demo() -> None:
    """Forums by theme, one forum per working group, and a few discussions."""
    network_forums_ensure()
    people = list(User.objects.filter(email__endswith="@demo.example", is_active=True).order_by("pk"))
    if len(people) < 2:
        return
    for index, (forum_name, subject, question, answer) in enumerate(DISCUSSIONS):
        forum = Forum.objects.filter(name=forum_name, type=Forum.FORUM_POST).first()
        if forum is None or Topic.objects.filter(forum=forum, subject=subject).exists():
            continue
        asker, answerer = people[(index * 3) % len(people)], people[(index * 3 + 1) % len(people)]
        topic = Topic.objects.create(forum=forum, subject=subject, poster=asker, type=Topic.TOPIC_POST, status=Topic.TOPIC_UNLOCKED)
        _post(topic, asker, subject, question)
        _post(topic, answerer, f"Re: {subject}", answer)
