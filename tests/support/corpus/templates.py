"""Sentence templates for synthetic entries; `{slots}` are filled by `text`."""

from __future__ import annotations

TITLES = {
    "project": (
        "{verbing} {area} with {tech}",
        "Using {tech} to {verb} {area}",
        "{tech} for {area} at {place}",
        "{name}: {verbing} {area}",
        "A {adj} {tool} for {area}",
        "{verbing} {area} from {data}",
        "{name}: {tech} for {area}",
    ),
    "case-study": (
        "How {place} {verbed} {area} with {tech}",
        "Case study: {tech} for {area} at {place}",
        "{place}: {verbing} {area} in practice",
    ),
    "webinar": (
        "Webinar: {tech} in {area}",
        "Show and tell: {verbing} {area} with {tech}",
        "Meet-up: lessons from {area} projects",
        "{tech} for {area}: a live demonstration",
    ),
    "playbook": (
        "Playbook: deploying {tech} models in the NHS",
        "A playbook for {area} analytics",
        "Playbook: from proof of concept to production for {area}",
    ),
    "guidance": (
        "Guidance on information governance for {tech} projects",
        "Guidance on validating {tech} models for {area}",
        "Using synthetic data safely: guidance for {area} teams",
        "Guidance on procuring AI tools for {area}",
        "Publishing open source code in the NHS: guidance for {staff}",
    ),
}

SUMMARIES = {
    "project": (
        "{org} used {tech} to {verb} {area}, giving {staff} {adj} information to"
        " act on.",
        "A {tool} that helps {staff} {verb} {area} using {data}.",
        "{staff} at {org} built a {adj} {tool} to {verb} {area} with {tech}.",
    ),
    "case-study": (
        "How {org} {verbed} {area} with a {tool} built on {tech}.",
        "{org} explains what it took to {verb} {area} with {tech}, and what"
        " changed for {staff}.",
    ),
    "webinar": (
        "A recording of our webinar on {tech} for {area}, with speakers from {org}.",
        "{staff} from {org} demonstrate a {tool} for {area} and answer questions.",
    ),
    "playbook": (
        "Step-by-step advice on {verbing} {area} with {tech}, from data access to"
        " deployment.",
        "What we learned about taking {tech} models for {area} into daily use.",
    ),
    "guidance": (
        "What to consider when {verbing} {area} with {tech}: governance, evaluation"
        " and reuse.",
        "Practical guidance for {staff} on {verbing} {area} safely and openly.",
    ),
}

SUMMARY_EXTRAS = (
    "It has been piloted on {n} wards.",
    "The code is open source.",
    "It was developed with {partner}.",
    "Results from a {months}-month evaluation are included.",
)

PROBLEM = (
    "Every day, {staff} at {org} spend hours working out how to manage {area}.",
    "Patients in hospital for longer than they need to be are at greater risk of"
    " harm, and every delayed discharge adds pressure to {area}.",
    "The {noun} team wanted to understand why {area} varied so much between wards"
    " and between weekdays and weekends.",
    "{staff} told us that the data they needed was spread across {data} and {data}.",
    "Before this project, {staff} had no reliable way to {verb} {area} more than a"
    " day ahead.",
    "Demand has grown by {pct}% since {year}, while the number of {staff} has"
    " stayed the same.",
    "Much of the data was collected for other purposes, so its quality was not"
    " well understood.",
    "On a typical day there are around {n} patients in hospital who are medically"
    " fit to leave but are waiting for a care package.",
    "The idea came from {staff} who wanted to spend less time on {adj} reporting"
    " and more time with patients.",
    "Decisions about {area} were made in a {adj} meeting each morning using figures"
    " that were already out of date.",
    "The hospital had tried {adj} rules of thumb before, but they did not cope with"
    " {noun} during winter.",
    "Reviewing {data} by hand took {staff} several hours a week and errors were"
    " common.",
    "National targets for {area} had been missed for {n} months in a row.",
    "Nobody had looked at the data across the whole system before, so the size of"
    " the problem was unclear.",
    "Clinicians wanted a {adj} way to see which patients needed attention first.",
    "The {noun} and the {noun} are closely linked, and a change in one quickly"
    " affects the other.",
    "Patients and families said that the wait for {area} was the hardest part of"
    " their care.",
)

APPROACH = (
    "The team used {tech} to build a model that predicts {area} from {data}.",
    "We trained the model on {big} records from {data}, covering {years} years of"
    " activity.",
    "Features included {feature}, {feature}, {feature} and {feature}.",
    "The data was pseudonymised before it left the trust, and no patient"
    " identifiable information was used in the model.",
    "We compared {tech} with {tech2} and with a {adj} baseline.",
    "{staff} were involved at every stage, from choosing the outcome to testing the"
    " {tool}.",
    "The model runs every night and writes its predictions to a {tool} that {staff}"
    " check each morning.",
    "An exploratory analysis of the data showed strong weekly and seasonal patterns"
    " in {noun}.",
    "We worked in two-week sprints and showed the {tool} to {staff} at the end of"
    " each one.",
    "Missing values were common, so we tested several approaches to imputation"
    " before choosing the simplest.",
    "The model was validated on data from a later period to check that it would"
    " hold up over time.",
    "A data protection impact assessment was completed before any data was shared"
    " with {partner}.",
    "We built the {tool} in {language} so that the trust's own analysts could"
    " maintain it.",
    "To explain each prediction we showed the {n} factors that contributed most.",
    "The pipeline reads the data, cleans it, trains the model and publishes the"
    " results without manual steps.",
    "The team spent the first {n} weeks learning about {area} on the wards and in"
    " the back office.",
    "We used {tech2} to explore the data before building the main model.",
)

RESULTS = (
    "The final model reached an AUC of {auc} on held-out data.",
    "Predictions were within {pct}% of the observed values on {pct2}% of days.",
    "In a {months}-month pilot on {n} wards, {staff} said the {tool} saved them"
    " about {minutes} minutes a day.",
    "The model was less accurate for patients with very long stays, which are rare"
    " in the training data.",
    "{staff} now use the {tool} in daily bed meetings.",
    "Average length of stay fell by {tenth} days during the pilot, although other"
    " changes happened at the same time.",
    "The {tool} flagged {pct}% more patients at risk than the existing process.",
    "Feedback from {staff} was positive, and {n} of the {n2} users said they would"
    " keep using it.",
    "We found no evidence that the model performed worse for any age group or"
    " ethnic group.",
    "The proof of concept showed that the approach works, but more data is needed"
    " before it can be used in care.",
    "The biggest benefit was not the model itself but bringing the data together"
    " in one place.",
    "Simple models performed almost as well as {tech}, and were much easier to"
    " explain.",
    "The work is now part of business as usual at {org}.",
)

REUSE = (
    "The code is open source and can be adapted to data from any NHS trust with"
    " {data}.",
    "Other trusts can reuse the pipeline by replacing the data extraction step with"
    " queries against their own data.",
    "We have written a short guide to deploying the model; see the links below.",
    "If you are interested in adopting this work, contact the team at {org}.",
    "The {tool} needs about {n} hours of an analyst's time to set up for a new"
    " hospital.",
    "The model should be retrained on local data before it is used anywhere else.",
    "We would like to hear from other trusts that want to test the approach on"
    " their own patients.",
    "Everything needed to run the project with synthetic data is published"
    " alongside the code.",
    "{partner} is now working with {n} other organisations to adopt the {tool}.",
)

RARE = (
    "One unexpected finding concerned {rare}, which the clinical team had not"
    " considered.",
    "The team also looked briefly at {rare}, but there was too little data to go"
    " further.",
    "A related question about {rare} came up in testing and is noted for future work.",
)

WEBINAR = (
    "In this webinar, {staff} from {org} talk about their work on {area}.",
    "The speakers explain how they used {tech} and what they would do differently.",
    "There is a live demonstration of the {tool}, followed by questions from the"
    " audience.",
    "The session is aimed at {staff} and anyone thinking about a similar project.",
    "Attendees asked how the data was accessed and how long the work took.",
    "The recording and slides are available below.",
)

GUIDE = (
    "Start by agreeing the question with {staff} before looking at any data.",
    "Check early whether {data} is good enough for the job.",
    "Involve your information governance team from the first week.",
    "Write down how you will measure success, and measure the baseline before you"
    " begin.",
    "Keep the first version simple: a {adj} model that people trust is worth more"
    " than a complex one nobody uses.",
    "Plan how the model will be monitored once it is live, and who will retrain it.",
    "Publish your code under an open licence so that other trusts can reuse it.",
    "Make sure the {tool} fits into the way {staff} already work.",
    "Test the model on data from a later period and from other sites before you"
    " rely on it.",
    "Record every decision about the data so that the work can be audited.",
)

HEADINGS = (
    ("## The problem", "## What we did", "## What we found", "## Reusing this work"),
    ("## Background", "## Approach", "## Results", "## How to reuse it"),
    ("## Why we did this", "## How it works", "## Outcomes", "## Next steps"),
)

GUIDE_STEPS = (
    "Agree the problem",
    "Find the data",
    "Check information governance",
    "Build a baseline",
    "Train and validate",
    "Test with users",
    "Deploy and monitor",
    "Share and reuse",
)

WEBINAR_AGENDA = (
    "Introductions from {org}",
    "Why {area} matters",
    "How we used {tech}",
    "A demonstration of the {tool}",
    "What we learned",
    "Questions and answers",
)

LINK_SENTENCES = (
    "Read the [project report]({url}) for more detail.",
    "The [evaluation]({url}) describes the pilot in full.",
    "See the [code and documentation]({url}).",
    "There is a short [blog post]({url}) about the work.",
)

CODE_BLOCKS = (
    "```bash\npip install {package}\n{package} predict --input data.csv\n```",
    '```python\nfrom {module} import Model\n\nmodel = Model.from_config("config.yml")'
    "\npredictions = model.predict(data)\n```",
    '```r\nlibrary({module})\nfit <- train_model(admissions, outcome = "los")\n'
    "summary(fit)\n```",
)
