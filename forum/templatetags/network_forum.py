from django import template
from django.conf import settings

from ..models import ForumSubscription
from ..permissions import can_follow_forum

register = template.Library()


@register.inclusion_tag("forum/includes/follow_form.html", takes_context=True)
def forum_follow_form(context, forum):
    """Follow / stop following a forum (machina itself only lets members follow topics)."""
    request = context["request"]
    if forum.type != forum.FORUM_POST or not can_follow_forum(request.user, forum, request=request):
        return {"forum": None}
    following = ForumSubscription.objects.filter(user=request.user, forum=forum).exists()
    return {"forum": forum, "following": following, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("forum/includes/live_replies.html", takes_context=True)
def live_replies(context, topic, page_obj=None):
    """Where replies posted by others appear while the topic is open (static/forum/forum.js).

    Only on the topic's last page: earlier pages are complete."""
    is_last_page = page_obj is None or not page_obj.has_next()
    return {
        "topic": topic,
        "active": is_last_page,
        "interval_ms": max(1, settings.FORUM_LIVE_POLL_SECONDS) * 1000,
    }


@register.simple_tag(takes_context=True)
def forum_ancestors(context, forum):
    """The forum's parents, top first, from the forums the request's permission handler loaded."""
    handler = getattr(context["request"], "forum_permission_handler", None)
    if handler is None:
        return list(forum.get_ancestors())
    by_id = {f.pk: f for f in handler._get_all_forums()}
    ancestors, parent_id = [], forum.parent_id
    while parent_id is not None and parent_id in by_id:
        ancestors.insert(0, by_id[parent_id])
        parent_id = by_id[parent_id].parent_id
    return ancestors


@register.inclusion_tag("forum/includes/topic_skills.html", takes_context=True)
def topic_skills(context, topic):
    """The skills a question is about, and for its author the form to reach the experts."""
    from skills_directory.selectors import grouped_skill_choices

    from ..models import TopicSkill
    from ..permissions import can_tag_topic_skills

    request = context["request"]
    tags = list(TopicSkill.objects.filter(topic=topic).select_related("skill").order_by("skill__name"))
    can_tag = can_tag_topic_skills(request.user, topic, request=request)
    tagged = {tag.skill_id for tag in tags}
    choices = []
    if can_tag:
        for category, options in grouped_skill_choices():
            remaining = [(pk, name) for pk, name in options if pk not in tagged]
            if remaining:
                choices.append((category, remaining))
    return {"topic": topic, "tags": tags, "can_tag": can_tag, "choices": choices, "csrf_token": context.get("csrf_token")}
