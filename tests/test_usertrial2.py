"""The second user trial: a new user ran every documented command on inputs of their own
(Markdown with footnotes, APA text, a .bib alone, a PDF, Latin-1, CRLF, empty, binary,
Arabic, Hebrew, CJK, a huge line) and hit these. Each input is written here; nothing is
read from outside the repository."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cli_run import run

APA = """Sleep and Memory

Sleep supports memory (Walker & Stickgold, 2006; Diekelmann & Born, 2010).
Rasch and Born (2013) review the mechanisms.

References

Diekelmann, S., & Born, J. (2010). The memory function of sleep. Nature Reviews
Neuroscience, 11(2), 114–126.

Rasch, B., & Born, J. (2013). About sleep's role in memory. Physiological
Reviews, 93(2), 681–766.

Walker, M. P., & Stickgold, R. (2006). Sleep, memory, and plasticity. Annual
Review of Psychology, 57, 139–166.
"""

USER_BIB = "@book{mine, author = {Me, Myself}, title = {My Own Entry}, year = 2001}\n"
USER_PDF = b"%PDF-1.4\n% the user's own paper\n"


def _doc(tmp_path: Path, name: str = "paper.txt", text: str = APA) -> Path:
    src = tmp_path / name
    src.write_text(text, "utf-8")
    return src


# ------------------------------------------------------------------ fix: what it may replace

@pytest.mark.parametrize(("name", "content"), [
    ("paper.pdf", USER_PDF),                       # the document as a PDF, kept beside its text
    ("page.html", b"<p>my page</p>\n"),
    ("refs.ris", b"TY  - BOOK\nER  - \n"),
    ("data.json", b'{"mine": true}\n'),
])
def test_fix_never_writes_text_over_a_file_of_another_kind(
        capsys, tmp_path: Path, offline: list[str], name: str, content: bytes) -> None:
    """`fix paper.txt -o paper.pdf` wrote the corrected entries, as text, over the PDF."""
    src = _doc(tmp_path)
    target = tmp_path / name
    target.write_bytes(content)
    code, _, err = run(capsys, "fix", str(src), "-o", str(target), *offline)
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err, err
    assert target.suffix in err
    assert target.read_bytes() == content
    assert not target.with_suffix(".bib").exists()  # nothing written beside it either


def test_fix_of_a_bib_never_writes_bibtex_over_a_markdown_file(
        capsys, tmp_path: Path, offline: list[str]) -> None:
    src = tmp_path / "refs.bib"
    src.write_text(USER_BIB, "utf-8")
    notes = tmp_path / "notes.md"
    notes.write_text("# My notes\n", "utf-8")
    code, _, err = run(capsys, "fix", str(src), "-o", str(notes), *offline)
    assert code == 2 and err.count("\n") == 1 and ".md" in err, err
    assert notes.read_text("utf-8") == "# My notes\n"


@pytest.mark.parametrize(("name", "content"), [
    ("refs.bib", USER_BIB.encode()),   # the changes list (JSON) over the user's bibliography
    ("notes.md", b"# notes\n"),
    ("paper.pdf", USER_PDF),
])
def test_fix_changes_list_never_replaces_a_file_of_another_kind(
        capsys, tmp_path: Path, offline: list[str], name: str, content: bytes) -> None:
    src = _doc(tmp_path)
    target = tmp_path / name
    target.write_bytes(content)
    code, _, err = run(capsys, "fix", str(src), "-o", str(tmp_path / "out.txt"),
                       "--changes", str(target), *offline)
    assert code == 2 and err.count("\n") == 1 and "--changes" in err and target.suffix in err, err
    assert target.read_bytes() == content
    assert not (tmp_path / "out.txt").exists() and not (tmp_path / "out.bib").exists()


@pytest.mark.parametrize("name", ["changes.json", "changes.log", "changes"])
def test_fix_changes_list_with_a_json_or_unknown_extension_is_written(
        capsys, tmp_path: Path, offline: list[str], name: str) -> None:
    src = _doc(tmp_path)
    code, _, err = run(capsys, "fix", str(src), "-o", str(tmp_path / "out.txt"),
                       "--changes", str(tmp_path / name), *offline)
    assert code == 0, err
    assert json.loads((tmp_path / name).read_text("utf-8")) == []


def test_fix_that_cannot_write_one_output_leaves_none_written(
        capsys, tmp_path: Path, offline: list[str]) -> None:
    """A changes list on a full device: the .bib and the text must not be left behind alone."""
    full = Path("/dev/full")
    if not full.exists():
        pytest.skip("no /dev/full on this system")
    src = _doc(tmp_path)
    out = tmp_path / "out.txt"
    code, _, err = run(capsys, "fix", str(src), "-o", str(out), "--changes", str(full), *offline)
    assert code == 2 and "Traceback" not in err and err.strip().splitlines()[-1].startswith(
        "citecheck: error:"), err
    assert not out.exists() and not out.with_suffix(".bib").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporaries


# ------------------------------------------------------------------ -o -: stdout, never a file "-"

@pytest.mark.parametrize(("command", "expect"), [("report", "Fix these first"),
                                                  ("export", "@article{")])
def test_dash_as_output_is_stdout(capsys, tmp_path: Path, monkeypatch, offline: list[str],
                                  command: str, expect: str) -> None:
    src = _doc(tmp_path)
    monkeypatch.chdir(tmp_path)
    extra = ["--fail-on", "none"] if command == "report" else []
    code, out, err = run(capsys, command, str(src), "-o", "-", *extra, *offline)
    assert code == 0, err
    assert expect in out
    assert not (tmp_path / "-").exists()


def test_dash_as_output_with_stdin_as_input_is_stdout(capsys, tmp_path: Path, monkeypatch,
                                                      offline: list[str]) -> None:
    import io
    import sys

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(APA.encode())))
    code, out, err = run(capsys, "export", "-", "-o", "-", *offline)
    assert code == 0, err
    assert "rasch2013about" in out and not (tmp_path / "-").exists()


def test_fix_to_dash_is_a_usage_error(capsys, tmp_path: Path, monkeypatch, offline: list[str]) -> None:
    src = _doc(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "fix", str(src), "-o", "-", *offline)
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err, err
    assert not any(p.name.startswith("-") for p in tmp_path.iterdir())


# ------------------------------------------------------------------ batch: the user's own files

@pytest.mark.parametrize("name", ["summary.json", "overview.html", "documents.csv"])
def test_batch_never_replaces_a_users_file_in_its_output_folder(
        capsys, tmp_path: Path, offline: list[str], name: str) -> None:
    src = _doc(tmp_path)
    out = tmp_path / "audit"
    out.mkdir()
    mine = out / name
    mine.write_text("my own file\n", "utf-8")
    code, _, err = run(capsys, "batch", str(src), "-o", str(out), *offline)
    assert code == 2 and err.count("\n") == 1 and name in err and "Traceback" not in err, err
    assert mine.read_text("utf-8") == "my own file\n"
    assert not (out / "results").exists()


def test_batch_run_again_replaces_what_it_wrote(capsys, tmp_path: Path, offline: list[str]) -> None:
    src = _doc(tmp_path)
    out = tmp_path / "audit"
    assert run(capsys, "batch", str(src), "-o", str(out), *offline)[0] == 0
    code, _, err = run(capsys, "batch", str(src), "-o", str(out), *offline)
    assert code == 0, err
    assert json.loads((out / "summary.json").read_text("utf-8"))["summary"]["documents"] == 1


def test_batch_list_that_names_no_file_is_one_line(capsys, tmp_path: Path, offline: list[str]) -> None:
    """`batch @paper.txt` (a document, not a list of paths): one line, exit 2, not a failure
    per line of the document."""
    src = _doc(tmp_path)
    code, _, err = run(capsys, "batch", f"@{src}", "-o", str(tmp_path / "audit"), *offline)
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err, err
    assert not (tmp_path / "audit").exists()


# ------------------------------------------------------------------ right-to-left and CJK lists

ARABIC = """الذاكرة والتاريخ

يناقش المؤرخون العلاقة بين الذاكرة والتاريخ [1] [2].

المراجع

[1] الجابري، محمد عابد. تكوين العقل العربي. بيروت: مركز دراسات الوحدة العربية، 1984.
[2] العروي، عبد الله. مفهوم التاريخ. الدار البيضاء: المركز الثقافي العربي، 1992.
"""

HEBREW = """זיכרון והיסטוריה

החוקרים דנים בזיכרון הקולקטיבי [1].

רשימת מקורות

[1] שלום, גרשם. שבתי צבי והתנועה השבתאית בימי חייו. תל אביב: עם עובד, 1957.
[2] כ"ץ, יעקב. מסורת ומשבר. ירושלים: מוסד ביאליק, 1958.
"""

PERSIAN = """حافظه و تاریخ

منابع

[1] زرین‌کوب، عبدالحسین. تاریخ مردم ایران. تهران: امیرکبیر، 1364.
[2] آدمیت، فریدون. اندیشه ترقی. تهران: خوارزمی، 1351.
"""


@pytest.mark.parametrize(("text", "n"), [(ARABIC, 2), (HEBREW, 2), (PERSIAN, 2)],
                         ids=["arabic", "hebrew", "persian"])
def test_a_right_to_left_bibliography_under_its_own_heading_is_found(
        capsys, tmp_path: Path, offline: list[str], text: str, n: int) -> None:
    src = _doc(tmp_path, "rtl.txt", text)
    code, out, err = run(capsys, "report", str(src), "-f", "json", *offline)
    assert code == 0, err
    report = json.loads(out)
    assert len(report["entries"]) == n
    assert [e["line"] for e in report["entries"]] == [7, 8] if text != PERSIAN else [5, 6]


@pytest.mark.parametrize("heading", ["المصادر والمراجع", "قائمة المراجع", "ביבליוגרפיה",
                                     "فهرست منابع", "引用文献", "參考文獻", "Tài liệu tham khảo"],
                         ids=["ar-sources", "ar-list", "he", "fa", "ja", "zh-hant", "vi"])
def test_more_headings_of_other_scripts(heading: str) -> None:
    from citecheck.locate import is_bibliography_heading

    assert is_bibliography_heading(heading)


def test_a_key_is_never_made_of_digits_alone() -> None:
    """'王笛. 街头文化：…, 1870-1930. 北京: …, 2006.' got the key '187020061930': the
    years of a title in a script citecheck cannot spell in ASCII are no key words."""
    from citecheck.keys import base_key
    from citecheck.models import Fields

    key = base_key(Fields(title="王笛. 街头文化：成都公共空间, 1870-1930", year="2006"))
    assert re.match(r"^[a-z]", key) and "1870" not in key and "1930" not in key, key
    assert base_key(Fields(title="1984", year="1949")).startswith("anon")
    # a title with words still gives them
    assert base_key(Fields(title="Moscow 1937", year="2004")) == "moscow20041937"


@pytest.mark.parametrize(("raw", "type_", "fields"), [
    ("石田頼房『日本近代都市計画の百年』自治体研究社, 1987年.", "book",
     {"title": "日本近代都市計画の百年", "publisher": "自治体研究社", "year": "1987",
      "author": ["石田頼房"]}),
    ("越沢明『東京の都市計画』岩波書店, 1991年.", "book",
     {"title": "東京の都市計画", "publisher": "岩波書店", "year": "1991", "author": ["越沢明"]}),
    ("成田龍一「近代都市空間の文化経験」『思想』第845号, 1994年, 45-67頁.", "article",
     {"title": "近代都市空間の文化経験", "journal": "思想", "year": "1994", "pages": "45--67",
      "author": ["成田龍一"]}),
    ("王笛：《街头文化》，北京：中国人民大学出版社，2006年。", "book",
     {"title": "街头文化", "publisher": "中国人民大学出版社", "address": "北京", "year": "2006",
      "author": ["王笛"]}),
], ids=["ja-book", "ja-book2", "ja-article", "zh-book"])
def test_a_cjk_title_in_its_own_title_marks_is_the_title(raw: str, type_: str, fields: dict) -> None:
    """Japanese 『書名』「論文名」 and Chinese 《书名》 mark the title: the CRF, trained on
    Latin script, left these without one (reported as 'misc lacks title')."""
    from citecheck.parse import parse_reference

    ref = parse_reference(raw)
    got = ref.fields.bibtex()
    assert ref.type == type_, (ref.type, got)
    for name, value in fields.items():
        assert got.get(name) == value, (name, got)


# ------------------------------------------------------------------ the report says one thing

CORAL = """Coral reefs

Reefs bleach more often [1], and recovery is slow [2].

References

[1] Hughes, T. P. et al. Global warming and recurrent mass bleaching of corals. Nature 543, 373-377 (2017).
[2] Graham, N. A. J. et al. Predicting climate-driven regime shifts versus rebound potential in coral reefs. Nature 518, 94-97 (2015).
[3] Bellwood, D. R. et al. Confronting the coral reef crisis. Nature 429, 827-833 (2004).
"""


def test_citation_problems_counted_as_fail_on_counts_them(
        capsys, tmp_path: Path, offline: list[str]) -> None:
    """An entry never cited is said, but it is not a citation problem: the summary said
    'citation problems 1' while Fix these first had nothing and --fail-on citations passed."""
    src = _doc(tmp_path, "coral.txt", CORAL)
    code, out, err = run(capsys, "report", str(src), "--fail-on", "citations", *offline)
    assert code == 0, err
    assert "Fix these first: nothing found" in out
    assert not re.search(r"citation problems +[1-9]", out), out
    assert re.search(r"never cited +1\n", out) and "bellwood2004confronting" in out
    code, out, err = run(capsys, "report", str(src), "-f", "html", *offline, "--fail-on", "none")
    assert not re.search(r'data-count="citation-problems"><span class="n">[1-9]', out)


NOTES_MD = """# Urban heat

Street trees cool the air.[^1] Canopy lowers deaths.[^2]

[^1]: Bowler, D. E., Buyung-Ali, L., Knight, T. M., & Pullin, A. S. (2010). Urban greening to cool towns and cities: A systematic review of the empirical evidence. *Landscape and Urban Planning*, 97(3), 147–155.
[^2]: Oke, T. R. (1982). The energetic basis of the urban heat island. *Quarterly Journal of the Royal Meteorological Society*, 108(455), 1–24.

## Further reading

1. Oke, T. R. (1982). The energetic basis of the urban heat island. *Quarterly Journal of the Royal Meteorological Society*, 108(455), 1–24.
2. Santamouris, M. (2014). Cooling the cities. *Solar Energy*, 103, 682–703.
"""


def test_a_note_quoted_in_part_says_so(capsys, tmp_path: Path, offline: list[str]) -> None:
    """'… Urban greening to cool towns a (note 1, line 5)': a citation cut mid-word with no
    mark that it was cut."""
    src = _doc(tmp_path, "heat.md", NOTES_MD)
    code, out, err = run(capsys, "report", str(src), "-f", "json", *offline)
    assert code == 0, err
    [unlisted] = json.loads(out)["footnotes"]["unlisted_in_notes"]
    text = unlisted["text"]
    assert text.startswith("Bowler, D. E.") and text.endswith("…"), text
    # cut between words: the word before the mark is a whole word of the note
    last = text[:-1].split()[-1]
    assert re.search(rf"(?<!\S){re.escape(last)}(?!\S)", NOTES_MD), last


# added while fixing the above: the same conventions in the other scripts of the trial, and
# what is left to the labeller (which learnt Korean and Chinese Vancouver references)
@pytest.mark.parametrize(("raw", "type_", "fields"), [
    ("الجابري، محمد عابد. تكوين العقل العربي. بيروت: مركز دراسات الوحدة العربية، ١٩٨٤.", "book",
     {"author": ["الجابري, محمد عابد"], "title": "تكوين العقل العربي", "address": "بيروت",
      "publisher": "مركز دراسات الوحدة العربية", "year": "1984"}),
    ("شلبي، أحمد. تاريخ التربية. مجلة الدراسات، ١٢(٣)، ٤٥-٦٧، ١٩٩٠.", "article",
     {"title": "تاريخ التربية", "journal": "مجلة الدراسات", "volume": "12", "number": "3",
      "pages": "45--67", "year": "1990"}),
    ("שלום, גרשם. שבתי צבי והתנועה השבתאית בימי חייו. תל אביב: עם עובד, 1957.", "book",
     {"author": ["שלום, גרשם"], "title": "שבתי צבי והתנועה השבתאית בימי חייו",
      "address": "תל אביב", "publisher": "עם עובד", "year": "1957"}),
    ("김백영. 지배와 공간: 식민지도시 경성과 제국 일본. 서울: 문학과지성사, 2009.", "book",
     {"author": ["김백영"], "title": "지배와 공간: 식민지도시 경성과 제국 일본", "address": "서울",
      "publisher": "문학과지성사", "year": "2009"}),
    ("辛宏, 李佳颖. 医学生BMI 与体质测试指标相关性[J].中国公共卫生,2017,33(12):1764-1766.",
     "article", {"author": ["辛宏", "李佳颖"], "journal": "中国公共卫生", "volume": "33",
                 "number": "12", "pages": "1764--1766", "year": "2017"}),
    ("李明. 城市空间研究[D]. 北京: 清华大学, 2010.", "phdthesis",
     {"title": "城市空间研究", "school": "清华大学", "year": "2010"}),
], ids=["ar-book", "ar-article-indic-digits", "he-book", "ko-book", "gbt-article", "gbt-thesis"])
def test_a_reference_in_a_script_without_capitals_by_its_full_stops(
        raw: str, type_: str, fields: dict) -> None:
    from citecheck.parse import parse_reference

    ref = parse_reference(raw)
    got = ref.fields.bibtex()
    assert ref.type == type_, (ref.type, got)
    for name, value in fields.items():
        assert got.get(name) == value, (name, got)


@pytest.mark.parametrize("raw", [
    "김경양. 중도 장애학생을 위한 AAC 키보드 개발. 한국디지털콘텐츠학회논문지 2019;20(5):917-925.",
    "周兵, 周杰. 灼口汤治疗阴虚型灼口综合征观察. 临床口腔医学杂志2012;28(4):217-8.",
    "심병연, '가. 의사의 설명의무, 나. 손해배상의 범위', 대법원판례해설 제21호, 1994.",
    "Smith, J. (2020). A title. Journal, 1(2), 3-4.",
    "Иванов И. И. История России. М.: Наука, 1990.",
])
def test_the_rules_leave_other_shapes_to_the_labeller(raw: str) -> None:
    from citecheck.parse.caseless import parse_caseless

    assert parse_caseless(raw) is None


def test_the_html_report_lets_a_right_to_left_entry_run_right_to_left(
        capsys, tmp_path: Path, offline: list[str]) -> None:
    """In the HTML report '[1] الجابري، … العربية، 1984.' was laid out left to right: the
    closing full stop at the far right, after the Arabic run. Text from the document takes its
    direction from its own first letter (dir="auto"), in the entry's quote and its fields."""
    src = _doc(tmp_path, "rtl.txt", ARABIC)
    code, out, err = run(capsys, "report", str(src), "-f", "html", *offline)
    assert code == 0, err
    assert out.count('<blockquote class="raw" dir="auto">') == 2
    assert re.search(r'<td dir="auto">[^<]*تكوين العقل العربي', out)


# ------------------------------------------------------------------ --help and the README agree

ROOT = Path(__file__).resolve().parent.parent


def _readme_usage() -> dict[str, set[str]]:
    text = (ROOT / "README.md").read_text("utf-8")
    block = text.split("## Usage", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    network = re.search(r"also take the network options\s*`(.*?)`\s*\(", text, re.S)
    assert network, "the README's list of network options"
    shared = set(re.findall(r"(?<![\w-])--?[a-z][\w-]*", network.group(1)))
    usage: dict[str, set[str]] = {}
    for line in block.splitlines():
        m = re.match(r"citecheck (\w+)(.*)", line)
        if m:
            flags = set(re.findall(r"(?<![\w-])--?[a-z][\w-]*", m.group(2).split("#")[0]))
            usage[m.group(1)] = flags | (shared if m.group(1) in ("report", "export", "fix", "batch")
                                         else set())
    return usage


@pytest.mark.parametrize("command", ["report", "export", "parse", "fix", "schema", "batch"])
def test_every_option_in_help_is_in_the_readme_usage_and_back(command: str) -> None:
    from citecheck.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices[command]
    actions = [set(a.option_strings) for a in sub._actions
               if a.option_strings and a.help != "==SUPPRESS==" and "--help" not in a.option_strings]
    documented = _readme_usage()[command]
    # an option is documented under any of its names (-o or --output)
    assert {f for f in documented if not any(f in names for names in actions)} == set(), \
        f"README names options {command} --help lacks"
    assert [sorted(names) for names in actions if not names & documented] == [], \
        f"{command} --help names options the README's Usage lacks"


def test_a_title_with_commas_before_an_imprint_is_one_title() -> None:
    """The Latin-1 trial document: 'La mémoire, l'histoire, l'oubli' was cut at its first comma
    and the rest made a journal, with no volume or pages, before 'Paris : Seuil, 2000.'"""
    from citecheck.parse import parse_reference

    ref = parse_reference("Ricœur, Paul. La mémoire, l'histoire, l'oubli. Paris : Seuil, 2000.")
    assert ref.type == "book" and ref.fields.title == "La mémoire, l'histoire, l'oubli"
    assert ref.fields.journal is None and ref.fields.publisher == "Seuil"
    # an article keeps its journal: it has numbers
    art = parse_reference("Nora, Pierre. Between memory and history, Representations, 26, 7-24, 1989.")
    assert art.type == "article" and art.fields.journal == "Representations"


def test_ascii_names_many_characters_without_an_escape_in_a_short_line(
        capsys, tmp_path: Path, offline: list[str]) -> None:
    """`export cjk.txt --ascii` listed 82 characters one by one on one stderr line: with many,
    the line counts them by script and shows a few."""
    cjk = ("近代日本の都市計画\n\n参考文献\n\n"
           "[1] 石田頼房『日本近代都市計画の百年』自治体研究社, 1987年.\n"
           "[2] 越沢明『東京の都市計画』岩波書店, 1991年.\n"
           "[3] 김백영. 지배와 공간: 식민지도시 경성과 제국 일본. 서울: 문학과지성사, 2009.\n")
    src = _doc(tmp_path, "cjk.txt", cjk)
    code, out, err = run(capsys, "export", str(src), "--ascii", *offline)
    assert code == 0, err
    [line] = [ln for ln in err.splitlines() if "no LaTeX escape" in ln]
    assert len(line) < 300, line
    assert "U+" in line and re.search(r"\d+ characters", line) and "CJK" in line and "HANGUL" in line
