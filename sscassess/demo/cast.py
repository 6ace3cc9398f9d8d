"""The demo's cast: the fictional organisations of Aldermouth and what they tend to say.

Data only, read by :mod:`.builder`: the named organisations of each category and the
district pattern for more of them, the order categories are invited in, which category may
be left out, the weights that share out the invitations, the roles that may be made
contested, leaderless or uncovered, and the positions, plans, comments and ratings the
answers are drawn from. Nothing here is real: the city, its districts and every
organisation are invented.
"""

from __future__ import annotations

from dataclasses import dataclass

DISTRICTS = (
    "Old Harbour",
    "Northgate",
    "Saltmarsh",
    "Kilnworth",
    "Riverside",
    "Eastbank",
    "Highcross",
    "Millbrook",
)


@dataclass(frozen=True)
class Org:
    """One fictional organisation: its name, subtype, scale and sector."""

    name: str
    subtype: str | None
    scale: str
    sector: str
    lang: str | None = None  #: the invitation's language when not the demo's


# The first organisation of a category is always the one invited first: the municipality, and
# the French- and Greek-speaking organisations whose texts exercise the reports' fonts.
ORGANISATIONS: dict[str, list[Org]] = {
    "municipality": [
        Org("City of Aldermouth", "city_administration", "local", "public"),
        Org("Aldermouth City Council", "city_council", "local", "public"),
        Org("Aldermouth Smart City Office", "city_administration", "local", "public"),
        Org("Northgate District Office", "city_administration", "local", "public"),
    ],
    "national_regional_government": [
        Org("Estuary Regional Authority", "regional_government", "regional", "public"),
        Org("Ministry of Territorial Development", "national_government", "national", "public"),
        Org("National Digital Agency", "national_government", "national", "public"),
    ],
    "city_services_company": [
        Org("Aldermouth Transit", None, "local", "public"),
        Org("Aldermouth Waste & Recycling", None, "local", "mixed"),
        Org("Harbour Parking Services", None, "local", "private"),
        Org("Aldermouth Housing Company", None, "local", "public"),
    ],
    "utility_provider": [
        Org("Aldermouth Water", None, "local", "public"),
        Org("Estuary Power & Light", None, "regional", "private"),
        Org("Aldermouth District Heating", None, "local", "mixed"),
        Org("Saltmarsh Gas Network", None, "regional", "private"),
    ],
    "ict_company": [
        Org("Harbourline Telecom", "telecom_operator", "national", "private"),
        Org("Quayside Software", "software_company", "local", "private"),
        Org("Tidewater Sensors", "startup", "local", "private"),
        Org("CivicGrid Data", "startup", "local", "private"),
        Org("Northwind Cloud Services", "other", "international", "private"),
        Org("Kilnworth Fibre", "telecom_operator", "regional", "private"),
    ],
    "ngo": [
        Org("Association Solidarité Quartiers", None, "local", "non_profit", "fr"),
        Org("Digital Inclusion Network", None, "local", "non_profit"),
        Org("Green Streets Aldermouth", None, "local", "non_profit"),
        Org("Aldermouth Cycling Campaign", None, "local", "non_profit"),
        Org("Estuary Wildlife Trust", None, "regional", "non_profit"),
    ],
    "international_organisation": [
        Org("Alliance of Tidal Cities", "regional_organisation", "international", "public"),
        Org(
            "Coastal Cities Development Fund",
            "multilateral_organisation",
            "international",
            "public",
        ),
        Org("World Urban Data Programme", "un_agency", "international", "public"),
    ],
    "industry_association": [
        Org("Aldermouth Chamber of Commerce", "cross_sector_association", "local", "private"),
        Org("Estuary Digital Industry Association", "sector_association", "regional", "private"),
        Org("Harbour Logistics Association", "sector_association", "regional", "private"),
    ],
    "academia_research": [
        Org("University of Aldermouth", "university", "regional", "academic"),
        Org("Estuary Urban Research Centre", "research_organisation", "regional", "academic"),
        Org("Aldermouth Institute of Technology", "university", "regional", "academic"),
        Org("Coastal Climate Observatory", "specialised_body", "national", "academic"),
    ],
    "citizens": [
        Org(
            "Ελληνική Κοινότητα Aldermouth (Hellenic Community)",
            "citizen_organisation",
            "local",
            "non_profit",
        ),
        Org("Old Harbour Residents' Association", "citizen_organisation", "local", "non_profit"),
        Org("Aldermouth Tenants' Union", "citizen_organisation", "local", "non_profit"),
        Org("Saltmarsh Parents' Forum", "citizen_organisation", "local", "non_profit"),
        Org("Aldermouth Senior Citizens' Council", "citizen_organisation", "local", "non_profit"),
    ],
    "urban_planners": [
        Org("Estuary Planning Partnership", None, "regional", "mixed"),
        Org("Marrow & Quay Urban Design", None, "local", "private"),
        Org("Regional Spatial Planning Institute", None, "regional", "public"),
    ],
    "standardisation_body": [
        Org("National Standards Institute", None, "national", "public"),
        Org("Smart Infrastructure Standards Forum", None, "international", "non_profit"),
    ],
}

# More organisations, one per district, once the named ones of a category are used up.
MORE: dict[str, tuple[str, str | None, str, str]] = {
    "municipality": ("{d} District Office", "city_administration", "local", "public"),
    "national_regional_government": (
        "{d} Regional Delegation",
        "regional_government",
        "regional",
        "public",
    ),
    "city_services_company": ("{d} Mobility Services", None, "local", "mixed"),
    "utility_provider": ("{d} Energy Cooperative", None, "local", "mixed"),
    "ict_company": ("{d} Digital Labs", "startup", "local", "private"),
    "ngo": ("{d} Community Trust", None, "local", "non_profit"),
    "international_organisation": (
        "{d} Twinning Programme",
        "regional_organisation",
        "international",
        "public",
    ),
    "industry_association": (
        "{d} Traders' Association",
        "sector_association",
        "local",
        "private",
    ),
    "academia_research": ("{d} Living Lab", "research_organisation", "local", "academic"),
    "citizens": ("{d} Residents' Association", "citizen_organisation", "local", "non_profit"),
    "urban_planners": ("{d} Neighbourhood Planning Forum", None, "local", "mixed"),
    "standardisation_body": ("{d} Metrology Office", None, "regional", "public"),
}

#: Categories whose first organisation always answers (the city; French and Greek texts).
ANCHORED = ("municipality", "ngo", "citizens")
# Categories invited when fewer than 12 organisations are asked for, in this order (the
# categories that may be left out for good come last, shuffled by the seed).
PRIORITY = (
    "municipality",
    "citizens",
    "ngo",
    "ict_company",
    "utility_provider",
    "academia_research",
    "national_regional_government",
    "city_services_company",
)
#: One of these is never invited: a reference category with no voice at all.
LEFT_OUT = (
    "standardisation_body",
    "urban_planners",
    "industry_association",
    "international_organisation",
)
# How the organisations beyond one per category spread over the categories.
WEIGHTS = {
    "municipality": 1,
    "national_regional_government": 1,
    "city_services_company": 2,
    "utility_provider": 2,
    "ict_company": 4,
    "ngo": 3,
    "international_organisation": 1,
    "industry_association": 1,
    "academia_research": 2,
    "citizens": 4,
    "urban_planners": 1,
    "standardisation_body": 1,
}

# Roles forced into a coverage status (one contested, one without a lead, two uncovered),
# picked by the seed from these candidates.
CONTESTED = (
    "infrastructure",
    "strategic_planning",
    "data_provision",
    "promotion_advocacy",
    "service_delivery",
    "citizen_participation",
)
NO_LEAD = (
    "coordination",
    "platforms_integration",
    "innovation_transfer",
    "knowledge_sharing",
    "transparency_information",
    "capacity_building",
)
UNCOVERED = (
    "standards_interoperability",
    "measurement_kpis",
    "social_inclusion",
    "advisory",
    "funding",
    "policy_regulation",
)

# Plausible answers where the reference's Annex 1 column is silent for a category.
FALLBACK: dict[str, dict[str, tuple[str, ...]]] = {
    "municipality": {"potential": ("legal_mandate", "data")},
    "national_regional_government": {
        "aims": ("economic_sustainability",),
        "constraints": ("political_cycles",),
    },
    "city_services_company": {
        "challenges": ("budget_constraints", "operational_challenges"),
        "aims": ("valued_services",),
    },
    "utility_provider": {
        "aims": ("service_efficiency", "environmental_sustainability"),
        "challenges": ("operational_challenges", "regulatory_barriers"),
        "constraints": ("regulatory_limits", "asset_based_contracts"),
    },
    "ict_company": {
        "aims": ("business_growth", "service_efficiency"),
        "challenges": ("no_common_framework", "regulatory_barriers"),
        "constraints": ("regulatory_limits", "benefits_unknown"),
        "potential": ("technical_expertise", "innovation_capacity", "data"),
    },
    "ngo": {
        "potential": ("citizen_reach", "user_insight"),
        "challenges": ("engagement_overhead",),
    },
    "international_organisation": {
        "challenges": ("development_gap",),
        "constraints": ("limited_mandate",),
    },
    "industry_association": {
        "challenges": ("regulatory_barriers", "academia_industry_gap"),
        "constraints": ("limited_influence",),
    },
    "academia_research": {},
    "citizens": {},
    "urban_planners": {
        "constraints": ("limited_mandate", "lack_of_coordination"),
        "aims": ("quality_of_life",),
    },
    "standardisation_body": {
        "potential": ("technical_expertise", "measurement_experience"),
        "constraints": ("limited_mandate",),
        "challenges": ("engagement_overhead",),
    },
}

PARTNERS: dict[str, tuple[str, ...]] = {
    "municipality": (
        "national_regional_government",
        "utility_provider",
        "ict_company",
        "citizens",
        "academia_research",
        "city_services_company",
    ),
    "national_regional_government": (
        "municipality",
        "international_organisation",
        "standardisation_body",
    ),
    "city_services_company": ("municipality", "ict_company", "utility_provider"),
    "utility_provider": ("municipality", "ict_company", "city_services_company"),
    "ict_company": (
        "municipality",
        "utility_provider",
        "academia_research",
        "industry_association",
    ),
    "ngo": ("citizens", "municipality", "academia_research"),
    "international_organisation": (
        "national_regional_government",
        "municipality",
        "academia_research",
    ),
    "industry_association": ("ict_company", "municipality", "academia_research"),
    "academia_research": ("municipality", "ict_company", "ngo", "international_organisation"),
    "citizens": ("ngo", "municipality", "city_services_company"),
    "urban_planners": ("municipality", "academia_research", "citizens"),
    "standardisation_body": (
        "ict_company",
        "national_regional_government",
        "academia_research",
    ),
}

POSITIONS = (
    "Head of innovation",
    "Project manager",
    "Director",
    "Policy officer",
    "Chair",
    "Research lead",
    "Programme coordinator",
    "Head of digital services",
)

PLANS: dict[str, tuple[str, ...]] = {
    "municipality": (
        "Publish the smart city roadmap for 2026-2030 and set up a steering group with the "
        "utilities, the university and residents' groups.",
        "Open the first 40 city datasets on the open data portal and name a data steward in "
        "every department.",
    ),
    "national_regional_government": (
        "Co-fund two pilots in {city} from the regional innovation programme and align the "
        "permit rules for street sensors.",
        "Draft guidance on public procurement of data platforms for the cities of the region.",
    ),
    "city_services_company": (
        "Real-time arrival information at every stop in {district} and a shared ticket with the "
        "regional trains.",
        "Route optimisation for collection lorries, with the data shared with the city.",
    ),
    "utility_provider": (
        "Smart metering pilot in two districts ({district} and the Old Harbour), with the "
        "anonymised data on the open data portal.",
        "Leak detection on the main network and a heat map of losses, published every quarter.",
    ),
    "ict_company": (
        "A shared sensor network for {district}, open to other providers on equal terms.",
        "An open-source dashboard kit that any city department can reuse.",
        "Free connectivity for community centres during the pilot year.",
    ),
    "ngo": (
        "Digital skills workshops in community centres and volunteers to help residents with "
        "online services.",
        "A yearly street audit of accessibility and cycling safety, shared with the city.",
    ),
    "international_organisation": (
        "Technical assistance and a peer review by three member cities.",
        "A grant call for climate adaptation projects open to {city} partners.",
    ),
    "industry_association": (
        "A round table of local firms on the smart city roadmap, twice a year.",
        "Matchmaking between start-ups and the city's service departments.",
    ),
    "academia_research": (
        "An independent evaluation of the pilots with a common set of KPIs.",
        "Two PhD projects on urban data and a summer school for city staff.",
    ),
    "citizens": (
        "Walk-shops with residents of {district} to test the new services before they launch.",
        "A residents' panel that reviews the city's open data every six months.",
    ),
    "urban_planners": (
        "Integrate the sensor and broadband plans into the {district} regeneration masterplan.",
        "A 3D model of the city centre, shared with every stakeholder.",
    ),
    "standardisation_body": (
        "Guidance on applying the smart city KPI standards, with a workshop for city staff.",
        "A register of the interoperability standards the pilots should follow.",
    ),
}

COMMENTS = (
    "We need a single contact person at the city for smart city projects.",
    "Funding is our main constraint: our R&D budget is < 2% of turnover.",
    "Please involve us earlier, at the design stage rather than at the end.",
    "Several departments asked us for the same data this year; one data agreement would help.",
    "We would like the results of this survey to be shared with all participants.",
)

# Texts of the organisations writing in their own language.
OWN_TEXTS: dict[str, dict[str, str]] = {
    "Association Solidarité Quartiers": {
        "planned_contribution": "Des ateliers numériques gratuits dans trois maisons de "
        "quartier, et un relais de l'enquête auprès des habitants qui ne lisent pas l'anglais.",
        "comments": "Nous souhaitons être associés dès la conception des services, et pas "
        "seulement consultés à la fin du projet.",
    },
    "Ελληνική Κοινότητα Aldermouth (Hellenic Community)": {
        "planned_contribution": "Εθελοντές της κοινότητας θα βοηθούν τους ηλικιωμένους να "
        "χρησιμοποιούν τις νέες ψηφιακές υπηρεσίες της πόλης.",
        "comments": "Χρειαζόμαστε πληροφορίες για τις δημοτικές υπηρεσίες και στα ελληνικά.",
    },
    "Digital Inclusion Network": {
        "planned_contribution": "Drop-in help desks for online city services in the libraries.",
        "comments": "Багато нових мешканців потребують допомоги з цифровими послугами міста. "
        "(Many new residents need help with the city's digital services.)",
    },
}

RATINGS = {  # expectation level -> (ratings, weights)
    "primary": ((4, 3, 2, 1), (25, 52, 13, 10)),
    "supporting": ((4, 3, 2, 1, 0), (3, 25, 47, 18, 7)),
    "none": ((0, 1, 2, 3), (62, 25, 10, 3)),
}
RANK = {"primary": 2, "supporting": 1, "none": 0}
