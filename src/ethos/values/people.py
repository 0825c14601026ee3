"""Policies about the company's own people: training and treatment of employees.

The seeds tie ethical service to both: employees who are trained, paid fairly and
rested serve customers ethically. Stances are ordered most to least employee-favourable.
"""

from __future__ import annotations

from typing import Self

from pydantic import ConfigDict, model_validator

from .fields import Days, Ordered, Switch, Weeks, stated, when
from .policy import Policy


class TrainingStance(Ordered):
    ONGOING = "ongoing"
    ONBOARDING = "onboarding"
    NONE = "none"


class TrainingMethod(Ordered):
    ROLE_PLAY = "role_play"
    DISCUSSION = "discussion"
    CUSTOMER_FEEDBACK = "customer_feedback"
    MENTORING = "mentoring"
    SHADOWING = "shadowing"
    E_LEARNING = "e_learning"


class Frequency(Ordered):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    TWICE_A_YEAR = "twice_a_year"
    YEARLY = "yearly"


class Training(Policy):
    """How employees learn ethical service."""

    stance: TrainingStance
    """ongoing: regular sessions throughout employment; onboarding: when employees join; none."""
    methods: list[TrainingMethod] = []
    """How training is given."""
    frequency: Frequency | None = None
    """How often sessions are held (for `ongoing`)."""
    incentives: Switch = False
    """Whether good service, as customers report it, earns employees a reward."""

    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                when("stance", ["ongoing"], stated("frequency")),
                when(
                    "stance",
                    ["none"],
                    {
                        "properties": {
                            "methods": {"type": "array", "maxItems": 0},
                            "frequency": {"type": "null"},
                            "incentives": {"const": False},
                        }
                    },
                ),
            ]
        }
    )

    @model_validator(mode="after")
    def _frequency_fits_stance(self) -> Self:
        if self.stance is TrainingStance.ONGOING and self.frequency is None:
            raise ValueError("`ongoing` training needs `frequency`, e.g. frequency: monthly")
        if self.stance is TrainingStance.NONE and (
            self.methods or self.frequency or self.incentives
        ):
            raise ValueError("training stance `none` takes no methods, frequency or incentives")
        return self


class PayStance(Ordered):
    ABOVE_MARKET = "above_market"
    MARKET = "market"
    LEGAL_MINIMUM = "legal_minimum"


class Employees(Policy):
    """How the company treats the people who serve its customers."""

    stance: PayStance
    """above_market: pay above the local market; market: at the market rate; legal_minimum: the
    legal minimum.
    """
    paid_leave_days: Days | None = None
    """Paid leave days a year."""
    sick_leave_days: Days | None = None
    """Paid sick days a year."""
    parental_leave_weeks: Weeks | None = None
    """Weeks of paid parental leave."""
    recognition: Switch = False
    """Whether good service is publicly recognised."""
