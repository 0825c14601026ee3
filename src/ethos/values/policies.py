"""Policy models: one typed stance per customer-service policy the seeds discuss.

Every stance vocabulary is an :class:`Ordered` enum declared from the most to the least
customer- (or employee-) favourable member, so stances can be compared and diffed as
positions, not words. The wording of each member lives in the catalog, not here.
"""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import ConfigDict, Field, model_validator

from .fields import Days, Hours, Model, Months, Ordered, Percent, Switch, stated, when
from .people import Employees, Training
from .policy import Policy
from .text_fields import LocalShortText


class ReturnsStance(Ordered):
    UNCONDITIONAL = "unconditional"
    LIMITED = "limited"
    EXCHANGE_ONLY = "exchange_only"
    STORE_CREDIT = "store_credit"
    FINAL_SALE = "final_sale"


class Returns(Policy):
    """What happens when a customer brings something back."""

    stance: ReturnsStance
    """unconditional: every return accepted; limited: refunds within a window and conditions;
    exchange_only; store_credit; final_sale: no returns.
    """
    window_days: Days | None = None
    """Days after purchase within which a return is accepted (required for `limited`)."""
    conditions: list[LocalShortText] = []
    """Conditions a return must meet, e.g. "receipt required", "unused, in original packaging"."""

    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                when("stance", ["limited"], stated("window_days")),
                when(
                    "stance",
                    ["unconditional", "final_sale"],
                    {
                        "properties": {
                            "window_days": {"type": "null"},
                            "conditions": {"type": "array", "maxItems": 0},
                        }
                    },
                ),
            ]
        }
    )

    @model_validator(mode="after")
    def _window_fits_stance(self) -> Self:
        if self.stance is ReturnsStance.LIMITED and self.window_days is None:
            raise ValueError("`limited` returns need `window_days`, e.g. window_days: 30")
        if self.stance in (ReturnsStance.UNCONDITIONAL, ReturnsStance.FINAL_SALE) and (
            self.window_days is not None or self.conditions
        ):
            raise ValueError(
                f"`{self.stance}` returns take no `window_days` or `conditions` — remove them "
                "or choose `limited`"
            )
        return self


class DataSharingStance(Ordered):
    NEVER = "never"
    OPT_IN = "opt_in"
    OPT_OUT = "opt_out"


class CustomerData(Policy):
    """Whether customers' personal data is shared with third parties."""

    stance: DataSharingStance
    """never: not shared; opt_in: only with the customer's prior consent; opt_out: shared unless
    the customer objects.
    """
    retention_months: Months | None = None
    """How many months personal data is kept after the last interaction."""


class CouponStance(Ordered):
    HONORED = "honored"
    PRICE_MATCH = "price_match"
    NOT_HONORED = "not_honored"


class CompetitorCoupons(Policy):
    """Whether competitors' coupons and prices are honoured."""

    stance: CouponStance
    """honored: competitors' coupons accepted; price_match: competitors' advertised prices matched;
    not_honored.
    """


class ContactStance(Ordered):
    HUMAN_ONLY = "human_only"
    HUMAN_FIRST = "human_first"
    AUTOMATED_FIRST = "automated_first"


class CustomerContact(Policy):
    """Who answers when a customer gets in touch."""

    stance: ContactStance
    """human_only: always a person; human_first: a person, with self-service offered;
    automated_first: menus or bots, a person on request.
    """


class ResponseStance(Ordered):
    GUARANTEED = "guaranteed"
    TARGET = "target"
    BEST_EFFORT = "best_effort"


class ResponseTimes(Policy):
    """How quickly customers hear back."""

    stance: ResponseStance
    """guaranteed: published, binding limits; target: published goals; best_effort: no numbers
    promised.
    """
    inquiry_reply_hours: Hours | None = None
    """Hours within which every inquiry gets a reply."""
    callback_hours: Hours | None = None
    """Hours within which a promised call back happens."""
    account_discrepancy_days: Days | None = None
    """Days within which a billing or account discrepancy is resolved."""

    model_config = ConfigDict(
        json_schema_extra=when(
            "stance",
            ["guaranteed", "target"],
            {
                "anyOf": [
                    stated("inquiry_reply_hours"),
                    stated("callback_hours"),
                    stated("account_discrepancy_days"),
                ]
            },
        )
    )

    @model_validator(mode="after")
    def _numbers_fit_stance(self) -> Self:
        numbers = (self.inquiry_reply_hours, self.callback_hours, self.account_discrepancy_days)
        if self.stance is not ResponseStance.BEST_EFFORT and all(n is None for n in numbers):
            raise ValueError(
                f"`{self.stance}` response times need at least one of inquiry_reply_hours, "
                "callback_hours or account_discrepancy_days"
            )
        return self


class ClaimsStance(Ordered):
    BELIEVE = "believe"
    GOOD_FAITH = "good_faith"
    VERIFY = "verify"


class CustomerClaims(Policy):
    """Whether a customer's account of a problem is believed."""

    stance: ClaimsStance
    """believe: taken at their word; good_faith: believed, checked only when records exist; verify:
    evidence first.
    """


class ProblemScopeStance(Ordered):
    EVERY_PROBLEM = "every_problem"
    RELATED_PROBLEMS = "related_problems"
    OWN_PRODUCTS = "own_products"


class ProblemScope(Policy):
    """Which customer problems employees take on."""

    stance: ProblemScopeStance
    """every_problem: any problem the customer brings; related_problems: anything touching what we
    sell; own_products: only our products.
    """


class RecommendationStance(Ordered):
    BEST_FIT = "best_fit"
    HOUSE_FIRST = "house_first"
    MOST_PROFITABLE = "most_profitable"


class Recommendations(Policy):
    """What employees recommend."""

    stance: RecommendationStance
    """best_fit: whatever fits the customer best, even elsewhere; house_first: our best-fitting
    option; most_profitable.
    """


class DisclosureStance(Ordered):
    PUBLISHED = "published"
    ON_REQUEST = "on_request"
    NOT_DISCLOSED = "not_disclosed"


class SourcingDisclosure(Policy):
    """Whether the company says where its materials and products come from."""

    stance: DisclosureStance
    """published: publicly; on_request: to anyone who asks; not_disclosed."""


class LoyaltyStance(Ordered):
    PROGRAM = "program"
    OCCASIONAL = "occasional"
    NONE = "none"


class Loyalty(Policy):
    """How returning customers are rewarded."""

    stance: LoyaltyStance
    """program: standing benefits; occasional: offers from time to time; none."""
    discount_percent: Percent | None = None
    """Standing discount for loyal customers, in percent."""
    price_lock_days: Days | None = None
    """Days for which a loyal customer's price is locked."""
    member_promotions: Switch = False
    """Whether loyal customers get promotions others do not."""

    model_config = ConfigDict(
        json_schema_extra=when(
            "stance",
            ["none"],
            {
                "properties": {
                    "discount_percent": {"type": "null"},
                    "price_lock_days": {"type": "null"},
                    "member_promotions": {"const": False},
                }
            },
        )
    )

    @model_validator(mode="after")
    def _no_benefits_without_stance(self) -> Self:
        if self.stance is LoyaltyStance.NONE and (
            self.discount_percent or self.price_lock_days or self.member_promotions
        ):
            raise ValueError(
                "loyalty stance `none` takes no benefits — remove them or choose `program`"
            )
        return self


class AdvertisingStance(Ordered):
    ALL_IN = "all_in"
    HONEST = "honest"
    UNRESTRICTED = "unrestricted"


class Advertising(Policy):
    """How products and prices are advertised."""

    stance: AdvertisingStance
    """all_in: prices include every fee, no bait-and-switch; honest: no misleading claims or bait-
    and-switch; unrestricted: legal minimum only.
    """
    rain_checks: Switch = False
    """Whether a customer gets the advertised price later when an advertised item has sold out."""


class SafetyStance(Ordered):
    PROACTIVE = "proactive"
    REGULATORY = "regulatory"
    NO_COMMITMENT = "no_commitment"


class ProductSafety(Policy):
    """Testing before release and recalls."""

    stance: SafetyStance
    """proactive: tested before release, recalled at the first credible risk; regulatory: as the
    law requires; no_commitment.
    """
    notify_customers: Switch = False
    """Whether affected customers are contacted directly about a recall."""


class AddressStance(Ordered):
    PREFERRED = "preferred"
    FORMAL = "formal"
    FIRST_NAME = "first_name"


class FormsOfAddress(Policy):
    """How employees address customers."""

    stance: AddressStance
    """preferred: as each customer prefers; formal: surname and honorific; first_name."""
    honorifics: list[LocalShortText] = []
    """Honorifics employees use, e.g. "Ms.", "Mr.", "Dr."."""


class DiscriminationStance(Ordered):
    BEYOND_LAW = "beyond_law"
    LEGAL_MINIMUM = "legal_minimum"


class Characteristic(Ordered):
    AGE = "age"
    DISABILITY = "disability"
    ETHNICITY = "ethnicity"
    NATIONALITY = "nationality"
    LANGUAGE = "language"
    RELIGION = "religion"
    CULTURE = "culture"
    SEX = "sex"
    GENDER_IDENTITY = "gender_identity"
    SEXUAL_ORIENTATION = "sexual_orientation"
    MARITAL_STATUS = "marital_status"
    PREGNANCY = "pregnancy"
    SOCIOECONOMIC_STATUS = "socioeconomic_status"
    APPEARANCE = "appearance"
    CUSTOMER_HISTORY = "customer_history"


class NonDiscrimination(Policy):
    """Equal treatment of every customer."""

    stance: DiscriminationStance
    """beyond_law: every listed characteristic, whatever the law requires; legal_minimum: what the
    law protects.
    """
    characteristics: Annotated[list[Characteristic], Field(min_length=1)]
    """Characteristics that never change how a customer is treated."""


class RecordStance(Ordered):
    EVERY_INTERACTION = "every_interaction"
    TRANSACTIONS_ONLY = "transactions_only"
    MINIMAL = "minimal"


class RecordKeeping(Policy):
    """What is written down about customer interactions."""

    stance: RecordStance
    """every_interaction: every contact noted; transactions_only: purchases, returns and payments;
    minimal: what the law requires.
    """
    retention_months: Months | None = None
    """Months records are kept."""


class ProtectionStance(Ordered):
    EXCEED = "exceed"
    COMPLY = "comply"


class ConsumerProtection(Policy):
    """Consumer-protection law."""

    stance: ProtectionStance
    """exceed: the law is the floor; comply: the law is the standard."""
    laws: list[LocalShortText] = []
    """Laws named in the chapter, e.g. "Consumer Act of the Philippines (RA 7394)"."""
    jurisdictions: list[LocalShortText] = []
    """Countries or states where the company serves customers."""


class Policies(Model):
    """The company's stances. Every policy is optional; one not stated is left out."""

    returns: Returns | None = None
    customer_data: CustomerData | None = None
    competitor_coupons: CompetitorCoupons | None = None
    customer_contact: CustomerContact | None = None
    response_times: ResponseTimes | None = None
    customer_claims: CustomerClaims | None = None
    problem_scope: ProblemScope | None = None
    recommendations: Recommendations | None = None
    sourcing_disclosure: SourcingDisclosure | None = None
    loyalty: Loyalty | None = None
    advertising: Advertising | None = None
    product_safety: ProductSafety | None = None
    forms_of_address: FormsOfAddress | None = None
    non_discrimination: NonDiscrimination | None = None
    record_keeping: RecordKeeping | None = None
    consumer_protection: ConsumerProtection | None = None
    training: Training | None = None
    employees: Employees | None = None

    def stated(self) -> dict[str, Policy]:
        """The policies the file states, in declaration order."""
        return {name: policy for name in type(self).model_fields if (policy := getattr(self, name))}
