"""Database pieces of the guarantee: the PostgreSQL exclusion constraint and its operation."""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.db.migrations.operations.base import Operation
from django.db.models import F, Func, Q, Value

EXCLUSION_NAME = "kit_unit_no_overlapping_active_booking"


class DateRange(Func):
    """daterange(starts_on, ends_before, '[)'): the days a unit is held, turnaround included."""

    function = "DATERANGE"
    output_field = DateRangeField()


def unit_exclusion_constraint() -> ExclusionConstraint:
    """No two active rows of one unit whose date ranges overlap (needs btree_gist for `=`)."""
    return ExclusionConstraint(
        name=EXCLUSION_NAME,
        index_type="gist",
        expressions=[
            ("unit", RangeOperators.EQUAL),
            (DateRange(F("starts_on"), F("ends_before"), Value("[)")), RangeOperators.OVERLAPS),
        ],
        condition=Q(active=True),
        violation_error_message="A kit unit cannot be in two active bookings for overlapping dates.",
    )


class PostgreSQLOnly(Operation):
    """Run a schema operation on PostgreSQL only, leaving the migration state alone.

    The suite also runs on SQLite, where the guarantee comes from BEGIN IMMEDIATE instead;
    a Meta constraint cannot depend on the database, so the constraint lives here.
    """

    reduces_to_sql = True
    reversible = True

    def __init__(self, operation):
        self.operation = operation

    def deconstruct(self):
        return (self.__class__.__qualname__, [self.operation], {})

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"On PostgreSQL only: {self.operation.describe()}"
