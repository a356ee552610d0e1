"""Money by currency, in one place: amounts in different currencies are kept side by side and
never added together (a converted total exists only on request, labelled with its rates:
`projects.selectors.converted_total`).

Every screen, the report engine, the statement and the exports sum investments and bank
facilities through these functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from hamahang.projects.currencies import RIAL
from hamahang.projects.models import BankAgencyContract, InvestmentLine, Project


@dataclass(frozen=True)
class CurrencyTotal:
    currency: str
    amount: Decimal


@dataclass
class Money:
    """Rial apart, and each foreign currency apart."""

    rial: Decimal = Decimal(0)
    foreign: dict[str, Decimal] = field(default_factory=dict)

    def add(self, currency: str, amount: Decimal | None) -> None:
        amount = amount or Decimal(0)
        if currency == RIAL:
            self.rial += amount
        else:
            self.foreign[currency] = self.foreign.get(currency, Decimal(0)) + amount

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, Decimal]]) -> Money:
        """From (currency, amount) pairs: investment lines, rows of an export."""
        money = cls()
        for currency, amount in pairs:
            money.add(currency, amount)
        return money

    def amount(self, currency: str) -> Decimal:
        return self.rial if currency == RIAL else self.foreign.get(currency, Decimal(0))

    def foreign_totals(self) -> list[CurrencyTotal]:
        return [CurrencyTotal(c, a) for c, a in sorted(self.foreign.items())]

    def totals(self) -> list[CurrencyTotal]:
        """Rial first, then each foreign currency by code."""
        return [CurrencyTotal(RIAL, self.rial), *self.foreign_totals()]


def investments_of(projects: QuerySet[Project]) -> QuerySet[InvestmentLine]:
    return InvestmentLine.objects.filter(project__in=projects.order_by().values("pk"))


def money_by(projects: QuerySet[Project], key: str | None = None) -> dict[object, Money]:
    """The projects' investments summed per currency, grouped by a project field
    (`key`, e.g. "sector" or "owner_id"; None: one group under the key None)."""
    group = f"project__{key}" if key else None
    fields = [group, "currency"] if group else ["currency"]
    rows = investments_of(projects).values(*fields).annotate(total=Sum("amount")).order_by()
    result: dict[object, Money] = {}
    for row in rows:
        result.setdefault(row[group] if group else None, Money()).add(row["currency"], row["total"])
    return result


def money_of(projects: QuerySet[Project]) -> Money:
    """All the projects' investments, per currency."""
    return money_by(projects).get(None, Money())


def contracts_by_bank(contracts: QuerySet[BankAgencyContract]) -> list[dict]:
    """Bank agency contracts by bank, status and currency: `bank_id`, `bank` (its short name),
    `status`, `status_label`, `currency`, `contracts` (a count) and `amount` (facilities)."""
    rows = (
        contracts.order_by()
        .values("bank_id", "bank__short_name", "bank__name", "status", "currency")
        .annotate(n=Count("pk"), total=Sum("facility_amount"))
        .order_by("bank__name", "status", "currency")
    )
    return [
        {
            "bank_id": row["bank_id"],
            "bank": row["bank__short_name"] or row["bank__name"],
            "status": row["status"],
            "status_label": BankAgencyContract.Status(row["status"]).label,
            "currency": row["currency"],
            "contracts": row["n"],
            "amount": row["total"],
        }
        for row in rows
    ]
