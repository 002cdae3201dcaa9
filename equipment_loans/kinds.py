"""Notification kinds of the conservation kit (imported by EquipmentLoansConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import Delivery, register_kind

KIT_BOOKING = register_kind(
    "kit_booking",
    label=_("My museum's kit bookings"),
    description=_("A booking of the conservation kit for your museum was approved, declined, handed over or returned."),
    default_delivery=Delivery.IMMEDIATELY,
).key

KIT_QUEUE = register_kind(
    "kit_queue",
    label=_("Kit bookings to handle (coordinators)"),
    description=_("A museum requested or cancelled a booking of the conservation kit, or a unit is late."),
    default_delivery=Delivery.IMMEDIATELY,
).key

KIT_REMINDER = register_kind(
    "kit_reminder",
    label=_("Kit reminders"),
    description=_("Two days before picking up the kit, and on the day it is due back."),
    default_delivery=Delivery.IMMEDIATELY,
).key

KIT_WAITING_LIST = register_kind(
    "kit_waiting_list",
    label=_("Kit waiting list"),
    description=_("Dates you were waiting for became free."),
    default_delivery=Delivery.IMMEDIATELY,
).key
