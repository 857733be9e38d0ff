"""The controlled vocabulary: aliases fold to one canonical value; typos are caught."""

from __future__ import annotations

import pytest

from catalogue.collection import load_catalogue
from catalogue.vocabulary import (
    BUNDLED,
    GROUPS,
    Term,
    Vocabulary,
    load_vocabulary,
    normalise,
    vocabulary_file,
    vocabulary_from_dict,
)

VOCABULARY = """\
problem_areas:
  - name: Length of stay
    aliases: [LoS, long stay]
techniques:
  - name: Natural language processing
    aliases: [NLP]
  - name: Computer vision
organisations:
  - name: Fenmoor Hospitals NHS Foundation Trust
    aliases: [Fenmoor]
    url: https://fenmoor.example.nhs.uk/
"""
#: A value without a name, then one whose alias clashes with the first value.
NAMELESS = "techniques:\n  - name: A\n  - aliases: [x]\n  - name: B\n    aliases: [a]\n"


@pytest.fixture(scope="module")
def vocabulary(good_dir) -> Vocabulary:
    found, problems = load_vocabulary(good_dir / "vocabulary.yml")
    assert problems == []
    return found


@pytest.fixture(scope="module")
def good(good_dir):
    return load_catalogue(good_dir)


def load_text(tmp_path, text: str) -> tuple[Vocabulary, list[str]]:
    path = tmp_path / "vocabulary.yml"
    path.write_text(text, encoding="utf-8")
    found, problems = load_vocabulary(path, "entries/vocabulary.yml")
    return found, [p.format() for p in problems]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Natural-Language  Processing", "natural language processing"),
        ("NLP", "nlp"),
        ("Parkinson's", "parkinsons"),
        ("Parkinson\u2019s", "parkinsons"),
        ("bed_tetris", "bed tetris"),
        ("A&E", "a&e"),
    ],
)
def test_normalise(written, expected):
    assert normalise(written) == expected


@pytest.mark.parametrize(
    ("group", "written", "canonical"),
    [
        ("techniques", "NLP", "Natural language processing"),
        ("techniques", "nlp", "Natural language processing"),
        ("techniques", "natural-language processing", "Natural language processing"),
        ("techniques", "Text Mining", "Natural language processing"),
        ("problem_areas", "LoS", "Length of stay"),
        ("problem_areas", "long stay", "Length of stay"),
        ("problem_areas", "Length of stay", "Length of stay"),
        ("problem_areas", "a&e", "Urgent and emergency care"),
        ("organisations", "WUH", "Westbridge University Hospitals NHS Trust"),
    ],
)
def test_an_alias_folds_to_its_canonical_name(vocabulary, group, written, canonical):
    assert vocabulary.canonical(group, written) == canonical


def test_an_alias_of_one_group_means_nothing_in_another(vocabulary):
    assert vocabulary.canonical("problem_areas", "NLP") is None


@pytest.mark.parametrize(
    ("group", "written", "closest"),
    [
        ("techniques", "Computer visoin", "Computer vision"),
        ("techniques", "gradient-boosted", "Gradient boosting"),
        ("problem_areas", "Lenght of stay", "Length of stay"),
        ("techniques", "Quantum annealing", None),
    ],
)
def test_the_closest_known_value_is_suggested(vocabulary, group, written, closest):
    assert vocabulary.closest(group, written) == closest


def test_entries_show_the_canonical_names(good):
    predictor = good.entries["discharge-delay-predictor"]
    assert predictor.problem_areas == ("Length of stay",)  # written `LoS`
    assert predictor.techniques == ("Gradient boosting", "Time series forecasting")
    assert predictor.organisation == "Fenmoor Hospitals NHS Foundation Trust"
    assert predictor.partners == ("Lumen Data Ltd",)  # written `Lumen`
    assert good.entries["clinic-letter-coder"].techniques == (
        "Natural language processing",  # written `NLP`
    )


def test_adopters_show_the_canonical_names(good):
    adopters = good.entries["ambulance-handover-forecast"].adopters
    assert [a.organisation for a in adopters] == [
        "Fenmoor Hospitals NHS Foundation Trust",  # written `Fenmoor`
        "Westbridge University Hospitals NHS Trust",  # written `Westbridge`
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param(
            "techniques: [Computer visoin]",
            "entries/a.md:5: techniques[0]: warning: 'Computer visoin' is not in the"
            " vocabulary of techniques\n    fix: did you mean 'Computer vision'? use a"
            " value from the techniques in vocabulary.yml, or add 'Computer visoin'"
            " there",
            id="technique-with-suggestion",
        ),
        pytest.param(
            "problem_areas: Quantum",
            "entries/a.md:5: problem_areas: warning: 'Quantum' is not in the"
            " vocabulary of problem areas\n    fix: use a value from the problem areas"
            " in vocabulary.yml, or add 'Quantum' there",
            id="problem-area-without-suggestion",
        ),
        pytest.param(
            "organisation: Fenmor",
            "entries/a.md:5: organisation: warning: 'Fenmor' is not in the vocabulary"
            " of organisations\n    fix: did you mean 'Fenmoor Hospitals NHS"
            " Foundation Trust'? use a value from the organisations in"
            " vocabulary.yml, or add 'Fenmor' there",
            id="organisation-alias-typo",
        ),
        pytest.param(
            "adopters: [{organisation: Nowhere Trust, status: exploring}]",
            "entries/a.md:5: adopters[0].organisation: warning: 'Nowhere Trust' is"
            " not in the vocabulary of organisations\n    fix: use a value from the"
            " organisations in vocabulary.yml, or add 'Nowhere Trust' there",
            id="adopter",
        ),
    ],
)
def test_an_unknown_value_is_a_warning(tmp_path, write_entry, line, expected):
    write_entry(tmp_path, "vocabulary.yml", VOCABULARY)
    write_entry(
        tmp_path, "a.md", f"---\ntitle: t\nsummary: s\ntype: project\n{line}\n---\n"
    )
    catalogue = load_catalogue(tmp_path, shown_root="entries")
    assert [p.format() for p in catalogue.problems] == [expected]
    assert list(catalogue.entries) == ["a"]


def test_an_unknown_value_is_kept_as_written(tmp_path, write_entry):
    write_entry(tmp_path, "vocabulary.yml", VOCABULARY)
    text = "---\ntitle: t\nsummary: s\ntype: project\ntechniques: [NLP, Quantum]\n---\n"
    write_entry(tmp_path, "a.md", text)
    found = load_catalogue(tmp_path).entries["a"]
    assert found.techniques == ("Natural language processing", "Quantum")


def test_the_corpus_vocabulary_reads_every_field(vocabulary):
    assert vocabulary.term(
        "organisations", "Fenmoor Hospitals NHS Foundation Trust"
    ) == (
        Term(
            "Fenmoor Hospitals NHS Foundation Trust",
            ("Fenmoor",),
            "https://fenmoor.example.nhs.uk/",
            "acute trust",
        )
    )
    assert vocabulary.term("techniques", "No such technique") is None


def test_a_missing_vocabulary_is_empty(tmp_path):
    found, problems = load_vocabulary(tmp_path / "vocabulary.yml")
    assert problems == []
    assert found.canonical("techniques", "NLP") is None


def test_it_round_trips_through_plain_data(vocabulary):
    again = vocabulary_from_dict(vocabulary.to_dict())
    assert again.to_dict() == vocabulary.to_dict()
    assert again.digest == vocabulary.digest


def test_the_digest_changes_with_an_alias(tmp_path):
    before, _ = load_text(tmp_path, VOCABULARY)
    after, _ = load_text(tmp_path, VOCABULARY.replace("[NLP]", "[NLP, text mining]"))
    assert before.digest != after.digest


@pytest.mark.parametrize(
    ("aliases", "expected"),
    [
        ("aliases: NLP", ("NLP",)),
        ("aliases: 2020", ("2020",)),
        ("aliases: []", ()),
        ("aliases: ['', ' text mining ']", ("text mining",)),
    ],
)
def test_aliases_may_be_one_value(tmp_path, aliases, expected):
    found, problems = load_text(
        tmp_path, f"techniques:\n  - name: NLP tool\n    {aliases}\n"
    )
    assert problems == []
    assert found.term("techniques", "NLP tool").aliases == expected


def test_a_value_may_be_just_its_name(tmp_path):
    found, problems = load_text(tmp_path, "techniques:\n  - Computer vision\n")
    assert problems == [] and found.canonical("techniques", "computer vision")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            VOCABULARY + "  - name: Fenmoor Community Trust\n    aliases: [Fenmoor]\n",
            "entries/vocabulary.yml:12: organisations[1]: error: 'Fenmoor' already"
            " stands for 'Fenmoor Hospitals NHS Foundation Trust'\n"
            "    fix: remove it from one of the two values",
            id="alias-of-two-values",
        ),
        pytest.param(
            NAMELESS,
            "entries/vocabulary.yml:3: techniques[1]: error: has no name\n"
            "    fix: give the value a `name: ...` line",
            id="no-name",
        ),
        pytest.param(
            VOCABULARY.replace(
                "https://fenmoor.example.nhs.uk/", "javascript:alert(1)"
            ),
            "entries/vocabulary.yml:11: organisations[0].url: error:"
            " 'javascript:alert(1)' is not a web address, so it is not shown\n"
            "    fix: write the full address, starting with https://",
            id="website-not-a-web-address",
        ),
        pytest.param(
            "techniques: NLP\n",
            "entries/vocabulary.yml:1: techniques: error: must be a list of values\n"
            "    fix: write each value as a `- name: ...` line under the group",
            id="group-not-a-list",
        ),
        pytest.param(
            "techniques:\n  - name: [A\n",
            "entries/vocabulary.yml:3: yaml: error: the YAML cannot be read: while"
            " parsing a flow sequence did not find expected ',' or ']'\n    fix: check"
            " the indentation and quoting on that line: a value containing ': ' or"
            " starting with [ { * & ! % @ or ` needs quotes around it",
            id="bad-yaml",
        ),
    ],
)
def test_vocabulary_problems(tmp_path, text, expected):
    assert expected in load_text(tmp_path, text)[1]


def test_a_clash_after_a_nameless_value_names_the_right_line(tmp_path):
    assert load_text(tmp_path, NAMELESS)[1][1] == (
        "entries/vocabulary.yml:4: techniques[2]: error: 'a' already stands for 'A'\n"
        "    fix: remove it from one of the two values"
    )


def test_a_vocabulary_that_is_not_utf8_is_reported(tmp_path):
    path = tmp_path / "vocabulary.yml"
    path.write_bytes(b"techniques:\n  - name: Caf\xe9\n")
    found, problems = load_vocabulary(path, "entries/vocabulary.yml")
    assert [str(p) for p in problems] == [
        "entries/vocabulary.yml:2: file: error: the file is not UTF-8 text"
        " (byte 0xe9 at offset 25)"
    ]
    assert problems[0].fix == "save the file with UTF-8 encoding in your editor"
    assert found.groups == {group: [] for group in GROUPS}


def test_a_broken_vocabulary_never_stops_the_entries(tmp_entries):
    (tmp_entries / "vocabulary.yml").write_text("techniques: [\n", encoding="utf-8")
    catalogue = load_catalogue(tmp_entries, shown_root="entries")
    assert len(catalogue.entries) == 10
    assert (
        "entries/vocabulary.yml:2: yaml: error: the YAML cannot be read: while parsing"
        " a flow node did not find expected node content"
    ) in [str(p) for p in catalogue.problems]


def test_a_vocabulary_gets_the_protections_of_entries(tmp_path):
    real = tmp_path / "elsewhere.yml"
    real.write_text("techniques:\n  - name: Linked\n", encoding="utf-8")
    link = tmp_path / "link" / "vocabulary.yml"
    link.parent.mkdir()
    link.symlink_to(real)
    big = tmp_path / "big" / "vocabulary.yml"
    big.parent.mkdir()
    big.write_bytes(b"techniques: []\n" + b"#" * (1024 * 1024))
    binary = tmp_path / "binary" / "vocabulary.yml"
    binary.parent.mkdir()
    binary.write_bytes(b"techniques:\n\x00\x01")
    shown = "entries/vocabulary.yml"
    assert [
        p.format()
        for path in (link, big, binary)
        for p in load_vocabulary(path, shown)[1]
    ] == [
        "entries/vocabulary.yml: file: error: the file is a symbolic link, which is"
        " never followed\n    fix: replace the link with the file itself",
        "entries/vocabulary.yml: file: error: the file is 1,048,591 bytes; the limit"
        " is 1 MiB\n    fix: remove values no entry uses; a vocabulary needs far"
        " less than 1 MiB",
        "entries/vocabulary.yml:2: file: error: the file is a binary file, not"
        " YAML text\n    fix: save the vocabulary as plain UTF-8 text",
    ]


def test_an_empty_vocabulary_file_is_an_empty_vocabulary(tmp_path):
    path = tmp_path / "vocabulary.yml"
    path.write_text("\n", encoding="utf-8")
    found, problems = load_vocabulary(path)
    assert problems == [] and found.groups["techniques"] == []


def test_a_folder_without_a_vocabulary_uses_the_bundled_one(tmp_path):
    assert vocabulary_file(tmp_path) == BUNDLED
    (tmp_path / "vocabulary.yml").write_text("techniques: []\n", encoding="utf-8")
    assert vocabulary_file(tmp_path) == tmp_path / "vocabulary.yml"
    bundled, problems = load_vocabulary(BUNDLED)
    assert problems == []
    assert bundled.canonical("techniques", "NLP") == "Natural language processing"
