"""machina's poll forms; the vote form's several-options field is the project's
`ModelMultipleChoiceField` (extranet/fields.py): on SQLite an option id past 64 bits raised
OverflowError, a server error, with Django's own field."""

from django import forms
from machina.apps.forum_conversation.forum_polls.forms import *  # noqa: F403  (machina's forms, unchanged)
from machina.apps.forum_conversation.forum_polls.forms import TopicPollVoteForm as MachinaTopicPollVoteForm

from extranet.fields import ModelMultipleChoiceField


class TopicPollVoteForm(MachinaTopicPollVoteForm):
    def __init__(self, poll, *args, **kwargs):
        super().__init__(poll, *args, **kwargs)
        options = self.fields["options"]
        if type(options) is forms.ModelMultipleChoiceField:
            self.fields["options"] = ModelMultipleChoiceField(
                label=options.label, queryset=options.queryset, widget=options.widget
            )
