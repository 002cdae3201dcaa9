"""The notification kinds of the skills directory (imported by the AppConfig's ready())."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import Delivery, register_kind

EXPERT_QUESTION = register_kind(
    "expert_question",
    label=_("Questions colleagues ask me"),
    description=_(
        "A colleague asked you a question through the skills directory. The question itself always "
        "reaches you by email, ready to reply to; this choice is about an additional notification email."
    ),
    # The question is emailed to the expert directly (Reply-To the asker): a second copy by default would be noise.
    default_delivery=Delivery.NEVER,
).key

EXPERT_ANSWER = register_kind(
    "expert_answer",
    label=_("Answers to my questions to experts"),
    description=_("An expert accepted, declined or answered a question you asked."),
    default_delivery=Delivery.IMMEDIATELY,
).key

SKILL_TOPIC = register_kind(
    "skill_topic",
    label=_("Forum questions about my skills"),
    description=_("A forum question was tagged with a skill you hold and are willing to be asked about."),
    default_delivery=Delivery.IMMEDIATELY,
).key
