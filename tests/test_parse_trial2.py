"""Second trial of the reference parser: reference strings in many styles and document types.

Every string here was written for these tests: invented works, people, journals and
identifiers (DOIs under made-up suffixes); none is taken from the training or benchmark data.
Each row names the style and document type, the string, the entry type (a set when a
careful cataloguer could file the work either way) and the BibTeX fields a careful human
would extract (name lists as "Family, Given" strings, "others" for "et al."; ``None``: the
field must be absent). Fields not named are not checked.
"""

from __future__ import annotations

import pytest

from citecheck.parse import parse_reference
from parse_cases import assert_parsed, trial_params

CASES = [
    # ------------------------------------------------------------------ APA 6/7
    ("apa7-article",
     "Novák, T., Horvath, E. M., & Lindgren, S. (2021). Soil microbial turnover under repeated "
     "drought. Global Soil Ecology, 14(2), 233–251. https://doi.org/10.5555/gse.2021.0142",
     "article",
     {"author": ["Novák, T.", "Horvath, E. M.", "Lindgren, S."],
      "title": "Soil microbial turnover under repeated drought", "journal": "Global Soil Ecology",
      "volume": "14", "number": "2", "pages": "233--251", "year": "2021",
      "doi": "10.5555/gse.2021.0142"}),
    ("apa7-book-edition",
     "Okonkwo, A. C. (2019). The river merchants of the Niger delta (2nd ed.). Ibadan "
     "University Press.",
     "book",
     {"author": ["Okonkwo, A. C."], "title": "The river merchants of the Niger delta",
      "edition": "2", "publisher": "Ibadan University Press", "year": "2019"}),
    ("apa7-chapter",
     "Farrell, M. J., & Quist, D. (2017). Memory and place in coastal towns. In R. Almeida & "
     "K. Sato (Eds.), Coastal heritage and identity (pp. 45–68). Routledge.",
     "incollection",
     {"author": ["Farrell, M. J.", "Quist, D."], "title": "Memory and place in coastal towns",
      "editor": ["Almeida, R.", "Sato, K."], "booktitle": "Coastal heritage and identity",
      "pages": "45--68", "publisher": "Routledge", "year": "2017"}),
    ("apa7-edited-book",
     "Harlow, P. R., & Mendes, L. (Eds.). (2020). Handbook of wetland restoration. Springer.",
     "book",
     {"editor": ["Harlow, P. R.", "Mendes, L."], "author": None,
      "title": "Handbook of wetland restoration", "publisher": "Springer", "year": "2020"}),
    ("apa6-thesis",
     "Castellanos, R. (2018). Informal credit networks among street vendors in Lima (Doctoral "
     "dissertation). University of Toronto, Toronto, Canada.",
     "phdthesis",
     {"author": ["Castellanos, R."],
      "title": "Informal credit networks among street vendors in Lima",
      "school": "University of Toronto", "year": "2018"}),
    ("apa7-dataset",
     "Ferreira, L., & Quon, M. (2022). Urban tree canopy measurements, 2015–2020 (Version 2) "
     "[Data set]. Zenodo. https://doi.org/10.5281/zenodo.0000142",
     "misc",
     {"author": ["Ferreira, L.", "Quon, M."], "title": "Urban tree canopy measurements, 2015–2020",
      "year": "2022", "doi": "10.5281/zenodo.0000142"}),
    ("apa7-software",
     "Brandt, K. (2023). tidyflow: Pipelines for tidy data (Version 1.4.0) [Computer software]. "
     "https://github.com/kbrandt-example/tidyflow",
     {"misc", "online"},
     {"author": ["Brandt, K."], "title": "tidyflow: Pipelines for tidy data", "year": "2023",
      "url": "https://github.com/kbrandt-example/tidyflow"}),
    ("apa7-web-page",
     "Centre for Coastal Resilience. (2021, March 4). Preparing for king tides. "
     "https://www.coastalresilience.example.org/king-tides",
     "online",
     {"author": ["Centre for Coastal Resilience"], "title": "Preparing for king tides",
      "year": "2021", "month": "mar",
      "url": "https://www.coastalresilience.example.org/king-tides"}),
    ("apa7-newspaper",
     "Whitaker, J. (2019, October 12). City council approves new bike lanes. The Daily "
     "Courier, A3.",
     "article",
     {"author": ["Whitaker, J."], "title": "City council approves new bike lanes",
      "journal": "The Daily Courier", "pages": "A3", "year": "2019", "month": "oct"}),
    ("apa6-article-doi",
     "Lindqvist, H., & Baros, C. (2014). Teacher feedback and student revision. Journal of "
     "Writing Studies, 6(1), 1-24. doi:10.5555/jws.2014.0601",
     "article",
     {"author": ["Lindqvist, H.", "Baros, C."], "title": "Teacher feedback and student revision",
      "journal": "Journal of Writing Studies", "volume": "6", "number": "1", "pages": "1--24",
      "year": "2014", "doi": "10.5555/jws.2014.0601"}),
    ("apa7-preprint",
     "Zhou, Y., Patel, N., & Kowalski, M. (2023). Sparse attention for long documents. arXiv. "
     "https://doi.org/10.48550/arXiv.2305.99123",
     {"misc", "online", "article"},
     {"author": ["Zhou, Y.", "Patel, N.", "Kowalski, M."],
      "title": "Sparse attention for long documents", "year": "2023",
      "doi": "10.48550/arXiv.2305.99123"}),
    ("apa7-translator",
     "Tolstaya, V. (2010). The quiet house (M. Brooks, Trans.). Harvill Press.",
     "book",
     {"author": ["Tolstaya, V."], "title": "The quiet house", "translator": ["Brooks, M."],
      "publisher": "Harvill Press", "year": "2010"}),
    ("apa6-masters-thesis",
     "Kimura, A. (2015). Volunteer retention in community sports clubs (Master's thesis). "
     "University of Otago, Dunedin, New Zealand.",
     "mastersthesis",
     {"author": ["Kimura, A."], "title": "Volunteer retention in community sports clubs",
      "school": "University of Otago", "year": "2015"}),
    ("apa7-report-number",
     "Hollander, J., & Pike, S. (2018). Flood risk in small river catchments (Report No. "
     "FR-2018-03). Environment Agency.",
     "techreport",
     {"author": ["Hollander, J.", "Pike, S."], "title": "Flood risk in small river catchments",
      "number": "FR-2018-03", "institution": "Environment Agency", "year": "2018"}),
    ("apa7-patent",
     "Kovacs, L., & Tran, H. (2018). Modular irrigation valve (U.S. Patent No. 9,876,543). "
     "U.S. Patent and Trademark Office.",
     {"misc", "patent"},
     {"author": ["Kovacs, L.", "Tran, H."], "title": "Modular irrigation valve", "year": "2018"}),
    ("apa7-standard",
     "International Organization for Standardization. (2019). Water quality: Sampling for "
     "microbiological analysis (ISO Standard No. 19458:2019).",
     {"misc", "techreport"},
     {"author": ["International Organization for Standardization"],
      "title": "Water quality: Sampling for microbiological analysis", "year": "2019"}),
    ("apa7-arxiv-id",
     "Baker, D., & Lin, S. (2022). Efficient retrieval with learned sparse codes. "
     "arXiv:2207.04321.",
     {"misc", "article"},
     {"author": ["Baker, D.", "Lin, S."], "title": "Efficient retrieval with learned sparse codes",
      "year": "2022", "eprint": "2207.04321"}),
    # ------------------------------------------------------------------ MLA 9
    ("mla-article",
     "Delgado, Marisol. \"The Grammar of Exile in Recent Chilean Poetry.\" Hispanic Review, "
     "vol. 88, no. 3, 2020, pp. 301-24.",
     "article",
     {"author": ["Delgado, Marisol"], "title": "The Grammar of Exile in Recent Chilean Poetry",
      "journal": "Hispanic Review", "volume": "88", "number": "3", "year": "2020",
      "pages": "301--324"}),
    ("mla-book",
     "Thornbury, Claire. The Lantern Keepers: Lighthouses and Empire. U of Nebraska P, 2016.",
     "book",
     {"author": ["Thornbury, Claire"], "title": "The Lantern Keepers: Lighthouses and Empire",
      "publisher": "U of Nebraska P", "year": "2016"}),
    ("mla-chapter",
     "Iqbal, Sana. \"Ghosts in the Archive.\" Haunted Histories, edited by Paul Renner and Ada "
     "Vos, Oxford UP, 2018, pp. 112-30.",
     "incollection",
     {"author": ["Iqbal, Sana"], "title": "Ghosts in the Archive",
      "booktitle": "Haunted Histories", "editor": ["Renner, Paul", "Vos, Ada"],
      "publisher": "Oxford UP", "year": "2018", "pages": "112--130"}),
    ("mla-web",
     "Okafor, Chidi. \"Why Small Presses Matter.\" The Literary Ledger, 14 Feb. 2022, "
     "www.literaryledger.example.com/small-presses.",
     {"online", "article"},  # a site's article: a web page, or an article in the site
     {"author": ["Okafor, Chidi"], "title": "Why Small Presses Matter", "year": "2022",
      "url": "http://www.literaryledger.example.com/small-presses"}),
    ("mla-two-authors",
     "Brooks, Nadia, and Henrik Sal. Cartographies of Longing. Bloomsbury Academic, 2019.",
     "book",
     {"author": ["Brooks, Nadia", "Sal, Henrik"], "title": "Cartographies of Longing",
      "publisher": "Bloomsbury Academic", "year": "2019"}),
    # ------------------------------------------------------------------ Chicago author-date
    ("chicago-ad-article",
     "Marchetti, Lucia. 2015. \"Harbour Taxes and Civic Finance in Genoa, 1340–1420.\" Journal "
     "of Medieval Economies 31 (4): 512–39.",
     "article",
     {"author": ["Marchetti, Lucia"],
      "title": "Harbour Taxes and Civic Finance in Genoa, 1340–1420",
      "journal": "Journal of Medieval Economies", "volume": "31", "number": "4",
      "pages": "512--539", "year": "2015"}),
    ("chicago-ad-book",
     "Whitfield, Owen. 2008. Rivers of Iron: Railways and the American West. Chicago: "
     "University of Chicago Press.",
     "book",
     {"author": ["Whitfield, Owen"], "title": "Rivers of Iron: Railways and the American West",
      "address": "Chicago", "publisher": "University of Chicago Press", "year": "2008"}),
    ("chicago-ad-chapter",
     "Sato, Keiko. 2012. \"Tea Houses and Urban Memory.\" In Cities of Leisure, edited by Mark "
     "Doyle and Ines Franke, 77–98. Berkeley: University of California Press.",
     "incollection",
     {"author": ["Sato, Keiko"], "title": "Tea Houses and Urban Memory",
      "booktitle": "Cities of Leisure", "editor": ["Doyle, Mark", "Franke, Ines"],
      "pages": "77--98", "address": "Berkeley", "publisher": "University of California Press",
      "year": "2012"}),
    ("chicago-ad-conference-paper",
     "Oyelaran, Tunde. 2018. \"Informal Transit and Urban Form in Lagos.\" Paper presented at "
     "the Annual Meeting of the Association of Urban Geographers, New Orleans, LA, April 10–14.",
     {"inproceedings", "misc"},
     {"author": ["Oyelaran, Tunde"], "title": "Informal Transit and Urban Form in Lagos",
      "year": "2018"}),
    ("chicago-ad-software",
     "Ivanova, Daria. 2020. \"geoclip: Fast Polygon Clipping for Python.\" Version 0.9.2. "
     "https://github.com/divanova-example/geoclip.",
     {"misc", "online"},
     {"author": ["Ivanova, Daria"], "title": "geoclip: Fast Polygon Clipping for Python",
      "year": "2020", "url": "https://github.com/divanova-example/geoclip"}),
    # ------------------------------------------------------------------ Chicago notes-bibliography
    ("chicago-nb-book",
     "Pemberton, Alice. The Salt Road: Trade and Power in the Early Modern Baltic. New Haven, "
     "CT: Yale University Press, 2011.",
     "book",
     {"author": ["Pemberton, Alice"],
      "title": "The Salt Road: Trade and Power in the Early Modern Baltic",
      "address": "New Haven, CT", "publisher": "Yale University Press", "year": "2011"}),
    ("chicago-nb-article",
     "Ravensworth, Giles. \"Parish Records and the Poor Law.\" Historical Journal of the Fens "
     "44, no. 2 (2001): 233–58.",
     "article",
     {"author": ["Ravensworth, Giles"], "title": "Parish Records and the Poor Law",
      "journal": "Historical Journal of the Fens", "volume": "44", "number": "2",
      "year": "2001", "pages": "233--258"}),
    ("chicago-nb-chapter",
     "Lindqvist, Erik. \"Shipwrights of the North.\" In Maritime Labour in Europe, edited by "
     "Hanna Berg, 201–24. Leiden: Brill, 2009.",
     "incollection",
     {"author": ["Lindqvist, Erik"], "title": "Shipwrights of the North",
      "booktitle": "Maritime Labour in Europe", "editor": ["Berg, Hanna"], "pages": "201--224",
      "address": "Leiden", "publisher": "Brill", "year": "2009"}),
    ("chicago-nb-newspaper",
     "Gallagher, Ruth. \"Harbor Expansion Draws Protest.\" Portland Evening Star, June 3, 2014.",
     "article",
     {"author": ["Gallagher, Ruth"], "title": "Harbor Expansion Draws Protest",
      "journal": "Portland Evening Star", "year": "2014", "month": "jun"}),
    ("chicago-nb-edited-book",
     "Albright, Nora, ed. Letters from the Frontier, 1850–1890. Lincoln: University of Nebraska "
     "Press, 2005.",
     "book",
     {"editor": ["Albright, Nora"], "author": None,
      "title": "Letters from the Frontier, 1850–1890", "address": "Lincoln",
      "publisher": "University of Nebraska Press", "year": "2005"}),
    ("chicago-nb-thesis",
     "Mercer, Lydia. \"Widows and Property in Colonial Virginia.\" PhD diss., University of "
     "Virginia, 2013.",
     "phdthesis",
     {"author": ["Mercer, Lydia"], "title": "Widows and Property in Colonial Virginia",
      "school": "University of Virginia", "year": "2013"}),
    # ------------------------------------------------------------------ Harvard
    ("harvard-article",
     "Brennan, K. and O'Hara, S. (2016) 'Peatland carbon flux under grazing', Irish Journal of "
     "Upland Ecology, 22(3), pp. 145-160.",
     "article",
     {"author": ["Brennan, K.", "O'Hara, S."], "title": "Peatland carbon flux under grazing",
      "journal": "Irish Journal of Upland Ecology", "volume": "22", "number": "3",
      "pages": "145--160", "year": "2016"}),
    ("harvard-book",
     "Mahlangu, T. (2013) Township economies in transition. 2nd edn. Cape Town: Juta.",
     "book",
     {"author": ["Mahlangu, T."], "title": "Township economies in transition", "edition": "2",
      "address": "Cape Town", "publisher": "Juta", "year": "2013"}),
    ("harvard-web-report",
     "Scottish Water Board (2020) Annual drinking water quality report. Available at: "
     "https://www.example.gov.scot/dwq2020.pdf (Accessed: 12 May 2021).",
     {"online", "techreport", "misc"},
     {"author": ["Scottish Water Board"], "title": "Annual drinking water quality report",
      "year": "2020", "url": "https://www.example.gov.scot/dwq2020.pdf",
      "urldate": "2021-05-12"}),
    ("harvard-chapter",
     "Fenwick, R. (2010) 'Stone walls and field systems', in Hollis, D. (ed.) Upland "
     "landscapes. Newcastle: Tyne Press, pp. 33-51.",
     "incollection",
     {"author": ["Fenwick, R."], "title": "Stone walls and field systems",
      "editor": ["Hollis, D."], "booktitle": "Upland landscapes", "address": "Newcastle",
      "publisher": "Tyne Press", "pages": "33--51", "year": "2010"}),
    ("harvard-newspaper",
     "Pritchard, L. (2017) 'Ferry fares to rise again', The Island Times, 4 April, p. 7.",
     "article",
     {"author": ["Pritchard, L."], "title": "Ferry fares to rise again",
      "journal": "The Island Times", "pages": "7", "year": "2017", "month": "apr"}),
    ("harvard-web-page",
     "Bureau of Meteorology (2023) Understanding heatwave warnings. Available at: "
     "https://www.bom.example.gov.au/heatwave (Accessed: 2 February 2024).",
     "online",
     {"author": ["Bureau of Meteorology"], "title": "Understanding heatwave warnings",
      "year": "2023", "url": "https://www.bom.example.gov.au/heatwave",
      "urldate": "2024-02-02"}),
    ("harvard-dataset",
     "Moreau, P. and Lind, S. (2021) Sediment cores from Lake Vättern, 2018–2019 [Dataset]. "
     "PANGAEA. https://doi.org/10.1594/PANGAEA.000123",
     "misc",
     {"author": ["Moreau, P.", "Lind, S."], "title": "Sediment cores from Lake Vättern, 2018–2019",
      "year": "2021", "doi": "10.1594/PANGAEA.000123"}),
    # ------------------------------------------------------------------ Vancouver / NLM
    ("vancouver-article-doi",
     "Achterberg M, Nowicki PK, Santos-Lima R. Vitamin D status in night-shift nurses. Occup "
     "Med (Lond). 2019;69(5):342-8. doi:10.5555/occmed.2019.0342",
     "article",
     {"author": ["Achterberg, M.", "Nowicki, P. K.", "Santos-Lima, R."],
      "title": "Vitamin D status in night-shift nurses", "journal": "Occup Med (Lond)",
      "year": "2019", "volume": "69", "number": "5", "pages": "342--348",
      "doi": "10.5555/occmed.2019.0342"}),
    ("vancouver-book",
     "Halvorsen K, Ibe CO. Clinical dermatology for general practice. 3rd ed. Oslo: Medisinsk "
     "Forlag; 2012.",
     "book",
     {"author": ["Halvorsen, K.", "Ibe, C. O."],
      "title": "Clinical dermatology for general practice", "edition": "3", "address": "Oslo",
      "publisher": "Medisinsk Forlag", "year": "2012"}),
    ("vancouver-chapter",
     "Rahman S, Ortiz J. Acute kidney injury. In: Feld LG, Mahan JD, editors. Pediatric "
     "nephrology in practice. 2nd ed. New York: Springer; 2016. p. 211-34.",
     "incollection",
     {"author": ["Rahman, S.", "Ortiz, J."], "title": "Acute kidney injury",
      "editor": ["Feld, L. G.", "Mahan, J. D."], "booktitle": "Pediatric nephrology in practice",
      "edition": "2", "address": "New York", "publisher": "Springer", "year": "2016",
      "pages": "211--234"}),
    ("vancouver-et-al-month",
     "Nakagawa T, Bellamy R, Oduya F, et al. Hand hygiene compliance in rural clinics. Trop "
     "Med Int Health. 2021 Feb;26(2):188-95.",
     "article",
     {"author": ["Nakagawa, T.", "Bellamy, R.", "Oduya, F.", "others"],
      "title": "Hand hygiene compliance in rural clinics", "journal": "Trop Med Int Health",
      "year": "2021", "month": "feb", "volume": "26", "number": "2", "pages": "188--195"}),
    ("nlm-internet-report",
     "National Cancer Registry of Eastland. Cancer in Eastland 1994-2018: annual statistical "
     "report [Internet]. Cork: NCRE; 2020 [cited 2021 Mar 2]. Available from: "
     "https://www.ncre.example.ie/report2020",
     {"online", "book", "techreport"},
     {"author": ["National Cancer Registry of Eastland"],
      "title": "Cancer in Eastland 1994-2018: annual statistical report", "year": "2020",
      "url": "https://www.ncre.example.ie/report2020"}),
    ("vancouver-no-issue",
     "Ekwueme OC, Larsen T. Salt intake and blood pressure in adolescents. J Hum Hypertens. "
     "2016;30:45-51.",
     "article",
     {"author": ["Ekwueme, O. C.", "Larsen, T."], "journal": "J Hum Hypertens", "year": "2016",
      "volume": "30", "pages": "45--51"}),
    # ------------------------------------------------------------------ IEEE
    ("ieee-article",
     "[4] R. Okafor, L. Chen, and M. Duarte, \"Low-latency scheduling for industrial IoT "
     "gateways,\" IEEE Trans. Ind. Informat., vol. 17, no. 8, pp. 5521–5530, Aug. 2021, "
     "doi: 10.5555/tii.2021.3012345.",
     "article",
     {"author": ["Okafor, R.", "Chen, L.", "Duarte, M."],
      "title": "Low-latency scheduling for industrial IoT gateways",
      "journal": "IEEE Trans. Ind. Informat.", "volume": "17", "number": "8",
      "pages": "5521--5530", "year": "2021", "month": "aug", "doi": "10.5555/tii.2021.3012345"}),
    ("ieee-conference",
     "[12] S. Haddad and P. Lind, \"A lightweight intrusion detector for CAN buses,\" in Proc. "
     "IEEE Int. Conf. Commun. (ICC), Montreal, QC, Canada, 2021, pp. 1–6.",
     "inproceedings",
     {"author": ["Haddad, S.", "Lind, P."],
      "title": "A lightweight intrusion detector for CAN buses",
      "booktitle": "Proc. IEEE Int. Conf. Commun. (ICC)", "year": "2021", "pages": "1--6"}),
    ("ieee-book",
     "[7] H. Tanaka, Antenna Theory for Engineers, 2nd ed. Hoboken, NJ, USA: Wiley, 2018.",
     "book",
     {"author": ["Tanaka, H."], "title": "Antenna Theory for Engineers", "edition": "2",
      "address": "Hoboken, NJ, USA", "publisher": "Wiley", "year": "2018"}),
    ("ieee-tech-report",
     "[9] K. Brandt, \"Estimating cache reuse distance,\" Dept. Comput. Sci., Univ. of "
     "Westfield, Tech. Rep. CS-TR-2019-04, 2019.",
     "techreport",
     {"author": ["Brandt, K."], "title": "Estimating cache reuse distance",
      "number": "CS-TR-2019-04", "year": "2019"}),
    ("ieee-online",
     "[15] Open Grid Alliance, \"Interconnection guidelines for rooftop solar,\" 2022. [Online]. "
     "Available: https://opengrid.example.org/guidelines",
     "online",
     {"author": ["Open Grid Alliance"], "title": "Interconnection guidelines for rooftop solar",
      "year": "2022", "url": "https://opengrid.example.org/guidelines"}),
    ("ieee-thesis",
     "[21] M. A. Rossi, \"Robust beamforming for massive MIMO,\" Ph.D. dissertation, Dept. Elect. "
     "Eng., Politecnico di Torino, Turin, Italy, 2020.",
     "phdthesis",
     {"author": ["Rossi, M. A."], "title": "Robust beamforming for massive MIMO",
      "year": "2020"}),
    ("ieee-standard",
     "[3] Standard for Low-Rate Mesh Networks, IEEE Std 802.99.4-2020, 2020.",
     {"misc", "techreport"},
     {"title": "Standard for Low-Rate Mesh Networks", "year": "2020"}),
    ("ieee-patent",
     "[8] J. Whitmore and A. Cho, \"Self-cleaning solar panel mount,\" U.S. Patent 10 123 456, "
     "Mar. 5, 2019.",
     {"misc", "patent"},
     {"author": ["Whitmore, J.", "Cho, A."], "title": "Self-cleaning solar panel mount",
      "year": "2019", "month": "mar"}),
    ("ieee-arxiv",
     "[18] T. Nguyen and R. Schmidt, \"Contrastive pretraining for tabular data,\" arXiv "
     "preprint arXiv:2104.05678, 2021.",
     {"misc", "article"},
     {"author": ["Nguyen, T.", "Schmidt, R."], "title": "Contrastive pretraining for tabular data",
      "year": "2021", "eprint": "2104.05678"}),
    # ------------------------------------------------------------------ ACM
    ("acm-conference",
     "Priya Raman, Tomás Ortega, and Lena Vogt. 2022. Learned index structures for time "
     "series. In Proceedings of the 2022 International Conference on Management of Data "
     "(SIGMOD '22). ACM, New York, NY, USA, 1402–1415. https://doi.org/10.1145/5555555.5555501",
     "inproceedings",
     {"author": ["Raman, Priya", "Ortega, Tomás", "Vogt, Lena"],
      "title": "Learned index structures for time series",
      "booktitle": "Proceedings of the 2022 International Conference on Management of Data "
                   "(SIGMOD '22)",
      "publisher": "ACM", "address": "New York, NY, USA", "pages": "1402--1415",
      "year": "2022", "doi": "10.1145/5555555.5555501"}),
    ("acm-article",
     "Hannah Obi and Marco Ferri. 2020. Verifying smart contracts with refinement types. ACM "
     "Trans. Program. Lang. Syst. 42, 3, Article 14 (Nov. 2020), 38 pages. "
     "https://doi.org/10.1145/5555555.5555502",
     "article",
     {"author": ["Obi, Hannah", "Ferri, Marco"],
      "title": "Verifying smart contracts with refinement types",
      "journal": "ACM Trans. Program. Lang. Syst.", "volume": "42", "number": "3",
      "eid": "14", "pages": None, "year": "2020", "month": "nov",
      "doi": "10.1145/5555555.5555502"}),
    ("acm-book",
     "Daniel Kerr. 2017. Practical Concurrency. Addison-Wesley, Boston, MA.",
     "book",
     {"author": ["Kerr, Daniel"], "title": "Practical Concurrency",
      "publisher": "Addison-Wesley", "address": "Boston, MA", "year": "2017"}),
    # ------------------------------------------------------------------ ACS, AMA, Nature
    ("acs-article",
     "Mbeki, T. R.; Larsson, P.; Huang, Q. Copper-Catalyzed Amination of Aryl Chlorides. "
     "J. Org. Synth. Chem. 2018, 83, 4521–4530.",
     "article",
     {"author": ["Mbeki, T. R.", "Larsson, P.", "Huang, Q."],
      "title": "Copper-Catalyzed Amination of Aryl Chlorides", "journal": "J. Org. Synth. Chem.",
      "year": "2018", "volume": "83", "pages": "4521--4530"}),
    ("acs-chapter",
     "Ortega, L.; Singh, R. Polymer Membranes for Desalination. In Advances in Water Treatment; "
     "Keller, M., Ed.; ACS Symposium Series 1234; American Chemical Society: Washington, DC, "
     "2016; pp 45–67.",
     "incollection",
     {"author": ["Ortega, L.", "Singh, R."], "title": "Polymer Membranes for Desalination",
      "booktitle": "Advances in Water Treatment", "editor": ["Keller, M."],
      "publisher": "American Chemical Society", "address": "Washington, DC", "year": "2016",
      "pages": "45--67"}),
    ("ama-article",
     "Greenberg LK, Mwangi J, Sorensen P. Long-term outcomes of pediatric sepsis survivors. "
     "JAMA Pediatr. 2020;174(9):861-869. doi:10.5555/jamaped.2020.1111",
     "article",
     {"author": ["Greenberg, L. K.", "Mwangi, J.", "Sorensen, P."],
      "title": "Long-term outcomes of pediatric sepsis survivors", "journal": "JAMA Pediatr",
      "year": "2020", "volume": "174", "number": "9", "pages": "861--869",
      "doi": "10.5555/jamaped.2020.1111"}),
    ("ama-book",
     "Whitcombe R. Principles of Emergency Triage. 4th ed. McGraw-Hill; 2015.",
     "book",
     {"author": ["Whitcombe, R."], "title": "Principles of Emergency Triage", "edition": "4",
      "publisher": "McGraw-Hill", "year": "2015"}),
    ("nature-article",
     "Adeyemi, F. O. et al. Coral bleaching thresholds across the Indo-Pacific. Nature 598, "
     "112–117 (2021).",
     "article",
     {"author": ["Adeyemi, F. O.", "others"],
      "title": "Coral bleaching thresholds across the Indo-Pacific", "journal": "Nature",
      "volume": "598", "pages": "112--117", "year": "2021"}),
    ("nature-book",
     "Kestrel, M. The Physics of Granular Flow (Cambridge Univ. Press, 2014).",
     "book",
     {"author": ["Kestrel, M."], "title": "The Physics of Granular Flow",
      "publisher": "Cambridge Univ. Press", "year": "2014"}),
    ("nature-two-authors",
     "Lund, K. & Achebe, N. Tidal mixing in fjords. Nat. Geosci. 12, 33–38 (2019).",
     "article",
     {"author": ["Lund, K.", "Achebe, N."], "title": "Tidal mixing in fjords",
      "journal": "Nat. Geosci.", "volume": "12", "pages": "33--38", "year": "2019"}),
    # ------------------------------------------------------------------ Springer
    ("lncs-proceedings",
     "Nowak, A., Pereira, J.: Compositional verification of timed automata. In: Brandt, S., "
     "Kim, H. (eds.) TACAS 2019. LNCS, vol. 11427, pp. 203–220. Springer, Cham (2019).",
     "inproceedings",
     {"author": ["Nowak, A.", "Pereira, J."],
      "title": "Compositional verification of timed automata", "series": "LNCS", "editor": ["Brandt, S.", "Kim, H."], "booktitle": "TACAS 2019", "volume": "11427",
      "pages": "203--220", "publisher": "Springer", "address": "Cham", "year": "2019"}),
    ("lncs-article",
     "Haddad, R.: Fixpoint logics on trees. J. Log. Comput. 29(4), 455–480 (2019).",
     "article",
     {"author": ["Haddad, R."], "title": "Fixpoint logics on trees", "journal": "J. Log. Comput.",
      "volume": "29", "number": "4", "pages": "455--480", "year": "2019"}),
    ("lncs-book",
     "Okafor, E.: Semantics of Programming Languages, 2nd edn. Springer, Heidelberg (2012).",
     "book",
     {"author": ["Okafor, E."], "title": "Semantics of Programming Languages", "edition": "2",
      "publisher": "Springer", "address": "Heidelberg", "year": "2012"}),
    ("springer-basic-article",
     "Keller T, Wójcik M (2019) Nitrogen leaching under cover crops. Plant Soil 441:123–137. "
     "https://doi.org/10.1007/s55555-019-00001-1",
     "article",
     {"author": ["Keller, T.", "Wójcik, M."], "title": "Nitrogen leaching under cover crops",
      "journal": "Plant Soil", "volume": "441", "pages": "123--137", "year": "2019",
      "doi": "10.1007/s55555-019-00001-1"}),
    ("springer-basic-book",
     "Almeida R (2015) Tropical soil physics, 2nd edn. Springer, Dordrecht",
     "book",
     {"author": ["Almeida, R."], "title": "Tropical soil physics", "edition": "2",
      "publisher": "Springer", "address": "Dordrecht", "year": "2015"}),
    # ------------------------------------------------------------------ Elsevier
    ("elsevier-numbered-eid",
     "[5] M. Lindgren, P. Okoye, Thermal fatigue of solder joints in power modules, "
     "Microelectron. Reliab. 112 (2020) 113745.",
     "article",
     {"author": ["Lindgren, M.", "Okoye, P."],
      "title": "Thermal fatigue of solder joints in power modules",
      "journal": "Microelectron. Reliab.", "volume": "112", "year": "2020", "eid": "113745"}),
    ("elsevier-harvard",
     "Castro, B., Miller, D.J., 2017. Groundwater recharge in semi-arid basins. J. Hydrol. Arid "
     "Zones 548, 233–245.",
     "article",
     {"author": ["Castro, B.", "Miller, D.J."], "title": "Groundwater recharge in semi-arid basins",
      "journal": "J. Hydrol. Arid Zones", "volume": "548", "pages": "233--245",
      "year": "2017"}),
    ("elsevier-book",
     "[2] W. Strunk, Fluid Dynamics of Porous Media, third ed., Academic Press, San Diego, 2009.",
     "book",
     {"author": ["Strunk, W."], "title": "Fluid Dynamics of Porous Media", "edition": "3",
      "publisher": "Academic Press", "address": "San Diego", "year": "2009"}),
    # ------------------------------------------------------------------ DIN 1505 / German
    ("din-book",
     "Hoffmann, Gerd: Die Stadtmauern Frankens im Spätmittelalter. 2. Aufl. Würzburg : Echter, "
     "2004",
     "book",
     {"author": ["Hoffmann, Gerd"], "title": "Die Stadtmauern Frankens im Spätmittelalter",
      "edition": "2", "address": "Würzburg", "publisher": "Echter", "year": "2004"}),
    ("din-article",
     "Krüger, Anja: Zunftwesen und Stadtrat in Lüneburg. In: Zeitschrift für Stadtgeschichte 45 "
     "(2011), Nr. 2, S. 117–139",
     "article",
     {"author": ["Krüger, Anja"], "title": "Zunftwesen und Stadtrat in Lüneburg",
      "journal": "Zeitschrift für Stadtgeschichte", "volume": "45", "year": "2011",
      "number": "2", "pages": "117--139"}),
    ("din-chapter",
     "Weber, Martin: Die Hanse und der Ostseehandel. In: Schulze, Petra (Hrsg.): Handel im "
     "Mittelalter. Berlin : de Gruyter, 2008, S. 45–78",
     "incollection",
     {"author": ["Weber, Martin"], "title": "Die Hanse und der Ostseehandel",
      "editor": ["Schulze, Petra"], "booktitle": "Handel im Mittelalter", "address": "Berlin",
      "publisher": "de Gruyter", "year": "2008", "pages": "45--78"}),
    ("german-place-year",
     "Vogt, Ernst, Bürgertum und Bildung im Vormärz, Göttingen 1987.",
     "book",
     {"author": ["Vogt, Ernst"], "title": "Bürgertum und Bildung im Vormärz",
      "address": "Göttingen", "year": "1987"}),
    ("german-hg-slash",
     "Lange, Heike/Brenner, Tobias (Hg.): Handbuch der Regionalgeschichte. Stuttgart: "
     "Kohlhammer 2015.",
     "book",
     {"editor": ["Lange, Heike", "Brenner, Tobias"], "author": None,
      "title": "Handbuch der Regionalgeschichte", "address": "Stuttgart",
      "publisher": "Kohlhammer", "year": "2015"}),
    ("german-article-jg",
     "Brand, Ulrike: Armenfürsorge in Bremen, in: Bremisches Jahrbuch 88 (2009), S. 45-71.",
     "article",
     {"author": ["Brand, Ulrike"], "title": "Armenfürsorge in Bremen",
      "journal": "Bremisches Jahrbuch", "volume": "88", "year": "2009", "pages": "45--71"}),
    # ------------------------------------------------------------------ Italian humanities
    ("italian-book",
     "L. Ferrante, Le confraternite laiche a Bologna nel Quattrocento, Bologna, Il Mulino, 1998.",
     "book",
     {"author": ["Ferrante, L."], "title": "Le confraternite laiche a Bologna nel Quattrocento",
      "address": "Bologna", "publisher": "Il Mulino", "year": "1998"}),
    ("italian-article",
     "M. Caputo, I mercanti toscani a Bruges, in «Archivio storico lucchese», 162 (2004), "
     "pp. 233-261.",
     "article",
     {"author": ["Caputo, M."], "title": "I mercanti toscani a Bruges",
      "journal": "Archivio storico lucchese", "volume": "162", "year": "2004",
      "pages": "233--261"}),
    ("italian-chapter",
     "G. Moretti, La peste del 1630, in Storia di Lodi, a cura di F. Sala, Milano, Electa, "
     "1992, pp. 55-89.",
     "incollection",
     {"author": ["Moretti, G."], "title": "La peste del 1630", "booktitle": "Storia di Lodi",
      "editor": ["Sala, F."], "address": "Milano", "publisher": "Electa", "year": "1992",
      "pages": "55--89"}),
    ("italian-edited-book",
     "A. Russo (a cura di), Il paesaggio agrario toscano, Firenze, Olschki, 2001.",
     "book",
     {"editor": ["Russo, A."], "author": None, "title": "Il paesaggio agrario toscano",
      "address": "Firenze", "publisher": "Olschki", "year": "2001"}),
    # ------------------------------------------------------------------ French
    ("french-book",
     "Lefèvre, Claire, Les foires de Champagne et le crédit, Paris, Presses universitaires de "
     "France, 2003, 312 p.",
     "book",
     {"author": ["Lefèvre, Claire"], "title": "Les foires de Champagne et le crédit",
      "address": "Paris", "publisher": "Presses universitaires de France", "year": "2003"}),
    ("french-article",
     "Dubois, Pierre, « Les notaires lyonnais au XVIe siècle », Revue d'histoire rhodanienne, "
     "no 654, 2010, p. 301-329.",
     "article",
     {"author": ["Dubois, Pierre"], "title": "Les notaires lyonnais au XVIe siècle",
      "journal": "Revue d'histoire rhodanienne", "number": "654", "year": "2010",
      "pages": "301--329"}),
    ("french-chapter",
     "Martin, Hélène, « La ville en fête », dans Jean Roux (dir.), Fêtes urbaines en France, "
     "Rennes, PUR, 2012, p. 45-60.",
     "incollection",
     {"author": ["Martin, Hélène"], "title": "La ville en fête", "editor": ["Roux, Jean"],
      "booktitle": "Fêtes urbaines en France", "address": "Rennes", "publisher": "PUR",
      "year": "2012", "pages": "45--60"}),
    # ------------------------------------------------------------------ Spanish, Portuguese
    ("spanish-book",
     "Gutiérrez Ramos, María José (2017). La memoria del agua: regadíos andaluces en la Edad "
     "Moderna. Sevilla: Editorial Universidad de Sevilla.",
     "book",
     {"author": ["Gutiérrez Ramos, María José"],
      "title": "La memoria del agua: regadíos andaluces en la Edad Moderna",
      "address": "Sevilla", "publisher": "Editorial Universidad de Sevilla", "year": "2017"}),
    ("spanish-article",
     "Fernández, L. y Ortega, P. (2015). Migración interna y mercado laboral en Galicia. "
     "Revista de Estudios Atlánticos, 104, 87-112.",
     "article",
     {"author": ["Fernández, L.", "Ortega, P."],
      "title": "Migración interna y mercado laboral en Galicia",
      "journal": "Revista de Estudios Atlánticos", "volume": "104", "pages": "87--112",
      "year": "2015"}),
    ("abnt-book",
     "SILVA, João Carlos da; MOREIRA, Ana Paula. Cidades médias e redes urbanas no Brasil. "
     "2. ed. São Paulo: Contexto, 2014.",
     "book",
     {"author": ["da SILVA, João Carlos", "MOREIRA, Ana Paula"],
      "title": "Cidades médias e redes urbanas no Brasil", "edition": "2",
      "address": "São Paulo", "publisher": "Contexto", "year": "2014"}),
    ("abnt-article",
     "OLIVEIRA, R. M. Saneamento e saúde em favelas cariocas. Revista Brasileira de Geografia "
     "Urbana, Rio de Janeiro, v. 58, n. 3, p. 77-95, jul./set. 2016.",
     "article",
     {"author": ["OLIVEIRA, R. M."], "title": "Saneamento e saúde em favelas cariocas",
      "journal": "Revista Brasileira de Geografia Urbana", "volume": "58", "number": "3",
      "pages": "77--95", "year": "2016"}),
    ("abnt-thesis",
     "COSTA, Mariana L. Agricultura familiar no semiárido. 2019. Tese (Doutorado em Geografia) "
     "– Universidade Federal do Ceará, Fortaleza, 2019.",
     "phdthesis",
     {"author": ["COSTA, Mariana L."], "title": "Agricultura familiar no semiárido",
      "year": "2019", "school": "Universidade Federal do Ceará"}),
    # ------------------------------------------------------------------ Russian GOST
    ("gost-book",
     "Смирнов А. П. Крестьянская община в пореформенной России. – СПб.: Алетейя, 2009. – 412 с.",
     "book",
     {"author": ["Смирнов, А. П."], "title": "Крестьянская община в пореформенной России",
      "address": "СПб.", "publisher": "Алетейя", "year": "2009"}),
    ("gost-article",
     "Кузнецова Е. В., Орлов Д. С. Миграция сельского населения Сибири // Социологический "
     "вестник. 2017. № 5. С. 88–97.",
     "article",
     {"author": ["Кузнецова, Е. В.", "Орлов, Д. С."],
      "title": "Миграция сельского населения Сибири", "journal": "Социологический вестник",
      "year": "2017", "number": "5", "pages": "88--97"}),
    ("gost-chapter",
     "Волков И. Н. Городское самоуправление в XIX веке // История Твери / под ред. "
     "П. А. Ершова. М.: Наука, 2005. С. 120–145.",
     "incollection",
     {"author": ["Волков, И. Н."], "title": "Городское самоуправление в XIX веке",
      "booktitle": "История Твери", "editor": ["Ершов, П. А."], "publisher": "Наука",
      "year": "2005", "pages": "120--145"}),
    # ------------------------------------------------------------------ Turkish, Polish, Czech
    ("turkish-article",
     "Şahin, Ö., & Güleç, İ. (2019). Kırsal turizmde yerel halkın algısı. Coğrafi Çalışmalar "
     "Dergisi, 38, 145-160.",
     "article",
     {"author": ["Şahin, Ö.", "Güleç, İ."], "title": "Kırsal turizmde yerel halkın algısı",
      "journal": "Coğrafi Çalışmalar Dergisi", "volume": "38", "pages": "145--160",
      "year": "2019"}),
    ("polish-book",
     "Wiśniewski, Łukasz. Miasta hanzeatyckie na Pomorzu. Gdańsk: Wydawnictwo Uniwersytetu "
     "Gdańskiego, 2012.",
     "book",
     {"author": ["Wiśniewski, Łukasz"], "title": "Miasta hanzeatyckie na Pomorzu",
      "address": "Gdańsk", "publisher": "Wydawnictwo Uniwersytetu Gdańskiego", "year": "2012"}),
    ("czech-book-a",
     "Dvořáková, Z. a Růžička, J. (2016). Venkovská sídla v jižních Čechách. Praha: Academia.",
     "book",
     {"author": ["Dvořáková, Z.", "Růžička, J."], "title": "Venkovská sídla v jižních Čechách",
      "address": "Praha", "publisher": "Academia", "year": "2016"}),
    ("polish-article",
     "Zieliński, K., Kowalczyk, M. (2020). Przemiany struktury agrarnej w Małopolsce. Przegląd "
     "Regionalny, 92(1), 55–74.",
     "article",
     {"author": ["Zieliński, K.", "Kowalczyk, M."],
      "title": "Przemiany struktury agrarnej w Małopolsce", "journal": "Przegląd Regionalny",
      "volume": "92", "number": "1", "pages": "55--74", "year": "2020"}),
    ("polish-article-i",
     "Nowicka, A. i Żak, T. (2018). Rynek pracy na wsi. Wieś i Rolnictwo Dziś, 3(180), 9-28.",
     "article",
     {"author": ["Nowicka, A.", "Żak, T."], "title": "Rynek pracy na wsi",
      "journal": "Wieś i Rolnictwo Dziś", "volume": "3", "number": "180", "pages": "9--28",
      "year": "2018"}),
    # ------------------------------------------------------------------ legal case
    ("legal-case",
     "Harlow v. Eastside Water District, 512 F.3d 1101 (9th Cir. 2008).",
     "misc",
     {"title": "Harlow v. Eastside Water District", "year": "2008"}),
]


# Still wrong after the second trial's rules, each for a reason a rule cannot reach without
# fitting one string (strict: a case that starts passing must be moved out of this list):
KNOWN_FAILURES = {
    # the labeller runs the container and its editor into the title; extra_training.jsonl
    # now has ACS chapters for the next retraining
    "acs-chapter": "ACS chapter: container, editor and series taken apart wrongly",
    # "Gutiérrez Ramos, María José" and "John Smith, Mary Jones" have one shape
    "spanish-book": "two surnames before a full given name read as two names",
    # the labeller takes the journal's town for the journal (extra_training: ABNT articles)
    "abnt-article": "ABNT: the journal's town printed after it is taken for the journal",
    # Russian declension: the genitive after "под ред." is kept as printed
    "gost-chapter": "GOST: editor's family name in the genitive ('Ершова' for 'Ершов')",
    # the labeller ends the title inside the journal's name ("Wieś i Rolnictwo Dziś")
    "polish-article-i": "a journal name with 'i' split by the labeller",
    # no legal citation in the training data (extra_training: US cases)
    "legal-case": "legal case: the court and year in brackets are read as a note",
}


@pytest.mark.parametrize(**trial_params(CASES, KNOWN_FAILURES))
def test_trial2(style: str, text: str, kind: str | set[str], expected: dict) -> None:
    assert_parsed(text, kind, expected)


# --------------------------------------------------------------------------- the rules' limits

def test_conjunction_between_names_only_after_an_initial() -> None:
    from citecheck.parse.normalize import parse_names

    names, _ = parse_names("Dvořáková, Z. a Růžička, J.")
    assert [str(n) for n in names] == ["Dvořáková, Z.", "Růžička, J."]
    # a Catalan "i" inside a name, and lower-case words, are left alone
    assert len(parse_names("Josep Puig i Cadafalch")[0]) == 1


def test_town_then_publisher_split_only_when_the_tail_is_no_region() -> None:
    from citecheck.parse.normalize import normalize

    assert normalize({"location": ["Milano, Electa,"]})[0] == {
        "publisher": "Electa", "address": "Milano"}
    for place in ("London, Ontario", "Amsterdam, The Netherlands", "Washington, D",
                  "Cambridge, MA"):
        assert normalize({"location": [place]})[0] == {"address": place}, place


def test_page_count_stays_the_pages_as_the_data_label_it() -> None:
    from citecheck.parse.normalize import normalize

    for count in ("312 p.", "38 pages.", "– 412 с."):
        assert normalize({"pages": [count]})[0]["pages"] == count.strip("–. ").split()[0], count
    assert normalize({"pages": ["p. 312"]})[0]["pages"] == "312"


def test_journal_keeps_the_period_of_an_abbreviation_only() -> None:
    from citecheck.parse.normalize import normalize

    assert normalize({"journal": ["J. Log. Comput.,"]})[0]["journal"] == "J. Log. Comput."
    assert normalize({"journal": ["Nature."]})[0]["journal"] == "Nature"
    assert normalize({"journal": ["Journal of Social History."]})[0]["journal"] == (
        "Journal of Social History")


def test_words_labelled_url_without_dot_or_slash_are_no_url() -> None:
    from citecheck.parse.normalize import normalize

    assert normalize({"url": ["Zenodo."]})[0] == {"howpublished": "Zenodo"}
    assert normalize({"url": ["methodwrappers"]})[0] == {}


def test_a_newspaper_named_standard_is_not_a_standard() -> None:
    from citecheck.parse.fields import PATENT_OR_STANDARD

    assert not PATENT_OR_STANDARD.search("London Evening Standard")
    assert PATENT_OR_STANDARD.search("IEEE Std 802.3-2018")
    assert PATENT_OR_STANDARD.search("U.S. Patent 10 123 456")


@pytest.mark.parametrize(("text", "title", "publisher"), [
    ("Carr, N. (2010). The shallows: What the Internet is doing to our brains. W. W. Norton.",
     "The shallows: What the Internet is doing to our brains", "W. W. Norton"),
    ("Okafor, B. (2016). Salt and silence: A history of the delta towns. R. R. Donnelley.",
     "Salt and silence: A history of the delta towns", "R. R. Donnelley"),
])
def test_closing_names_without_an_editor_cue_are_the_publisher(text: str, title: str, publisher: str) -> None:
    ref = parse_reference(text)
    assert (ref.type, ref.fields.title, ref.fields.publisher, ref.fields.editor) == (
        "book", title, publisher, [])


def test_announced_editors_stay_editors() -> None:
    ref = parse_reference("Smith, J. (2019). Title of chapter. In A. Jones (Ed.), Big book (pp. 1-20). Sage.")
    assert [n.family for n in ref.fields.editor] == ["Jones"] and ref.fields.publisher == "Sage"


@pytest.mark.parametrize(("text", "title"), [
    ("Baron, N. S. (2021). How we read now: Strategic choices for print, screen, and audio. "
     "Oxford University Press.", "How we read now: Strategic choices for print, screen, and audio"),
    ("Lind, P. (2015). Rivers, roads, and rails: Moving goods in the north. Yale University Press.",
     "Rivers, roads, and rails: Moving goods in the north"),
])
def test_title_items_after_a_comma_are_not_the_publisher(text: str, title: str) -> None:
    ref = parse_reference(text)
    assert ref.fields.title == title and ref.fields.publisher.endswith("University Press")


@pytest.mark.parametrize(("text", "url"), [
    ("Jones, A. (2019). Lake notes. Lake Notes.http://lakes.example.org/survey.html",
     "http://lakes.example.org/survey.html"),
    ("Ortiz, M. 2020. Tide tables. Harbour Office, Vigo.https://harbour.example.es/tides",
     "https://harbour.example.es/tides"),
])
def test_a_word_glued_before_the_url_is_not_part_of_it(text: str, url: str) -> None:
    assert parse_reference(text).fields.url == url


def test_a_url_inside_a_url_stays() -> None:
    from citecheck.parse.normalize import normalize_url

    assert normalize_url("https://a.example.org/go?to=http://b.example.org/x") == (
        "https://a.example.org/go?to=http://b.example.org/x")
