"""Bodies to sanitised HTML and to plain text; hostile content never survives."""

from __future__ import annotations

import pytest

from catalogue.collection import load_catalogue
from catalogue.render import plain_text, render_markdown

ENTRY = "---\ntitle: {title}\nsummary: {summary}\ntype: project\n---\n{body}\n"

#: Payloads and the text that must not be in the HTML they render to.
PAYLOADS = [
    ("<script>alert(1)</script>", "<script"),
    ("<SCRIPT SRC=https://evil.example/x.js></SCRIPT>", "evil.example"),
    ('<img src=x onerror="alert(2)">', "onerror"),
    ("<img src=x onerror=alert(2)//>", "alert"),
    ('<svg onload="alert(3)"></svg>', "onload"),
    ('<p onclick="alert(4)">para</p>', "onclick"),
    ('<details open ontoggle="alert(5)"><summary>s</summary></details>', "ontoggle"),
    ("[click](javascript:alert(6))", "javascript:"),
    ("[click](JaVaScRiPt:alert(6))", "alert"),
    ("[click](&#106;avascript:alert(6))", "alert"),
    ('<a href="java&#x09;script:alert(7)">x</a>', "alert"),
    ("[x][ref]\n\n[ref]: javascript:alert(8)", "javascript:"),
    ("<javascript:alert(9)>", "alert"),
    ('<a href="vbscript:msgbox(10)">x</a>', "vbscript:"),
    ("![x](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
    ('<a href="data:text/html,<script>alert(11)</script>">d</a>', "data:"),
    ('<iframe src="https://evil.example"></iframe>', "<iframe"),
    ("<style>body{display:none}</style>", "<style"),
    ('<img src="x" style="background:url(javascript:alert(12))">', "style="),
    ('<form action="https://evil.example"><input name=x></form>', "<form"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example">', "<meta"),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(13)>", "onerror"),
]


@pytest.mark.parametrize(
    ("payload", "banned"), PAYLOADS, ids=[p[0][:30] for p in PAYLOADS]
)
def test_payloads_in_a_body_are_removed(payload, banned):
    html = render_markdown(f"Before.\n\n{payload}\n\nAfter.")
    assert banned.lower() not in html.lower(), html
    assert html.startswith("<p>Before.</p>")  # the text around it is kept


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        (
            "[report](https://example.org/r.pdf)",
            '<p><a href="https://example.org/r.pdf" rel="noopener noreferrer">'
            "report</a></p>",
        ),
        (
            "[ask](mailto:team@example.nhs.uk)",
            '<p><a href="mailto:team@example.nhs.uk" rel="noopener noreferrer">'
            "ask</a></p>",
        ),
        (
            "[click](javascript:alert(1))",
            '<p><a rel="noopener noreferrer">click</a></p>',
        ),
        (
            "![chart](https://example.org/c.png)",
            '<p><img alt="chart" src="https://example.org/c.png"></p>',
        ),
        ('<p onclick="x()">text</p>', "<p>text</p>"),
    ],
)
def test_safe_links_stay_and_unsafe_ones_lose_their_address(markdown, html):
    assert render_markdown(markdown) == html


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "'<script>alert(1)</script>'"),
        ("title", "'<img src=x onerror=alert(2)>'"),
        ("summary", "'<a href=\"javascript:alert(3)\">x</a>'"),
        ("summary", "'[x](data:text/html,hi)'"),
    ],
)
def test_payloads_in_front_matter_stay_plain_text(tmp_path, write_entry, field, value):
    fields = {"title": "Bed finder", "summary": "Finds a bed.", field: value}
    write_entry(tmp_path, "a.md", ENTRY.format(body="Body.", **fields))
    found = load_catalogue(tmp_path).entries["a"]
    assert getattr(found, field) == value.strip("'")  # kept as text: pages escape it
    assert found.html == "<p>Body.</p>"  # and it never reaches the rendered body


@pytest.mark.parametrize(
    "line",
    [
        "code: 'javascript:alert(1)'",
        "links: [{title: Report, url: 'javascript:alert(1)'}]",
        "links: [{title: Report, url: 'data:text/html;base64,PHNjcmlwdD4='}]",
        "event: {date: 2022, recording: 'javascript:alert(1)'}",
        "event: {date: 2022, slides: 'data:application/pdf;base64,AAAA'}",
    ],
)
def test_script_and_data_addresses_in_front_matter_are_errors(
    tmp_path, write_entry, line
):
    text = ENTRY.format(title="t", summary="s", body="Body.").replace(
        "type: project\n", f"type: project\n{line}\n"
    )
    write_entry(tmp_path, "a.md", text)
    catalogue = load_catalogue(tmp_path)
    assert catalogue.entries == {}  # left out, so never shown
    assert [(p.severity, p.message.split("' is ")[-1]) for p in catalogue.problems] == [
        ("error", "not a web address")
    ]


def test_payloads_in_every_part_of_an_entry_never_reach_its_html(tmp_entries):
    hostile = "\n\n".join(payload for payload, _banned in PAYLOADS)
    path = tmp_entries / "guidance" / "what-counts-as-ai.md"
    path.write_text(path.read_text(encoding="utf-8") + hostile, encoding="utf-8")
    html = load_catalogue(tmp_entries).entries["what-counts-as-ai"].html
    for banned in ("<script", "onerror", "onload", "javascript:", "data:", "<style"):
        assert banned not in html.lower(), html


def test_headings_get_ids_and_a_body_h1_moves_below_the_title():
    html = render_markdown("# Background\n\n## Data used\n\n###### Small")
    assert html == (
        '<h2 id="h-background">Background</h2>\n'
        '<h3 id="h-data-used">Data used</h3>\n'
        '<h6 id="h-small">Small</h6>'
    )


def test_h2_headings_stay_h2():
    assert render_markdown("## Results") == '<h2 id="h-results">Results</h2>'


def test_tables_render(good_dir):
    html = load_catalogue(good_dir).entries["discharge-delay-predictor"].html
    assert "<th>Feature group</th>" in html
    assert "<td>admissions in the last year</td>" in html


def test_fenced_code_keeps_its_language_and_is_escaped():
    html = render_markdown("```python\nif a < b:\n    print('<b>')\n```")
    assert html == (
        '<pre><code class="language-python">if a &lt; b:\n'
        "    print('&lt;b&gt;')\n</code></pre>"
    )


def test_the_html_is_worked_out_once(good_dir):
    found = load_catalogue(good_dir).entries["what-counts-as-ai"]
    assert found.html is found.html
    assert found.__html__() == found.html


def test_plain_text_keeps_only_the_words():
    markdown = (
        "## Results\n\n"
        "- **Fewer** delays, see [the report](https://example.org/r) and"
        " ![a chart](c.png) <https://example.org/>\n"
        "1. `score` <b>bold</b>\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "> quoted\n\n"
        "```python\nprint(1)\n```\n"
    )
    assert plain_text(markdown) == (
        # issue 14: a separator after the heading's words
        "Results – Fewer delays, see the report and a chart score bold a b 1 2"
        " quoted print(1)"
    )


@pytest.mark.parametrize(
    "body",
    [
        "\n" * 40_000,  # 17 s when a pattern began with ^\s*
        " \n" * 40_000,
        "[" * 40_000,
        "![" * 40_000,
        "[a](" * 40_000,
        "<https:" * 40_000,
        "".join(" " * 4 * i + "- x\n" for i in range(400)),  # 38 s at 200 lines
        " " * 200_000 + "-",
        "- " * 100_000,
        "| --- " * 40_000,
        "<a " * 60_000,
    ],
    ids=[
        "blank-lines",
        "spaces",
        "brackets",
        "images",
        "links",
        "autolinks",
        "indented-lists",
        "long-indent",
        "list-markers",
        "table-rule",
        "unclosed-tags",
    ],
)
def test_plain_text_of_a_hostile_body_is_linear(body, finishes):
    assert finishes(plain_text, body)


def test_plain_text_keeps_a_separator_where_a_heading_was():
    text = plain_text(
        "Intro.\n\n## The problem ##\n\nPatients stay.\n\n### Results\nDone"
    )
    assert text == "Intro. The problem – Patients stay. Results – Done"
