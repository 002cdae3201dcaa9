"""machina's admin classes, with the forum admin applying permissions as soon as a forum is saved.

machina's board admin (the Django admin) is where coordinators create and move forums; who may
read and post is never edited by hand (docs/forum.md): saving a forum there calls
`forum.services.forum_saved_by_coordinator`, which writes the rows its place calls for.
"""

from django.contrib import admin
from machina.apps.forum.admin import *  # noqa: F403  (machina's admin classes, registered)
from machina.apps.forum.admin import ForumAdmin as MachinaForumAdmin
from machina.core.db.models import get_model

Forum = get_model("forum", "Forum")


class ForumAdmin(MachinaForumAdmin):
    def save_model(self, request, obj, form, change):
        from forum import services

        super().save_model(request, obj, form, change)
        services.forum_saved_by_coordinator(forum=obj, created=not change, by=request.user)


admin.site.unregister(Forum)
admin.site.register(Forum, ForumAdmin)
