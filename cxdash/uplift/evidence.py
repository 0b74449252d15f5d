"""Published claims about what better experiences are worth, each with its exact claim, source, year and
caveat, to stand beside the figures this data gives. No figure goes without its source and caveat; the
caveats say how far each claim can be taken (who measured, on what, stated intent or behaviour).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Claim:
    claim: str
    source: str
    year: int
    caveat: str


EVIDENCE: tuple[Claim, ...] = (
    Claim(
        claim="Customers with the best past experiences spent 140% more than those with the poorest; in a "
        "subscription business, 74% of members with the best experiences were still members a year later, "
        "against 43% of those with the worst.",
        source="Peter Kriss, 'The Value of Customer Experience, Quantified', Harvard Business Review (blog), "
        "1 August 2014",
        year=2014,
        caveat="Two unnamed companies (one transactional, one subscription), observational data; the author "
        "worked for a survey vendor (Medallia). An association, not a measured effect of improving experience.",
    ),
    Claim(
        claim="CX leaders grew revenue 17% a year against 3% for CX laggards (2010-2015).",
        source="Forrester Research (Harley Manning, Dylan Czarnecki), 'Customer Experience Drives Revenue "
        "Growth, 2016'",
        year=2016,
        caveat="Five pairs of publicly traded companies compared on Forrester's CX Index: a correlation over "
        "ten firms, as Forrester itself says, not proof that CX caused the growth.",
    ),
    Claim(
        claim="The Net Promoter Score is the one number that predicts a company's growth (Bain & Company).",
        source="Frederick F. Reichheld (Bain & Company), 'The One Number You Need to Grow', Harvard Business "
        "Review, December 2003",
        year=2003,
        caveat="Keiningham, Cooil, Andreassen and Aksoy, 'A Longitudinal Examination of Net Promoter and Firm "
        "Revenue Growth', Journal of Marketing 71(3), 2007, failed to replicate it: in their longitudinal "
        "data NPS predicted firms' revenue growth no better than other customer satisfaction measures.",
    ),
    Claim(
        claim="86% of consumers say they would pay more for a better customer experience.",
        source="RightNow Technologies / Harris Interactive, Customer Experience Impact Report, 2011",
        year=2011,
        caveat="Stated intent in a survey commissioned by a customer-service software vendor, not what people "
        "paid. Often credited to American Express, whose 2011 Global Customer Service Barometer figure is "
        "different: 70% of Americans willing to spend 13% more with companies giving excellent service.",
    ),
    Claim(
        claim="Customers will pay up to 25% more for a better experience: 55% would pay 10% or more, and 10% "
        "would pay 25% or more.",
        source="RightNow Technologies / Harris Interactive, 2010 Customer Experience Impact Report (North America)",
        year=2010,
        caveat="Stated intent, vendor-commissioned. 'Up to 25% more' is what a minority (10%) said they would "
        "pay, not an average uplift.",
    ),
)
