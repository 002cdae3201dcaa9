"""The forum's own small views beside machina's: mention completion, live replies, following."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from machina.core.db.models import get_model

from . import selectors, services
from .permissions import can_follow_forum, can_read_forum

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")


@require_GET
def mention_candidates(request):
    """JSON list of members to complete "@Hél…" with: only people who may read the forum."""
    forum = None
    forum_id = request.GET.get("forum", "")
    if forum_id.isdigit():
        forum = Forum.objects.filter(pk=int(forum_id)).first()
        if forum is None or not can_read_forum(request.user, forum, request=request):
            raise Http404
    elif not request.user.is_active:
        raise Http404
    query = request.GET.get("q", "")[:60]
    people = selectors.mention_candidates(query=query, forum=forum) if query.strip() else []
    return JsonResponse({"results": [{"id": p.pk, "name": p.get_full_name()} for p in people]})


@require_GET
def topic_live(request, pk):
    """Has a reply arrived? 304 when the member's copy is current (no rendering at all), else the
    new posts' HTML. The ETag is the topic's last post and post count."""
    state = selectors.topic_state(pk)
    if state is None:
        raise Http404
    forum_id, last_post_id, posts_count, _updated = state
    forum = Forum(pk=forum_id)
    if not can_read_forum(request.user, forum, request=request):
        raise Http404
    etag = quote_etag(f"t{pk}-{last_post_id}-{posts_count}")
    headers = {"ETag": etag, "Cache-Control": "private, no-cache", "Vary": "Cookie"}
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        return HttpResponse(status=304, headers=headers)
    after = request.GET.get("after", "")
    posts = []
    if after.isdigit():
        topic = Topic.objects.select_related("forum").get(pk=pk)
        posts = list(selectors.posts_after(topic, int(after)))
    html = render_to_string("forum/live_posts.html", {"posts": posts}, request=request) if posts else ""
    response = JsonResponse(
        {"last_post_id": last_post_id, "posts_count": posts_count, "html": html, "count": len(posts)}
    )
    for key, value in headers.items():
        response[key] = value
    return response


def live_poll_interval_ms() -> int:
    return max(1, settings.FORUM_LIVE_POLL_SECONDS) * 1000


@require_POST
def forum_follow(request, pk):
    forum = get_object_or_404(Forum, pk=pk, type=Forum.FORUM_POST)
    if not can_follow_forum(request.user, forum, request=request):
        raise Http404
    if request.POST.get("follow") == "0":
        services.forum_unfollow(user=request.user, forum=forum)
        messages.success(request, _("You no longer follow this forum."))
    else:
        services.forum_follow(user=request.user, forum=forum)
        messages.success(request, _("You follow this forum: you will be told of new topics and replies."))
    return redirect("forum:forum", slug=forum.slug, pk=forum.pk)


@require_POST
def topic_skills(request, pk):
    """The question's author names the skills it is about: their willing holders are told."""
    from skills_directory.forms import SkillMultipleChoiceField

    from .permissions import can_tag_topic_skills

    topic = get_object_or_404(Topic.objects.select_related("forum"), pk=pk)
    if not can_tag_topic_skills(request.user, topic, request=request):
        raise Http404
    field = SkillMultipleChoiceField(required=True)
    try:
        skills = field.clean(request.POST.getlist("skills"))
    except ValidationError:
        messages.error(request, _("Choose at least one skill of the list."))
    else:
        told = services.topic_skills_tag(topic=topic, skills=skills, by=request.user)
        messages.success(
            request,
            ngettext(
                "%(count)d colleague who knows this subject has been told of your question.",
                "%(count)d colleagues who know this subject have been told of your question.",
                len(told),
            )
            % {"count": len(told)},
        )
    return redirect(services.topic_url(topic))
