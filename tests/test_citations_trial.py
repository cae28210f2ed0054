"""Citations in the running text, tried as a user would (citetrial branch).

Each case is a small document written for this trial (invented text; the works are real or
invented) run through the whole offline pipeline, with what a careful reader expects: which
entry each citation names (a link is the citation's line and the cited entry's first line, a
note marker linking through its note), and the problems -- cited but not listed, out of range,
a year that differs, an uncertain marker, an entry never cited. Lines are given by a piece of
their text (unique in the document), so the cases read as the documents do.

The 61 cases were written before running the tool on them; 18 of them failed on main (143e0da).
Added after: the renamed group's abbreviation ('[CDC]', found by the bench document
apa-trial-groups.md) and the look-alikes the new rules must leave alone.
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import pytest

from citecheck import pipeline
from citecheck.config import RunOptions, Settings

OFFLINE = RunOptions(offline=True, links=False, resolve=False)
ROOT = Path(__file__).resolve().parent.parent

_spec = importlib.util.spec_from_file_location("citations_bench", ROOT / "bench" / "citations_bench.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)  # type: ignore[union-attr]


def line_of(lines: list[str], piece: str | int) -> int:
    """The 1-based number of the one line holding *piece* ('^piece': starting with it)."""
    if isinstance(piece, int):
        return piece
    if piece.startswith("^"):
        found = [i for i, text in enumerate(lines, 1) if text.startswith(piece[1:])]
    else:
        found = [i for i, text in enumerate(lines, 1) if piece in text]
    assert len(found) == 1, f"{piece!r} is on lines {found}"
    return found[0]


def run_case(tmp_path: Path, name: str, text: str, *, style: str, links: list, problems: list,
             bib: str | None = None):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    settings = Settings(cache_dir=tmp_path / "cache")
    if bib is None:
        report = pipeline.build_report(path, settings, options=OFFLINE)
    else:
        from citecheck.cli import with_bib
        from citecheck.ingest import read_document

        bib_path = tmp_path / "refs.bib"
        bib_path.write_text(bib, encoding="utf-8")
        doc = with_bib(read_document(path), bib_path, settings)
        report = pipeline.check_sync(doc, OFFLINE, settings=settings).report
    lines = text.split("\n")
    entry_lines = bib.split("\n") if bib is not None else lines
    gold_links = Counter((line_of(lines, c), line_of(entry_lines, e)) for c, e in links)
    gold_problems = Counter(
        (kind, line_of(entry_lines if kind == "uncited" else lines, where)) for kind, where in problems)
    got_links, got_problems = bench.predicted(report)
    assert (report.footnotes.style, dict(got_links), dict(got_problems)) == (
        style, dict(gold_links), dict(gold_problems))
    return report


# =========================================================================== numbered: IEEE

IEEE_REFS = """
References

[1] A. M. Turing, "Computing machinery and intelligence," Mind, vol. 59, no. 236, pp. 433-460, 1950.
[2] C. E. Shannon, "A mathematical theory of communication," Bell Syst. Tech. J., vol. 27, no. 3, pp. 379-423, 1948.
[3] J. McCarthy, M. L. Minsky, N. Rochester, and C. E. Shannon, "A proposal for the Dartmouth summer research project on artificial intelligence, August 31, 1955," AI Mag., vol. 27, no. 4, pp. 12-14, 2006.
[4] F. Rosenblatt, "The perceptron: A probabilistic model for information storage and organization in the brain," Psychol. Rev., vol. 65, no. 6, pp. 386-408, 1958.
[5] D. E. Rumelhart, G. E. Hinton, and R. J. Williams, "Learning representations by back-propagating errors," Nature, vol. 323, pp. 533-536, 1986.
[6] Y. LeCun, Y. Bengio, and G. Hinton, "Deep learning," Nature, vol. 521, pp. 436-444, 2015.
"""
E = {n: f"[{n}] {a}" for n, a in enumerate(
    ["A. M. Turing", "C. E. Shannon", "J. McCarthy", "F. Rosenblatt", "D. E. Rumelhart", "Y. LeCun"], 1)}

IEEE_CASES = {
    "ieee-en-dash-range": (
        "Machine intelligence was first framed in [1]–[3], and\nlearning rules came later [4]–[6].\n",
        [("framed", E[n]) for n in (1, 2, 3)] + [("learning rules", E[n]) for n in (4, 5, 6)], []),
    "ieee-list-with-range": (
        "The perceptron [4] and the thinking machine [1, 3–5] are old ideas;\nsee also [2], [6].\n",
        [("thinking machine", E[n]) for n in (4, 1, 3, 4, 5)] + [("see also", E[2]), ("see also", E[6])], []),
    "ieee-adjacent-without-space": (
        "Two classics [1],[2] and three more [3],[4],[5].\nDeep networks [6].\n",
        [("classics", E[n]) for n in (1, 2, 3, 4, 5)] + [("Deep networks", E[6])], []),
    "ieee-adjacent-brackets": (
        "Two classics [1][2] and three more [3][4][5].\nDeep networks [6].\n",
        [("classics", E[n]) for n in (1, 2, 3, 4, 5)] + [("Deep networks", E[6])], []),
    "ieee-refs-bare-numbers": (
        "As shown in refs. 3-5, learning rules vary; ref. 1 and\nRef. 2 predate them, and Refs. 6 and 2 agree.\n",
        [("As shown", E[n]) for n in (3, 4, 5, 1)] + [("predate", E[n]) for n in (2, 6, 2)], []),
    "ieee-out-of-range-and-zero": (
        "Learning [1], [2]–[4] and [6] differ from [9].\nThe survey [5, Sec. 2] and [7]–[8] too, and [0].\n",
        [("differ from", E[n]) for n in (1, 2, 3, 4, 6)] + [("survey", E[5])],
        [("out-of-range", "differ from"), ("out-of-range", "survey"), ("out-of-range", "survey"),
         ("out-of-range", "survey")]),
    "ieee-false-alarms": (
        "The loss (3) is minimised as in [1] (Fig. 2), with\n"
        "p < 0.05 (n = 20) over 2019–2020 [2], [3]; see Eq. (4) and [4]–[6]\n"
        "and Table [II], Section 3.2 and pp. 45-67 of the manual [2019].\n",
        [("loss (3)", E[1]), ("p < 0.05", E[2]), ("p < 0.05", E[3])] + [("p < 0.05", E[n]) for n in (4, 5, 6)], []),
    "ieee-pages-and-intervals": (
        "In [2, pp. 379–423] and [5, p. 533] the 1986 work [5] shows\n"
        "growth over [1990, 2000] and [0.1, 0.9] to [6]; [1], [3] and [4] remain.\n",
        [("In [2", E[2]), ("In [2", E[5]), ("In [2", E[5])] + [("growth", E[n]) for n in (6, 1, 3, 4)], []),
    "ieee-comma-lists": (
        "Perceptrons [1, 2, 4] and back-propagation [3,5,6] are linked.\n",
        [("Perceptrons", E[n]) for n in (1, 2, 4, 3, 5, 6)], []),
    "ieee-spaced-ranges": (
        "Thinking machines [1 – 3] and learning [4 - 6] are reviewed.\n",
        [("Thinking", E[n]) for n in (1, 2, 3, 4, 5, 6)], []),
    "ieee-author-and-year-in-the-prose": (
        "Turing (1950) asked whether machines think [1]; Shannon (1948) had\n"
        "measured information [2]. In the summer (August 1955) of [3], and in [4]–[6],\n"
        "the field took shape (Rosenblatt, 1958).\n",
        [("asked whether", E[1]), ("measured", E[2])] + [("measured", E[n]) for n in (3, 4, 5, 6)], []),
    "ieee-latex-double-dash": (
        "Early work [1]--[3] and later [4]--[6] (a LaTeX source pasted as text).\n",
        [("Early work", E[n]) for n in (1, 2, 3, 4, 5, 6)], []),
    "ieee-uncited-entries": (
        "Only two works are cited here [1], [4], and [1] again.\n",
        [("Only two", E[1]), ("Only two", E[4]), ("Only two", E[1])],
        [("uncited", E[2]), ("uncited", E[3]), ("uncited", E[5]), ("uncited", E[6])]),
}


@pytest.mark.parametrize("name", sorted(IEEE_CASES))
def test_ieee(tmp_path: Path, name: str) -> None:
    body, links, problems = IEEE_CASES[name]
    run_case(tmp_path, f"{name}.txt", body + IEEE_REFS, style="numbered", links=links, problems=problems)


def test_ieee_markdown_escaped_brackets(tmp_path: Path) -> None:
    """Word documents converted to Markdown by pandoc escape the brackets: '\\[1\\]'."""
    refs = "\n## References\n" + "".join(
        f"\n\\[{n}\\] {line[len(f'[{n}] '):]}\n" for n, line in enumerate(IEEE_REFS.strip().split("\n")[2:], 1))
    body = "# Paper\n\nEarly work \\[1\\]–\\[3\\] and later \\[4\\], \\[5\\]\nand \\[6\\].\n"
    run_case(tmp_path, "escaped.md", body + refs, style="numbered",
             links=[("Early work", f"^\\[{n}\\]") for n in (1, 2, 3, 4, 5)] + [("and \\[6", "^\\[6\\]")],
             problems=[])


def test_ieee_markdown_numbered_list_cited_in_brackets(tmp_path: Path) -> None:
    """A Markdown list '1. A. M. Turing, ...' cited by '[1]'."""
    refs = "\n## References\n\n" + "".join(
        f"{n}. {line[len(f'[{n}] '):]}\n" for n, line in enumerate(IEEE_REFS.strip().split("\n")[2:], 1))
    body = "# Paper\n\nEarly work [1]–[3] and later [4], [5]\nand [6].\n"
    run_case(tmp_path, "mdlist.md", body + refs, style="numbered",
             links=[("Early work", f"^{n}. ") for n in (1, 2, 3, 4, 5)] + [("and [6", "^6. ")],
             problems=[])


# =========================================================================== numbered: Vancouver

VANCOUVER_REFS = """
References
1. Phansalkar S, van der Sijs H, Tucker AD. Drug-drug interactions that should be non-interruptive. J Am Med Inform Assoc. 2013;20(3):489-93.
2. Nanji KC, Seger DL, Slight SP. Medication-related clinical decision support alert overrides in inpatients. J Am Med Inform Assoc. 2018;25(5):476-81.
3. Ancker JS, Edwards A, Nosal S. Effects of workload, work complexity, and repeated alerts on alert fatigue. BMC Med Inform Decis Mak. 2017;17(1):36.
4. Kesselheim AS, Cresswell K, Phansalkar S. Clinical decision support systems could be modified to reduce alert fatigue. Health Aff. 2011;30(12):2310-7.
5. Baysari MT, Tariq A, Day RO. Alert override as a habitual behavior. J Am Med Inform Assoc. 2017;24(2):409-12.
6. Wright A, Ai A, Ash J. Clinical decision support alert malfunctions. JAMIA Open. 2018;1(1):38-44.
7. Bryant AD, Fletcher GS, Payne TH. Drug interaction alert override rates in the Meaningful Use era. Appl Clin Inform. 2014;5(3):802-13.
8. Cash JJ. Alert fatigue. Am J Health Syst Pharm. 2009;66(23):2098-101.
9. Embi PJ, Leonard AC. Evaluating alert fatigue over time to EHR-based clinical trial alerts. J Am Med Inform Assoc. 2012;19(e1):e145-8.
"""
V = {n: f"{n}. {a}" for n, a in enumerate(
    ["Phansalkar", "Nanji", "Ancker", "Kesselheim", "Baysari", "Wright", "Bryant", "Cash", "Embi"], 1)}

VANCOUVER_CASES = {
    "vancouver-glued-only-citer": (
        "Alerts are overridden often.1,2 Workload matters,3 as does\n"
        "design.4–6 Override rates are high.7 Information overload8 is\n"
        "common, and trials show it too.9\n",
        [("overridden", V[1]), ("overridden", V[2]), ("overridden", V[3])]
        + [("design.", V[n]) for n in (4, 5, 6, 7)] + [("trials show", V[9])],
        [("uncertain", "overload8")]),
    "vancouver-flattened-after-full-stop": (
        "Overrides were frequent in earlier studies.3–5 This was\n"
        "shown.8,9 Habit explains some of it.1,2 Malfunctions too.6,7\n",
        [("earlier studies", V[n]) for n in (3, 4, 5)] + [("Habit", V[n]) for n in (8, 9, 1, 2, 6, 7)], []),
    "vancouver-glued-range-and-list": (
        "Earlier studies3–5 found high rates.1,2 Malfunctions occur.6\n"
        "Habits form.7 Alert overload8,9 grows.\n",
        [("Earlier studies", V[1]), ("Earlier studies", V[2]), ("Earlier studies", V[6]), ("Habits form", V[7])],
        [("uncertain", "Earlier studies")] * 3 + [("uncertain", "Habits form")] * 2),
    "vancouver-false-alarms": (
        "In 2020, COVID-19 patients (n = 20) on SARS-CoV-2 wards had more alerts.1,2\n"
        "Rates rose (p < 0.05; 95% CI 1.2–3.4) in H1N1 wards.3–5 Type 2 diabetes\n"
        "alerts (Table 2) were rarer.6 CYP2D6 and HbA1c alerts were kept.7\n"
        "Version 3.4 of the system, released on 12.05.2019, fixed it.8,9\n",
        [("In 2020", V[1]), ("In 2020", V[2])] + [("Rates rose", V[n]) for n in (3, 4, 5)]
        + [("Table 2", V[6]), ("CYP2D6", V[7]), ("Version 3.4", V[8]), ("Version 3.4", V[9])], []),
    "vancouver-out-of-range-and-uncited": (
        "Alerts are overridden.1–3 Fatigue follows.4,6 Habit matters.7–9\n"
        "Newer reviews agree.12\n",
        [("overridden", V[n]) for n in (1, 2, 3, 4, 6, 7, 8, 9)],
        [("out-of-range", "Newer reviews"), ("uncited", V[5])]),
    "vancouver-unicode-superscripts-after-words": (
        "Information overload⁸ is common,⁹ and alerts are overridden¹⁻³ in\n"
        "most wards⁴˒⁵ and clinics.⁶,⁷\n",
        [("Information", V[n]) for n in (8, 9, 1, 2, 3)] + [("most wards", V[n]) for n in (4, 5, 6, 7)], []),
    "vancouver-brackets-and-a-glued-number": (
        "Alerts are overridden [1–3], and information overload8 follows\n"
        "[4, 5]. Fatigue grows [6,7] over time [9].\n",
        [("overridden", V[n]) for n in (1, 2, 3)] + [("Fatigue", V[n]) for n in (4, 5, 6, 7, 9)],
        [("uncertain", "overridden")]),
    "vancouver-after-a-parenthesis": (
        "Alerts in intensive care (ICU)1,2 and in primary care (GP)3–5 are\n"
        "overridden.6–9\n",
        [("intensive", V[n]) for n in (1, 2, 3, 4, 5)] + [("overridden.6", V[n]) for n in (6, 7, 8, 9)], []),
}


@pytest.mark.parametrize("name", sorted(VANCOUVER_CASES))
def test_vancouver(tmp_path: Path, name: str) -> None:
    body, links, problems = VANCOUVER_CASES[name]
    run_case(tmp_path, f"{name}.txt", body + VANCOUVER_REFS, style="numbered", links=links, problems=problems)


# =========================================================================== author-year

AUTHOR_YEAR_CASES = {
    "apa-group-of-three-works": (
        "Sleep supports learning (Smith & Jones, 2019; Lee, 2021a, 2021b), and\n"
        "bedtime routines help too (Garcia, 2017).\n\nReferences\n\n"
        "Garcia, R. (2017). Bedtime routines and school readiness. Child Development, 88(1), 12–25.\n"
        "Lee, S. (2021a). Working memory after sleep loss. Developmental Science, 24(2), e13012.\n"
        "Lee, S. (2021b). Reading after sleep loss. Reading and Writing, 34(5), 1201–1220.\n"
        "Smith, J., & Jones, K. (2019). Sleep and learning: A review. Journal of Sleep Research, 28(4), e12812.\n",
        [("supports", "Smith, J., & Jones"), ("supports", "(2021a)"), ("supports", "(2021b)"),
         ("bedtime routines help", "Garcia, R.")], []),
    "apa-et-al-and-all-authors": (
        "Smith et al. (2020) found that rest improves recall, a result others\n"
        "extended (Okafor & Lin, 2022; Smith et al., 2020, p. 4). At first mention APA 6\n"
        "names all three (Smith, Patel, & Chen, 2020).\n\nReferences\n\n"
        "Okafor, C., & Lin, Y. (2022). Rest and recall in older adults. Memory, 30(2), 88–101.\n"
        "Smith, J., Patel, R., & Chen, L. (2020). Rest improves recall. Journal of Experimental Psychology: "
        "General, 149(6), 1101–1115.\n",
        [("found that rest", "Smith, J., Patel"), ("extended", "Okafor, C."), ("extended", "Smith, J., Patel"),
         ("names all three", "Smith, J., Patel")], []),
    "apa-see-possessive-and-two-years": (
        "On one reading (see Smith, 2020, p. 4), rest is passive. Smith's (2020)\n"
        "view changed later (Smith, 2020, 2021), as Park (2019) notes.\n\nReferences\n\n"
        "Park, D. (2019). Ageing and rest. Annual Review of Psychology, 70, 1–24.\n"
        "Smith, J. (2020). The rested mind. Oxford University Press.\n"
        "Smith, J. (2021). Dreams and memory. Psychological Review, 128(3), 401–420.\n",
        [("On one reading", "Smith, J. (2020)"), ("On one reading", "Smith, J. (2020)"),
         ("view changed", "Smith, J. (2020)"), ("view changed", "Smith, J. (2021)"), ("view changed", "Park, D.")],
        []),
    "apa-in-press-and-no-date": (
        "Rest at work is the subject of a forthcoming paper (Smith, in press) and of\n"
        "a codebook (Smith, n.d.); the book (Smith, 2020) came first.\n\nReferences\n\n"
        "Smith, J. (n.d.). Sleep diary codebook. Retrieved from https://example.org/codebook\n"
        "Smith, J. (2020). The rested mind. Oxford University Press.\n"
        "Smith, J. (in press). Naps at work. Journal of Applied Psychology.\n",
        [("forthcoming", "(in press). Naps"), ("a codebook", "(n.d.)"), ("a codebook", "(2020). The rested")], []),
    "apa-group-author-abbreviated": (
        "Adults need 150 minutes of activity a week (World Health Organization [WHO], 2020).\n"
        "Few meet it (WHO, 2020; Guthold et al., 2018), and fewer\n"
        "still in later years (WHO, 2020, p. 12).\n\nReferences\n\n"
        "Guthold, R., Stevens, G. A., Riley, L. M., & Bull, F. C. (2018). Worldwide trends in insufficient "
        "physical activity from 2001 to 2016. The Lancet Global Health, 6(10), e1077–e1086.\n"
        "World Health Organization. (2020). WHO guidelines on physical activity and sedentary behaviour. "
        "World Health Organization.\n",
        [("150 minutes", "World Health Organization. (2020)"), ("Few meet", "World Health Organization. (2020)"),
         ("Few meet", "Guthold, R."), ("later years", "World Health Organization. (2020)")], []),
    "apa-group-author-narrative-abbreviation": (
        "The World Health Organization (WHO, 2020) sets the target, and later the\n"
        "WHO (2020) guidance was adopted widely (Guthold et al., 2018).\n\nReferences\n\n"
        "Guthold, R., Stevens, G. A., Riley, L. M., & Bull, F. C. (2018). Worldwide trends in insufficient "
        "physical activity from 2001 to 2016. The Lancet Global Health, 6(10), e1077–e1086.\n"
        "World Health Organization. (2020). WHO guidelines on physical activity and sedentary behaviour. "
        "World Health Organization.\n",
        [("sets the target", "World Health Organization. (2020)"),
         ("guidance was adopted", "World Health Organization. (2020)"), ("guidance was adopted", "Guthold, R.")],
        []),
    "apa-group-renamed-abbreviation": (
        "Most adolescents sleep too little (Centers for Disease Control and Prevention [CDC],\n"
        "2020), and the share has grown (CDC, 2020, p. 3; Park, 2019).\n\nReferences\n\n"
        "Centers for Disease Control and Prevention. (2020). Youth risk behavior survey: Data summary and "
        "trends report 2009–2019.\n"
        "Park, D. (2019). Ageing and rest. Annual Review of Psychology, 70, 1–24.\n",
        [("sleep too little", "Centers for Disease Control and Prevention. (2020)"),
         ("share has grown", "Centers for Disease Control and Prevention. (2020)"), ("share has grown", "Park, D.")],
        []),
    "apa-particles-both-orders": (
        "Napping is common in the Netherlands, as van der Berg (2019) shows, and in\n"
        "Brazil (de Souza 2018). Both are cited again: Van der Berg (2019, p. 3) and\n"
        "(De Souza, 2018, p. 7).\n\nReferences\n\n"
        "Souza, M. de (2018). Napping and memory in Brazilian students. Sleep Science, 11(3), 150–157.\n"
        "van der Berg, A. (2019). Napping in the Netherlands. Sleep Health, 5(2), 120–127.\n",
        [("Napping is common", "van der Berg, A."), ("Both are cited", "Souza, M. de"), ("Both are cited", "van der Berg, A."),
         ("(De Souza", "Souza, M. de")], []),
    "german-und-and-slash": (
        "Die Befunde sind uneinheitlich (Müller und Schmidt 2019; Wagner 2020, S. 14).\n"
        "Müller und Schmidt (2019) betonen die Schule (vgl. Müller/Schmidt 2019, S. 12).\n\n"
        "Literatur\n\n"
        "Müller, Anna und Schmidt, Peter (2019): Schlaf und Schule. Weinheim: Beltz.\n"
        "Wagner, Eva (2020): Müdigkeit im Unterricht. In: Zeitschrift für Pädagogik 66 (2), S. 201–219.\n",
        [("uneinheitlich", "Müller, Anna"), ("uneinheitlich", "Wagner, Eva"), ("betonen", "Müller, Anna"),
         ("betonen", "Müller, Anna")], []),
    "french-et-al-and-et": (
        "Le sommeil des lycéens diminue (Dupont et al. 2018 ; Martin 2016, p. 45).\n"
        "Dupont et al. (2018) l'attribuent aux écrans (Dupont, Leroy et Bernard, 2018).\n\n"
        "Bibliographie\n\n"
        "Dupont, M., Leroy, C. et Bernard, A. (2018). Le sommeil des adolescents. Paris : PUF.\n"
        "Martin, J. (2016). Les rythmes scolaires. Paris : Armand Colin.\n",
        [("diminue", "Dupont, M."), ("diminue", "Martin, J."), ("attribuent", "Dupont, M."),
         ("attribuent", "Dupont, M.")], []),
    "italian-e": (
        "Il fenomeno è noto (Rossi e Bianchi 2017; Ferrari 2015, p. 22), e Rossi e\n"
        "Bianchi (2017) ne discutono le cause.\n\nBibliografia\n\n"
        "Ferrari, L. (2015). Il sonno degli studenti. Bologna: il Mulino.\n"
        "Rossi, M. e Bianchi, G. (2017). Scuola e riposo. Roma: Carocci.\n",
        [("fenomeno", "Rossi, M."), ("fenomeno", "Ferrari, L."), ("fenomeno", "Rossi, M.")], []),
    "apa-mismatch-unlisted-uncited": (
        "Smith (2019) argues that rest is passive, but Park (2019) disagrees\n"
        "(Garcia, 2018; Park, 2019).\n\nReferences\n\n"
        "Chen, L. (2015). Rest and recovery. Sleep Medicine Reviews, 19, 1–10.\n"
        "Park, D. (2019). Ageing and rest. Annual Review of Psychology, 70, 1–24.\n"
        "Smith, J. (2020). The rested mind. Oxford University Press.\n",
        [("argues", "Park, D."), ("(Garcia", "Park, D.")],
        [("year-mismatch", "argues"), ("not-listed", "(Garcia"), ("uncited", "Chen, L.")]),
    "apa-false-alarms": (
        "Data were collected in spring (May 2020) from students (n = 20), and the\n"
        "effect was reliable (p < 0.05; see Fig. 2). Equation (3) gives the model\n"
        "of Park (2019), and the survey (Smith, 2020) agrees (Table 1). The\n"
        "lockdown (March 2020 to June 2021) and the Spring (2021) semester and the\n"
        "(2019–2020) school year (ages 18–25; M = 4.2, SD = 1.1) are no citations.\n\nReferences\n\n"
        "Park, D. (2019). Ageing and rest in 2018: A review of 1990–2017. Annual Review of Psychology, 70, 1–24.\n"
        "Smith, J. (2020). The rested mind: Sleep after 2000. Oxford University Press.\n",
        [("of Park", "Park, D."), ("of Park", "Smith, J.")], []),
    "apa-personal-communication": (
        "Rest matters (Park, 2019; J. Smith, personal communication, May 4, 2020), and\n"
        "Park (2019) agrees with Chen (2015), as K. Lee (personal communication, 2021) did.\n\n"
        "References\n\n"
        "Chen, L. (2015). Rest and recovery. Sleep Medicine Reviews, 19, 1–10.\n"
        "Park, D. (2019). Ageing and rest. Annual Review of Psychology, 70, 1–24.\n",
        [("Rest matters", "Park, D."), ("agrees with", "Park, D."), ("agrees with", "Chen, L.")], []),
    "apa-mismatches-in-groups-and-unlisted-et-al": (
        "Rest is social (Park, 2018; Chen, 2015), and Smith et al. (2021) agree, but\n"
        "Nguyen et al. (2017) and (Lee, 2021c) do not; Lee (2021a, 2021b) is careful.\n\nReferences\n\n"
        "Chen, L. (2015). Rest and recovery. Sleep Medicine Reviews, 19, 1–10.\n"
        "Lee, S. (2021a). Working memory after sleep loss. Developmental Science, 24(2), e13012.\n"
        "Lee, S. (2021b). Reading after sleep loss. Reading and Writing, 34(5), 1201–1220.\n"
        "Park, D. (2019). Ageing and rest. Annual Review of Psychology, 70, 1–24.\n"
        "Smith, J., Patel, R., & Chen, L. (2020). Rest improves recall. Memory, 28(6), 1101–1115.\n",
        [("social", "Chen, L. (2015)"), ("Nguyen", "Lee, S. (2021a)"), ("Nguyen", "Lee, S. (2021b)")],
        [("year-mismatch", "social"), ("year-mismatch", "social"), ("not-listed", "Nguyen"),
         ("year-mismatch", "Nguyen")]),
    "apa-hyphens-apostrophes-and-gaelic": (
        "Belonging matters (Smith-Jones, 2020; O'Neill & Ní Bhriain, 2018), and\n"
        "Mac Giolla Chríost (2005) and Smith-Jones (2020, p. 9) say so.\n\nReferences\n\n"
        "Mac Giolla Chríost, D. (2005). The Irish language in Ireland. Routledge.\n"
        "O'Neill, P., & Ní Bhriain, S. (2018). Belonging at school. Irish Educational Studies, 37(2), 1–15.\n"
        "Smith-Jones, A. (2020). School belonging. Educational Psychology Review, 32, 45–67.\n",
        [("Belonging matters", "Smith-Jones, A."), ("Belonging matters", "O'Neill, P."),
         ("Mac Giolla Chríost (2005)", "Mac Giolla Chríost, D."),
         ("Mac Giolla Chríost (2005)", "Smith-Jones, A.")], []),
    "apa-narrative-ampersand-and-and": (
        "Smith & Jones (2019) and Smith and Jones (2019) both say it, as do\n"
        "(Smith and Jones 2019) and Garcia and Lee (2017).\n\nReferences\n\n"
        "Garcia, R., & Lee, S. (2017). Bedtime routines. Child Development, 88(1), 12–25.\n"
        "Smith, J., & Jones, K. (2019). Sleep and learning. Journal of Sleep Research, 28(4), e12812.\n",
        [("both say", "Smith, J., & Jones"), ("both say", "Smith, J., & Jones"),
         ("(Smith and Jones 2019)", "Smith, J., & Jones"), ("(Smith and Jones 2019)", "Garcia, R.")], []),
    "chicago-author-date-pages": (
        "Rest is social (Park 2019, 45–47; Chen 2015, 3), and Park (2019, 50)\n"
        "returns to it.\n\nReferences\n\n"
        "Chen, Li. 2015. Rest and Recovery. Chicago: University of Chicago Press.\n"
        "Park, Denise. 2019. “Ageing and Rest.” Annual Review of Psychology 70: 1–24.\n",
        [("social", "Park, Denise"), ("social", "Chen, Li"), ("social", "Park, Denise")], []),
    "apa-names-that-are-words": (
        "Sleep is short in adolescence (Young, 2015), as Long and Short (2012)\n"
        "showed (a finding replicated by Young, 2015).\n\nReferences\n\n"
        "Long, R., & Short, M. (2012). Sleep duration in teenagers. Sleep, 35(8), 1101–1107.\n"
        "Young, T. (2015). Adolescent sleep. Journal of Adolescent Health, 56(4), 380–386.\n",
        [("adolescence", "Young, T."), ("adolescence", "Long, R."), ("replicated", "Young, T.")], []),
}


@pytest.mark.parametrize("name", sorted(AUTHOR_YEAR_CASES))
def test_author_year(tmp_path: Path, name: str) -> None:
    text, links, problems = AUTHOR_YEAR_CASES[name]
    run_case(tmp_path, f"{name}.txt", text, style="author-year", links=links, problems=problems)


# =========================================================================== notes

BIBLIOGRAPHY = """
Bibliography

Figes, Orlando. A People's Tragedy: The Russian Revolution, 1891–1924. London: Jonathan Cape, 1996.
Getzler, Israel. Kronstadt 1917–1921: The Fate of a Soviet Democracy. Cambridge: Cambridge University Press, 1983.
Mawdsley, Evan. The Russian Civil War. Boston: Allen & Unwin, 1987.
"""
FULL = {
    "getzler": "Israel Getzler, Kronstadt 1917–1921: The Fate of a Soviet Democracy (Cambridge: Cambridge "
               "University Press, 1983), 205.",
    "figes": "Orlando Figes, A People's Tragedy: The Russian Revolution, 1891–1924 (London: Jonathan Cape, "
             "1996), 760.",
    "mawdsley": "Evan Mawdsley, The Russian Civil War (Boston: Allen & Unwin, 1987), 12.",
}
B = {"getzler": "Getzler, Israel.", "figes": "Figes, Orlando.", "mawdsley": "Mawdsley, Evan."}
TEXT4 = ("Chapter 1\n\nThe sailors rose in March.1 Their demands were modest.2 The party\n"
         "answered with force on 18 March 1921.3 The war had exhausted the cities.4\n\nNotes\n\n")
M = {1: "rose in March", 2: "rose in March", 3: "answered", 4: "answered"}

NOTES_CASES = {
    "notes-ibid-bare-and-with-page": (
        [FULL["getzler"], "Ibid.", "Ibid., 45.", FULL["mawdsley"]],
        ["getzler", "getzler", "getzler", "mawdsley"], [("uncited", B["figes"])]),
    "notes-see-ibid-and-page-range": (
        [FULL["mawdsley"], "See ibid., 47.", "Ibid., 45–46.", FULL["figes"]],
        ["mawdsley", "mawdsley", "mawdsley", "figes"], [("uncited", B["getzler"])]),
    "notes-op-cit": (
        [FULL["figes"], FULL["mawdsley"], "Figes, op. cit., 763.", FULL["getzler"]],
        ["figes", "mawdsley", "figes", "getzler"], []),
    "notes-loc-cit": (
        [FULL["mawdsley"], FULL["getzler"], "Mawdsley, loc. cit.", "Getzler, loc. cit."],
        ["mawdsley", "getzler", "mawdsley", "getzler"], [("uncited", B["figes"])]),
    "notes-short-titles": (
        [FULL["getzler"], FULL["figes"], "Getzler, Kronstadt, 210.", "Figes, People's Tragedy, 765."],
        ["getzler", "figes", "getzler", "figes"], [("uncited", B["mawdsley"])]),
}


@pytest.mark.parametrize("name", sorted(NOTES_CASES))
def test_notes_with_a_bibliography(tmp_path: Path, name: str) -> None:
    notes, cited, problems = NOTES_CASES[name]
    text = TEXT4 + "".join(f"{n}. {t}\n" for n, t in enumerate(notes, 1)) + BIBLIOGRAPHY
    run_case(tmp_path, f"{name}.txt", text, style="notes",
             links=[(M[n], B[w]) for n, w in enumerate(cited, 1)], problems=problems)


def test_notes_id_at_without_bibliography(tmp_path: Path) -> None:
    text = ("I. THE FORUM\n\nStreets have long been public.1 The dictum was broad.2 Later cases\n"
            "narrowed it.3 The scholars agree.4\n\nNotes\n\n"
            "1. Harry Kalven, Jr., The Concept of the Public Forum, 1965 Sup. Ct. Rev. 1, 10 (1965).\n"
            "2. Id. at 12.\n"
            "3. Geoffrey R. Stone, Fora Americana: Speech in Public Places, 1974 Sup. Ct. Rev. 233, 240 (1974).\n"
            "4. Id. at 251; Kalven, supra note 1, at 14.\n")
    run_case(tmp_path, "idat.txt", text, style="notes",
             links=[("Streets", "1. Harry"), ("Streets", "1. Harry"), ("narrowed", "3. Geoffrey"),
                    ("narrowed", "3. Geoffrey"), ("narrowed", "1. Harry")], problems=[])


def test_notes_short_title_without_bibliography(tmp_path: Path) -> None:
    text = TEXT4 + (f"1. {FULL['getzler']}\n2. {FULL['figes']}\n3. Getzler, Kronstadt 1917–1921, 210.\n"
                    "4. Figes, People's Tragedy, 765.\n")
    run_case(tmp_path, "short.txt", text, style="notes",
             links=[("rose in March", "1. Israel"), ("rose in March", "2. Orlando"), ("answered", "1. Israel"),
                    ("answered", "2. Orlando")], problems=[])


# =========================================================================== Markdown notes

def test_markdown_numbered_and_named_footnotes(tmp_path: Path) -> None:
    text = ("# Rot\n\nLinks decay quickly.[^1] Reference rot is common[^note-a], and\n"
            "it was noted long ago.[^1]\n\n"
            "[^1]: Jonathan Zittrain, Kendra Albert and Lawrence Lessig, \"Perma: Scoping and Addressing the "
            "Problem of Link and Reference Rot in Legal Citations,\" *Harvard Law Review Forum* 127 (2014): 176.\n"
            "[^note-a]: Martin Klein et al., \"Scholarly Context Not Found,\" *PLoS ONE* 9, no. 12 (2014): e115253.\n")
    run_case(tmp_path, "rot.md", text, style="notes",
             links=[("Links decay", "[^1]: "), ("Links decay", "[^note-a]: "), ("noted long", "[^1]: ")],
             problems=[])


MD_MULTILINE = """\
# Title

Rot is old.[^old] Drift is new.[^drift] And both persist.[^3]

[^old]: Wallace Koehler, "An Analysis of Web Page and Web Site Constancy and
    Permanence," *Journal of the American Society for Information Science* 50,
    no. 2 (1999): 162–180.

[^drift]: Shawn M. Jones et al., "Scholarly Context Adrift: Three out of Four
    URI References Lead to Changed Content," *PLoS ONE* 11, no. 12 (2016):
    e0167475.

    A second paragraph of the note, indented: the rate was measured in 2016.

[^3]: Koehler, "An Analysis of Web Page," 170.
"""


def test_markdown_footnote_definitions_over_several_indented_lines(tmp_path: Path) -> None:
    report = run_case(tmp_path, "multi.md", MD_MULTILINE, style="notes",
                      links=[("Rot is old", "[^old]:"), ("Rot is old", "[^drift]:"), ("Rot is old", "[^old]:")],
                      problems=[])
    assert [(e.line, e.line_end) for e in report.entries] == [(5, 7), (9, 11)]  # the comment paragraph is no part of the citation
    assert "e0167475" in report.entries[1].raw and "Permanence" in report.entries[0].raw


MD_INLINE_WITH_BIB = """\
# Kronstadt

The sailors rose in March.^[Israel Getzler, *Kronstadt 1917–1921* (Cambridge University Press, 1983), 205.] The
party answered with force.^[Getzler, *Kronstadt*, 210.] Figes reads it differently.^[Orlando Figes, *A People's Tragedy* (Jonathan Cape, 1996), 760.]

## Bibliography

Figes, Orlando. *A People's Tragedy: The Russian Revolution, 1891–1924*. London: Jonathan Cape, 1996.

Getzler, Israel. *Kronstadt 1917–1921: The Fate of a Soviet Democracy*. Cambridge: Cambridge University Press, 1983.

Mawdsley, Evan. *The Russian Civil War*. Boston: Allen & Unwin, 1987.
"""


def test_markdown_inline_footnotes_with_a_bibliography(tmp_path: Path) -> None:
    run_case(tmp_path, "inline.md", MD_INLINE_WITH_BIB, style="notes",
             links=[("sailors rose", "Getzler, Israel."), ("party answered", "Getzler, Israel."),
                    ("party answered", "Figes, Orlando.")],
             problems=[("uncited", "Mawdsley, Evan.")])


MD_INLINE_ONLY = """\
# Notes inline

Reference rot is common.^[Martin Klein et al., "Scholarly Context Not Found," *PLoS ONE* 9, no. 12 (2014): e115253.]
Legal citations suffer too.^[Jonathan Zittrain, Kendra Albert and Lawrence Lessig, "Perma," *Harvard Law Review Forum* 127 (2014): 176.]
As before, the rate is high.^[Klein et al., "Scholarly Context Not Found," e115255.]
"""


def test_markdown_inline_footnotes_are_the_references(tmp_path: Path) -> None:
    run_case(tmp_path, "inline-only.md", MD_INLINE_ONLY, style="notes",
             links=[("Reference rot", "Reference rot"), ("Legal", "Legal"), ("As before", "Reference rot")],
             problems=[])


MD_OPCIT = """\
# Revolt

The sailors rose.[^a] The war had ended.[^b] Figes disagrees.[^c] Still,[^d] the
revolt failed.[^e]

[^a]: Orlando Figes, *A People's Tragedy* (London: Jonathan Cape, 1996), 760.
[^b]: Evan Mawdsley, *The Russian Civil War* (Boston: Allen & Unwin, 1987), 12.
[^c]: Figes, *op. cit.*, 763.
[^d]: ibid, 764
[^e]: Mawdsley, *loc. cit.*

## Bibliography

Figes, Orlando. *A People's Tragedy: The Russian Revolution, 1891–1924*. London: Jonathan Cape, 1996.

Mawdsley, Evan. *The Russian Civil War*. Boston: Allen & Unwin, 1987.
"""


def test_markdown_notes_op_cit_in_italics_and_lower_case_ibid(tmp_path: Path) -> None:
    run_case(tmp_path, "opcit.md", MD_OPCIT, style="notes",
             links=[("sailors", "Figes, Orlando."), ("sailors", "Mawdsley, Evan."), ("sailors", "Figes, Orlando."),
                    ("sailors", "Figes, Orlando."), ("revolt failed", "Mawdsley, Evan.")], problems=[])


MD_ITALIC_REPEATS = """\
# Forum

Streets are public.[^1] The dictum was broad.[^2] Later cases narrowed it.[^3]
Scholars agree.[^4]

[^1]: Harry Kalven, Jr., "The Concept of the Public Forum," *Supreme Court Review* 1965 (1965): 1, 10.
[^2]: *Ibid.*, 12.
[^3]: Geoffrey R. Stone, "Fora Americana: Speech in Public Places," *Supreme Court Review* 1974 (1974): 233, 240.
[^4]: *Id.* at 251.
"""


def test_markdown_notes_ibid_and_id_in_italics(tmp_path: Path) -> None:
    run_case(tmp_path, "italic.md", MD_ITALIC_REPEATS, style="notes",
             links=[("Streets", "[^1]: "), ("Streets", "[^1]: "), ("Streets", "[^3]: "), ("Scholars", "[^3]: ")],
             problems=[])


MD_DEFINITIONS_BETWEEN = """\
# Decay

Links decay quickly.[^z]

[^z]: Jonathan Zittrain, Kendra Albert and Lawrence Lessig, "Perma," *Harvard Law Review Forum* 127 (2014): 176.

Content drifts as well.[^j] And the rot is old.[^z]

[^j]: Shawn M. Jones et al., "Scholarly Context Adrift," *PLoS ONE* 11, no. 12 (2016): e0167475.

The end of the essay.
"""


def test_markdown_definitions_between_paragraphs(tmp_path: Path) -> None:
    report = run_case(tmp_path, "between.md", MD_DEFINITIONS_BETWEEN, style="notes",
                      links=[("decay quickly", "[^z]: "), ("drifts", "[^j]: "), ("drifts", "[^z]: ")],
                      problems=[])
    assert "The end of the essay" not in " ".join(e.raw for e in report.entries)


MD_MIXED_NOTES = """\
# Rot

Rot is common.[^klein] Legal citations suffer.^[Jonathan Zittrain, Kendra Albert and Lawrence Lessig, "Perma," *Harvard Law Review Forum* 127 (2014): 176.]
The rate is high.[^klein]

[^klein]: Martin Klein et al., "Scholarly Context Not Found," *PLoS ONE* 9, no. 12 (2014): e115253.
"""


def test_markdown_inline_and_regular_footnotes_together(tmp_path: Path) -> None:
    run_case(tmp_path, "mixed.md", MD_MIXED_NOTES, style="notes",
             links=[("Rot is common", "[^klein]: "), ("Rot is common", "Rot is common"),
                    ("rate is high", "[^klein]: ")], problems=[])


MD_AUTHOR_YEAR_LINKS = """\
# Rest

Rest aids recall ([Smith, 2020](https://doi.org/10.1000/rest)), as
[Park (2019)](https://doi.org/10.1146/annurev-psych-010418-103022) and *Chen* (2015) show.

## References

- Chen, L. (2015). Rest and recovery. *Sleep Medicine Reviews*, 19, 1–10.
- Park, D. (2019). Ageing and rest. *Annual Review of Psychology*, 70, 1–24.
- Smith, J. (2020). *The rested mind*. Oxford University Press.
"""


def test_markdown_author_year_inside_links_and_emphasis(tmp_path: Path) -> None:
    run_case(tmp_path, "links.md", MD_AUTHOR_YEAR_LINKS, style="author-year",
             links=[("Rest aids", "Smith, J."), ("[Park (2019)]", "Park, D."), ("[Park (2019)]", "Chen, L.")],
             problems=[])


# =========================================================================== pandoc and LaTeX keys

KEY_REFS = """
## References

Chen, L. (2015). Rest and recovery. *Sleep Medicine Reviews*, 19, 1–10.

Lee, S. (2021). Working memory after sleep loss. *Developmental Science*, 24(2), e13012.

Park, D. (2019). Ageing and rest. *Annual Review of Psychology*, 70, 1–24.

Smith, J. (2020). *The rested mind*. Oxford University Press.
"""


def test_pandoc_keys_against_the_printed_list(tmp_path: Path) -> None:
    body = ("# Rest\n\nRest aids recall [@smith2020, p. 4; @lee2021]. As @smith2020 says,\n"
            "naps help most in the young [@park2019].\n")
    run_case(tmp_path, "pandoc.md", body + KEY_REFS, style="key",
             links=[("Rest aids", "Smith, J."), ("Rest aids", "Lee, S."), ("Rest aids", "Smith, J."),
                    ("naps help", "Park, D.")], problems=[("uncited", "Chen, L.")])


def test_latex_cite_commands_left_in_markdown(tmp_path: Path) -> None:
    body = ("# Rest\n\nRest aids recall \\cite{smith2020}, and naps help \\citep[p.~4]{lee2021, park2019}.\n"
            "As \\citet{smith2020} shows, and \\textcite{chen2015} and \\parencite[see][12]{park2019} agree.\n")
    run_case(tmp_path, "latex.md", body + KEY_REFS, style="key",
             links=[("Rest aids", "Smith, J."), ("Rest aids", "Lee, S."), ("Rest aids", "Park, D."),
                    ("As \\citet", "Smith, J."), ("As \\citet", "Chen, L."), ("As \\citet", "Park, D.")],
             problems=[])


def test_latex_cite_of_a_key_the_list_may_lack_is_uncertain(tmp_path: Path) -> None:
    body = ("# Rest\n\nRest aids recall \\cite{smith2020,lee2021} and \\cite{park2019}; the\n"
            "review \\cite{chen2015} and the thesis \\cite{nobody2018} differ. See \\ref{fig:1}\n"
            "and the label \\label{sec:rest}.\n")
    run_case(tmp_path, "latex2.md", body + KEY_REFS, style="key",
             links=[("Rest aids", "Smith, J."), ("Rest aids", "Lee, S."), ("Rest aids", "Park, D."),
                    ("review", "Chen, L.")], problems=[("uncertain", "review")])


BIB = """\
@book{smith2020,
  author = {Smith, John},
  title = {The Rested Mind},
  publisher = {Oxford University Press},
  year = {2020},
}

@article{lee2021,
  author = {Lee, Soo},
  title = {Working Memory after Sleep Loss},
  journal = {Developmental Science},
  year = {2021},
  volume = {24},
  pages = {e13012},
}

@article{park2019,
  author = {Park, Denise},
  title = {Ageing and Rest},
  journal = {Annual Review of Psychology},
  year = {2019},
  volume = {70},
  pages = {1--24},
}
"""


def test_latex_cite_commands_with_a_bib(tmp_path: Path) -> None:
    body = ("# Rest\n\nRest aids recall \\cite{smith2020}, and naps help \\citep{lee2021,nobody2018}.\n"
            "Code is not read: `\\cite{park2019}`.\n")
    run_case(tmp_path, "latex3.md", body, style="key", bib=BIB,
             links=[("Rest aids", "@book{smith2020"), ("Rest aids", "@article{lee2021")],
             problems=[("not-listed", "Rest aids"), ("uncited", "@article{park2019")])


# =========================================================================== limits of the new rules

def test_what_the_new_rules_leave_alone() -> None:
    """Look-alikes of the forms above: none is a citation (or a note)."""
    from citecheck.citations import author_year_citations, find_key_cites, flattened_citations, numbered_citations
    from citecheck.footnotes import markdown_notes
    from citecheck.markup import plain_line

    by_label = {n: f"k{n}" for n in range(1, 10)}
    # a square after a bracket of symbols, a one-letter bracket; 'Ref. 4-dependent' is a name
    assert flattened_citations(["the sum (a + b)2 and f(x)2 grow."], set(), by_label, 9) == []
    assert numbered_citations(["the Ref. 4-dependent term and the array a[0] and [0, 1]"], set(),
                              by_label, 9) == []
    # '\nocite', '\ref' and '\label' cite nothing
    assert find_key_cites("\\nocite{a2000} \\ref{fig:1} \\label{sec:2} \\eqref{eq:3}") == []
    # a regular expression is no inline note; a superscript in brackets neither
    lines, notes = markdown_notes(["match ^[A-Z] and x^[2] here"])
    assert notes == [] and lines == ["match ^[A-Z] and x^[2] here"]
    # an escaped bracket in code stays as written
    assert plain_line("see `\\[1\\]` and \\[2\\]") == "see \\[1\\] and [2]"
    # lower-case words before a name in brackets never swallow its particle
    from citecheck.parse import parse_references
    refs = [r.model_copy(update={"key": "k0"}) for r in parse_references(
        ["van der Berg, A. (2019). Napping in the Netherlands. Sleep Health, 5(2), 120–127."])]
    cites = author_year_citations(["(as reported by van der Berg, 2019) and (in the summer of 2019)"],
                                  set(), refs)
    assert [(c.author, c.status) for c in cites] == [("van der Berg", "linked")]
