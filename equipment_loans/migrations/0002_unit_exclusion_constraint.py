"""The guarantee on PostgreSQL: no unit in two active bookings with overlapping dates.

btree_gist lets a GiST index compare the unit id with `=` beside the date range's `&&`.
Both operations do nothing on SQLite (CreateExtension checks the vendor itself).
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

from equipment_loans.db import PostgreSQLOnly, unit_exclusion_constraint


class Migration(migrations.Migration):
    dependencies = [("equipment_loans", "0001_initial")]

    operations = [
        BtreeGistExtension(),
        PostgreSQLOnly(migrations.AddConstraint(model_name="bookingunit", constraint=unit_exclusion_constraint())),
    ]
