"""Word banks for the synthetic corpus: facet values, organisations and phrases.

Lists are ordered from most to least common: the generator draws from them
with Zipf-like weights, so the first items turn up in most entries and the
last ones in few. Nothing here is random; `generate` does the drawing.
"""

from __future__ import annotations

from tests.support.corpus.places import (  # noqa: F401 - part of the banks
    OTHER_ORGANISATIONS,
    PLACES,
    TYPE_FOLDERS,
    organisations,
)
from tests.support.corpus.words import (  # noqa: F401 - part of the banks
    ADJECTIVES,
    DATA_SOURCES,
    FEATURES,
    LANGUAGES,
    LICENCES,
    NOUNS,
    RARE_WORDS,
    STAFF,
    TAGS,
    TOOLS,
    VERBS,
)

#: The kinds of entry, most common first.
TYPES = ("project", "case-study", "webinar", "playbook", "guidance")
#: How far a piece of work got.
STATUSES = ("idea", "discovery", "proof-of-concept", "pilot", "in-use", "retired")
#: How far an adopting organisation got with re-using an entry.
ADOPTER_STATUSES = ("exploring", "adapting", "piloting", "in-use")

#: Canonical problem areas, most common first.
PROBLEM_AREAS = (
    "Bed management",
    "Length of stay",
    "Patient flow",
    "Urgent and emergency care",
    "Medical imaging",
    "Cancer",
    "Workforce",
    "Patient deterioration",
    "Triage",
    "Waiting list prioritisation",
    "Clinical coding",
    "Scheduling",
    "Data discovery",
    "Patient safety",
    "Pathology",
    "Quality improvement",
    "Research data access",
    "Data privacy",
    "Care at home",
    "Renal",
    "Education and training",
    "Recruitment",
    "Neurodegenerative disease",
    "Endocrinology",
    "Clinical negligence",
)

#: Canonical techniques, most common first.
TECHNIQUES = (
    "Gradient boosting",
    "Natural language processing",
    "Random forests",
    "Computer vision",
    "Convolutional neural networks",
    "Time series forecasting",
    "Linear models",
    "Simulation",
    "Neural networks",
    "Exploratory data analysis",
    "Transfer learning",
    "Synthetic data generation",
    "Decision trees",
    "Anomaly detection",
    "Optimisation",
    "Bayesian forecasting",
    "Semantic search",
    "Recurrent neural networks",
    "Generative adversarial networks",
    "Automated machine learning",
    "Image registration",
    "Recommender systems",
    "Variational autoencoders",
    "Reinforcement learning",
    "Genetic algorithms",
)

#: Alias forms people write instead of a canonical name (used now and then).
ALIASES = {
    "Length of stay": ("LoS", "LOS"),
    "Urgent and emergency care": ("A&E", "UEC"),
    "Medical imaging": ("Imaging",),
    "Waiting list prioritisation": ("Waiting lists",),
    "Natural language processing": ("NLP", "nlp"),
    "Convolutional neural networks": ("CNN", "CNNs"),
    "Gradient boosting": ("XGBoost", "GBM"),
    "Generative adversarial networks": ("GAN", "GANs"),
    "Recurrent neural networks": ("RNN", "LSTM"),
    "Variational autoencoders": ("VAE",),
    "Random forests": ("Random forest",),
    "Automated machine learning": ("AutoML",),
    "Exploratory data analysis": ("EDA",),
    "Reinforcement learning": ("RL",),
}

#: Techniques that go with a problem area, tried before the general list.
AREA_TECHNIQUES = {
    "Medical imaging": (
        "Convolutional neural networks",
        "Computer vision",
        "Transfer learning",
        "Image registration",
    ),
    "Cancer": ("Convolutional neural networks", "Computer vision", "Gradient boosting"),
    "Pathology": (
        "Computer vision",
        "Convolutional neural networks",
        "Transfer learning",
    ),
    "Clinical coding": ("Natural language processing", "Semantic search"),
    "Data discovery": (
        "Semantic search",
        "Natural language processing",
        "Recommender systems",
    ),
    "Data privacy": (
        "Synthetic data generation",
        "Variational autoencoders",
        "Generative adversarial networks",
    ),
    "Research data access": ("Synthetic data generation", "Semantic search"),
    "Bed management": ("Time series forecasting", "Bayesian forecasting", "Simulation"),
    "Length of stay": ("Gradient boosting", "Random forests", "Linear models"),
    "Patient flow": ("Simulation", "Time series forecasting", "Optimisation"),
    "Scheduling": ("Optimisation", "Genetic algorithms", "Reinforcement learning"),
    "Workforce": ("Time series forecasting", "Optimisation", "Simulation"),
    "Patient deterioration": (
        "Gradient boosting",
        "Recurrent neural networks",
        "Anomaly detection",
    ),
    "Clinical negligence": ("Natural language processing", "Decision trees"),
}

#: Noun phrases for each problem area, used in titles and prose.
AREA_THINGS = {
    "Length of stay": (
        "length of stay",
        "long stays",
        "delayed discharges",
        "discharge dates",
    ),
    "Patient flow": ("patient flow", "admissions", "discharges", "bed occupancy"),
    "Bed management": (
        "bed management",
        "bed occupancy",
        "bed availability",
        "ward capacity",
    ),
    "Urgent and emergency care": (
        "A&E attendances",
        "emergency admissions",
        "ambulance handovers",
        "four-hour waits",
    ),
    "Triage": ("triage decisions", "referral triage", "NHS 111 calls"),
    "Patient deterioration": (
        "patient deterioration",
        "early warning scores",
        "sepsis",
        "unplanned ICU admissions",
    ),
    "Renal": ("acute kidney injury", "dialysis schedules", "kidney function"),
    "Medical imaging": ("chest X-rays", "CT scans", "MRI scans", "radiology reports"),
    "Cancer": (
        "cancer referrals",
        "two-week-wait referrals",
        "tumour segmentation",
        "cancer waiting times",
    ),
    "Pathology": ("pathology results", "digital pathology slides", "blood tests"),
    "Neurodegenerative disease": (
        "Parkinson's disease",
        "dementia diagnosis",
        "motor neurone disease",
    ),
    "Endocrinology": ("diabetes care", "HbA1c results", "thyroid function"),
    "Workforce": ("staff rotas", "staff sickness", "nurse staffing levels"),
    "Recruitment": ("recruitment", "job applications", "vacancy rates"),
    "Education and training": (
        "clinical training",
        "e-learning",
        "simulation training",
    ),
    "Scheduling": ("theatre scheduling", "outpatient appointments", "clinic schedules"),
    "Clinical coding": (
        "clinical coding",
        "SNOMED CT codes",
        "ICD-10 codes",
        "discharge summaries",
    ),
    "Patient safety": (
        "patient safety incidents",
        "medication errors",
        "falls on wards",
    ),
    "Clinical negligence": ("clinical negligence claims", "litigation costs"),
    "Data discovery": ("data discovery", "dataset catalogues", "metadata"),
    "Data privacy": ("data privacy", "re-identification risk", "pseudonymisation"),
    "Research data access": (
        "research data access",
        "trusted research environments",
        "data access requests",
    ),
    "Care at home": ("care at home", "virtual wards", "remote monitoring"),
    "Waiting list prioritisation": (
        "waiting lists",
        "elective waiting lists",
        "referral backlogs",
    ),
    "Quality improvement": (
        "quality improvement",
        "clinical audit",
        "variation in care",
    ),
}
