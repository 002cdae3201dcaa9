"""Orders of magnitude of the CO2 avoided by reusing equipment instead of making it new.

Each main material has a factor in kg CO2e per kg of material made new. These are rounded
orders of magnitude, not measurements: the page always shows them as estimates and names
their source. A material with no published factor we trust (`source=None`) is shown with the
word "estimate" only. Figures are rounded on display (never more precision than the factor).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from .models import Material

ADEME = _(
    "ADEME, Base Empreinte (formerly Base Carbone): emission factors of materials made new, rounded to an order of magnitude"
)


@dataclass(frozen=True)
class Factor:
    kg_co2e_per_kg: Decimal
    source: object | None  # a lazy string, or None: "estimate" only


FACTORS: dict[str, Factor] = {
    Material.WOOD: Factor(Decimal("0.5"), ADEME),
    Material.STEEL: Factor(Decimal("2"), ADEME),
    Material.ALUMINIUM: Factor(Decimal("8"), ADEME),
    Material.GLASS: Factor(Decimal("1"), ADEME),
    Material.PLASTIC: Factor(Decimal("3"), ADEME),
    Material.CARDBOARD: Factor(Decimal("1"), ADEME),
    Material.TEXTILE: Factor(Decimal("10"), ADEME),
    # Display furniture of several materials (a showcase: steel, glass, MDF): a middle value.
    Material.MIXED: Factor(Decimal("1.5"), None),
}


def factor_for(material: str) -> Factor:
    return FACTORS.get(material, FACTORS[Material.MIXED])


def co2_avoided_kg(*, material: str, weight_kg: Decimal) -> Decimal:
    """kg CO2e avoided by reusing `weight_kg` of equipment whose main material is `material`."""
    return weight_kg * factor_for(material).kg_co2e_per_kg


def round_estimate(value: Decimal) -> int:
    """Two significant figures at most: the factors are orders of magnitude."""
    value = int(round(value))
    if value < 100:
        return value
    digits = len(str(value)) - 2
    return int(round(value, -digits))
