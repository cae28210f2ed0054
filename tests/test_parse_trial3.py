"""Third trial of the reference parser: the reference lists of the humanities and social sciences.

French, German, Italian and Spanish conventions (guillemets, 'dir.', 'éd.', 'coll.', 'Hg. v.',
'Bd.', 'S.', 'Aufl.', 'a cura di', '(coord.)'), Chicago notes-bibliography with series,
MLA 9 containers, Harvard editions, reprints and translations, multi-volume works, theses,
newspapers, archival sources and classical texts.

Every string here was written for these tests: invented works, people, publishers' lists
and series (real publishers' and towns' names, as a real list prints them); none is taken
from the training or benchmark data. Each row names the style and document type, the
string, the entry type (a set when a careful cataloguer could file the work either way) and
the BibTeX fields a careful human would extract (name lists as "Family, Given" strings;
``None``: the field must be absent). Fields not named are not checked.
"""

from __future__ import annotations

import pytest

from citecheck.parse import parse_reference
from parse_cases import assert_parsed, trial_params

BOOK = {"book", "inbook"}
CHAPTER = {"incollection", "inbook"}

CASES = [
    # ------------------------------------------------------------------ French
    ("fr-book-puf",
     "Morel, Jean, L'invention du paysage rural, Paris, PUF, 1995.",
     "book",
     {"author": ["Morel, Jean"], "title": "L'invention du paysage rural", "address": "Paris",
      "publisher": "PUF", "year": "1995"}),
    ("fr-book-coll",
     "Garnier, Sylvie, Les confréries de pénitents en Provence, Aix-en-Provence, Presses "
     "universitaires de Provence, coll. « Le temps de l'histoire », 2012, 384 p.",
     "book",
     {"author": ["Garnier, Sylvie"], "title": "Les confréries de pénitents en Provence",
      "address": "Aix-en-Provence", "publisher": "Presses universitaires de Provence",
      "series": "Le temps de l'histoire", "year": "2012"}),
    ("fr-chapter-dans-dir",
     "Bertrand, Luc, « Les foires de Beaucaire au XVIIIe siècle », dans Anne Morin (dir.), "
     "Marchés et marchands du Midi, Toulouse, Privat, 2004, p. 45-67.",
     "incollection",
     {"author": ["Bertrand, Luc"], "title": "Les foires de Beaucaire au XVIIIe siècle",
      "editor": ["Morin, Anne"], "booktitle": "Marchés et marchands du Midi",
      "address": "Toulouse", "publisher": "Privat", "year": "2004", "pages": "45--67"}),
    ("fr-chapter-in-two-dir",
     "Roux, Hélène, « La mémoire des vignerons », in Pierre Lacombe et Marie Dufour (dir.), "
     "Terroirs et sociétés, Rennes, PUR, 2016, p. 112-130.",
     "incollection",
     {"author": ["Roux, Hélène"], "title": "La mémoire des vignerons",
      "editor": ["Lacombe, Pierre", "Dufour, Marie"], "booktitle": "Terroirs et sociétés",
      "address": "Rennes", "publisher": "PUR", "year": "2016", "pages": "112--130"}),
    ("fr-tome",
     "Vidal, Paul, Histoire de la Gascogne, t. 2, Bordeaux, Féret, 1898.",
     "book",
     {"author": ["Vidal, Paul"], "title": "Histoire de la Gascogne", "volume": "2",
      "address": "Bordeaux", "publisher": "Féret", "year": "1898"}),
    ("fr-article-vol-no",
     "Leclerc, Anne, « Les registres paroissiaux comme source », Annales de démographie "
     "historique, vol. 41, n° 2, 2008, p. 77-98.",
     "article",
     {"author": ["Leclerc, Anne"], "title": "Les registres paroissiaux comme source",
      "journal": "Annales de démographie historique", "volume": "41", "number": "2",
      "year": "2008", "pages": "77--98"}),
    ("fr-these",
     "Fabre, Mathilde, Les élites urbaines de Montpellier (1680-1790), thèse de doctorat, "
     "Université Paul-Valéry Montpellier 3, 2014.",
     "phdthesis",
     {"author": ["Fabre, Mathilde"], "title": "Les élites urbaines de Montpellier (1680-1790)",
      "school": "Université Paul-Valéry Montpellier 3", "year": "2014"}),
    ("fr-ed-book",
     "Girard, Bernard (éd.), Lettres d'un curé de campagne, Paris, Éditions du Cerf, 2001.",
     "book",
     {"editor": ["Girard, Bernard"], "author": None, "title": "Lettres d'un curé de campagne",
      "address": "Paris", "publisher": "Éditions du Cerf", "year": "2001"}),
    ("fr-trad",
     "Lindqvist, Sven, Les voyageurs du Nord, trad. de Marc Aubry, Arles, Actes Sud, 2007.",
     "book",
     {"author": ["Lindqvist, Sven"], "title": "Les voyageurs du Nord",
      "translator": ["Aubry, Marc"], "address": "Arles", "publisher": "Actes Sud",
      "year": "2007"}),
    ("fr-newspaper",
     "Duval, Claire, « La grève des dockers s'étend », Le Monde, 14 mars 1978, p. 8.",
     "article",
     {"author": ["Duval, Claire"], "title": "La grève des dockers s'étend",
      "journal": "Le Monde", "year": "1978", "month": "mar", "pages": "8"}),
    ("fr-edition",
     "Perrin, Jacques, Introduction à l'histoire rurale, 3e éd., Paris, Armand Colin, 2010.",
     "book",
     {"author": ["Perrin, Jacques"], "title": "Introduction à l'histoire rurale",
      "edition": "3", "address": "Paris", "publisher": "Armand Colin", "year": "2010"}),
    ("fr-dir-book-coll",
     "Marchand, Odile (dir.), Les villes du Nord au Moyen Âge, Villeneuve-d'Ascq, Presses "
     "universitaires du Septentrion, coll. « Histoire et civilisations », 2011.",
     "book",
     {"editor": ["Marchand, Odile"], "author": None, "title": "Les villes du Nord au Moyen Âge",
      "address": "Villeneuve-d'Ascq", "publisher": "Presses universitaires du Septentrion",
      "series": "Histoire et civilisations", "year": "2011"}),
    ("fr-given-first-article",
     "Jeanne Aubert, « Le sel de Salins et ses routes », Revue du Nord, t. 87, 2005, "
     "p. 203-226.",
     "article",
     {"author": ["Aubert, Jeanne"], "title": "Le sel de Salins et ses routes",
      "journal": "Revue du Nord", "volume": "87", "year": "2005", "pages": "203--226"}),
    ("fr-tomes-count",
     "Lambert, Henri, Histoire économique de la Bretagne, Rennes, Ouest-France, 1982, 3 vol.",
     "book",
     {"author": ["Lambert, Henri"], "title": "Histoire économique de la Bretagne",
      "address": "Rennes", "publisher": "Ouest-France", "year": "1982", "volumes": "3"}),
    # ------------------------------------------------------------------ German
    ("de-chapter-in-hg",
     "Krüger, Martin: Die Zünfte in Nürnberg. In: Albrecht, Sabine (Hg.): Stadt und Handwerk "
     "im Spätmittelalter. Köln: Böhlau, 2009, S. 1–20.",
     "incollection",
     {"author": ["Krüger, Martin"], "title": "Die Zünfte in Nürnberg",
      "editor": ["Albrecht, Sabine"], "booktitle": "Stadt und Handwerk im Spätmittelalter",
      "address": "Köln", "publisher": "Böhlau", "year": "2009", "pages": "1--20"}),
    ("de-hg-v",
     "Schmitt, Karl: Briefe aus dem Exil. Hg. v. Ulrike Hahn. Berlin: Aufbau 1996.",
     "book",
     {"author": ["Schmitt, Karl"], "title": "Briefe aus dem Exil", "editor": ["Hahn, Ulrike"],
      "address": "Berlin", "publisher": "Aufbau", "year": "1996"}),
    ("de-bd",
     "Wagner, Otto: Geschichte der Stadt Ulm. Bd. 3. Ulm: Süddeutsche Verlagsgesellschaft 1978.",
     "book",
     {"author": ["Wagner, Otto"], "title": "Geschichte der Stadt Ulm", "volume": "3",
      "address": "Ulm", "publisher": "Süddeutsche Verlagsgesellschaft", "year": "1978"}),
    ("de-aufl",
     "Brandt, Helga: Einführung in die Sozialgeschichte. 4. Aufl. München: Beck 2012.",
     "book",
     {"author": ["Brandt, Helga"], "title": "Einführung in die Sozialgeschichte",
      "edition": "4", "address": "München", "publisher": "Beck", "year": "2012"}),
    ("de-article-in-s",
     "Lorenz, Peter: Bauern und Herren in der Mark. In: Zeitschrift für Agrargeschichte 58 "
     "(2010), S. 33–61.",
     "article",
     {"author": ["Lorenz, Peter"], "title": "Bauern und Herren in der Mark",
      "journal": "Zeitschrift für Agrargeschichte", "volume": "58", "year": "2010",
      "pages": "33--61"}),
    ("de-uebers",
     "Mørk, Henrik: Die Fischer von Skagen. Übers. v. Eva Kern. Hamburg: Rowohlt 2004.",
     "book",
     {"author": ["Mørk, Henrik"], "title": "Die Fischer von Skagen",
      "translator": ["Kern, Eva"], "address": "Hamburg", "publisher": "Rowohlt",
      "year": "2004"}),
    ("de-diss",
     "Hoffmann, Jens: Armenfürsorge in Bremen 1800–1850. Diss. Universität Bremen 2003.",
     "phdthesis",
     {"author": ["Hoffmann, Jens"], "title": "Armenfürsorge in Bremen 1800–1850",
      "school": "Universität Bremen", "year": "2003"}),
    ("de-series-parens",
     "Keller, Ruth: Die Klöster am Bodensee. Sigmaringen: Thorbecke 1995 (Vorträge und "
     "Forschungen 42).",
     "book",
     {"author": ["Keller, Ruth"], "title": "Die Klöster am Bodensee", "address": "Sigmaringen",
      "publisher": "Thorbecke", "year": "1995", "series": "Vorträge und Forschungen"}),
    ("de-hg-von-book",
     "Migration in der Frühen Neuzeit. Hg. von Thomas Vogel und Anna Reuter. Frankfurt am "
     "Main: Campus 2018.",
     "book",
     {"editor": ["Vogel, Thomas", "Reuter, Anna"], "author": None,
      "title": "Migration in der Frühen Neuzeit", "address": "Frankfurt am Main",
      "publisher": "Campus", "year": "2018"}),
    ("de-comma-aufl",
     "Fischer, Gerd, Handel und Wandel an der Ostsee, 2. Aufl., Lübeck 1988.",
     "book",
     {"author": ["Fischer, Gerd"], "title": "Handel und Wandel an der Ostsee",
      "edition": "2", "address": "Lübeck", "year": "1988"}),
    ("de-bde-count",
     "Engel, Walter: Die Reichsstädte. 3 Bde. Stuttgart: Kohlhammer 1970–1975.",
     "book",
     {"author": ["Engel, Walter"], "title": "Die Reichsstädte", "volumes": "3",
      "address": "Stuttgart", "publisher": "Kohlhammer", "year": "1970"}),
    ("de-newspaper",
     "Berger, Anne: Der lange Abschied vom Bergbau. In: Frankfurter Allgemeine Zeitung, "
     "12.03.2015, S. 9.",
     "article",
     {"author": ["Berger, Anne"], "title": "Der lange Abschied vom Bergbau",
      "journal": "Frankfurter Allgemeine Zeitung", "year": "2015", "pages": "9"}),
    ("de-chapter-hg-v-container",
     "Sommer, Lisa: Frauen im Zunfthandwerk. In: Handwerk und Geschlecht. Hg. v. Jörg Bauer. "
     "Münster: Waxmann 2007, S. 88–105.",
     "incollection",
     {"author": ["Sommer, Lisa"], "title": "Frauen im Zunfthandwerk",
      "booktitle": "Handwerk und Geschlecht", "editor": ["Bauer, Jörg"], "address": "Münster",
      "publisher": "Waxmann", "year": "2007", "pages": "88--105"}),
    ("de-article-jahrgang-heft",
     "Roth, Anja: Stiftungen im Spätmittelalter. In: Historische Zeitschrift 301 (2015), "
     "H. 2, S. 299–330.",
     "article",
     {"author": ["Roth, Anja"], "title": "Stiftungen im Spätmittelalter",
      "journal": "Historische Zeitschrift", "volume": "301", "number": "2", "year": "2015",
      "pages": "299--330"}),
    # ------------------------------------------------------------------ Italian
    ("it-book",
     "Ferri, Giulio, Il commercio delle lane a Prato, Milano, Feltrinelli, 1981.",
     "book",
     {"author": ["Ferri, Giulio"], "title": "Il commercio delle lane a Prato",
      "address": "Milano", "publisher": "Feltrinelli", "year": "1981"}),
    ("it-chapter-a-cura-before",
     "L. Bassi, La confraternita del Rosario, in M. Conti (a cura di), Chiese e società a "
     "Bologna, Bologna, Il Mulino, 1997, pp. 201-230.",
     "incollection",
     {"author": ["Bassi, L."], "title": "La confraternita del Rosario", "editor": ["Conti, M."],
      "booktitle": "Chiese e società a Bologna", "address": "Bologna",
      "publisher": "Il Mulino", "year": "1997", "pages": "201--230"}),
    ("it-vol",
     "Rinaldi, Paolo, Storia di Venezia, vol. 2, Roma, Laterza, 1990.",
     "book",
     {"author": ["Rinaldi, Paolo"], "title": "Storia di Venezia", "volume": "2",
      "address": "Roma", "publisher": "Laterza", "year": "1990"}),
    ("it-article-guillemets",
     "Bianchi, Elena, I mercanti fiorentini a Lione, in «Rivista storica italiana», 112 "
     "(2000), pp. 45-88.",
     "article",
     {"author": ["Bianchi, Elena"], "title": "I mercanti fiorentini a Lione",
      "journal": "Rivista storica italiana", "volume": "112", "year": "2000",
      "pages": "45--88"}),
    ("it-trad",
     "Neumann, Karl, La città e il fiume, trad. it. di Laura Greco, Torino, Einaudi, 2003.",
     "book",
     {"author": ["Neumann, Karl"], "title": "La città e il fiume",
      "translator": ["Greco, Laura"], "address": "Torino", "publisher": "Einaudi",
      "year": "2003"}),
    ("it-tesi",
     "Marino, Chiara, Le corporazioni a Napoli nel Settecento, tesi di dottorato, Università "
     "di Napoli Federico II, 2015.",
     "phdthesis",
     {"author": ["Marino, Chiara"], "title": "Le corporazioni a Napoli nel Settecento",
      "school": "Università di Napoli Federico II", "year": "2015"}),
    ("it-edizione",
     "Galli, Sergio, Manuale di storia moderna, 3a ed., Bologna, Il Mulino, 2008.",
     "book",
     {"author": ["Galli, Sergio"], "title": "Manuale di storia moderna", "edition": "3",
      "address": "Bologna", "publisher": "Il Mulino", "year": "2008"}),
    ("it-series-parens",
     "Costa, Marta, Il notariato genovese nel Trecento, Genova, Società ligure di storia "
     "patria, 2006 (Fonti e studi, 14).",
     "book",
     {"author": ["Costa, Marta"], "title": "Il notariato genovese nel Trecento",
      "address": "Genova", "publisher": "Società ligure di storia patria", "year": "2006",
      "series": "Fonti e studi"}),
    ("it-newspaper",
     "P. Valli, Il porto chiude per sciopero, «Corriere della Sera», 3 aprile 1969, p. 5.",
     "article",
     {"author": ["Valli, P."], "title": "Il porto chiude per sciopero",
      "journal": "Corriere della Sera", "year": "1969", "pages": "5"}),
    # ------------------------------------------------------------------ Spanish
    ("es-coord",
     "Ruiz, Ana (coord.), Historia de la alimentación en Castilla, Madrid, Síntesis, 2010.",
     "book",
     {"editor": ["Ruiz, Ana"], "author": None, "title": "Historia de la alimentación en Castilla",
      "address": "Madrid", "publisher": "Síntesis", "year": "2010"}),
    ("es-apa-colon",
     "Serrano, M. (2004). La frontera del vino. Madrid: Cátedra.",
     "book",
     {"author": ["Serrano, M."], "title": "La frontera del vino", "address": "Madrid",
      "publisher": "Cátedra", "year": "2004"}),
    ("es-chapter-en-ed",
     "Navarro, Luis, «Los pósitos de Aragón», en Carmen Blasco (ed.), El crédito rural en "
     "España, Zaragoza, Prensas Universitarias de Zaragoza, 2012, pp. 77-101.",
     "incollection",
     {"author": ["Navarro, Luis"], "title": "Los pósitos de Aragón", "editor": ["Blasco, Carmen"],
      "booktitle": "El crédito rural en España", "address": "Zaragoza",
      "publisher": "Prensas Universitarias de Zaragoza", "year": "2012", "pages": "77--101"}),
    ("es-trad",
     "Holm, Erik, El bosque callado, trad. de Pilar Ortega, Barcelona, Anagrama, 1999.",
     "book",
     {"author": ["Holm, Erik"], "title": "El bosque callado", "translator": ["Ortega, Pilar"],
      "address": "Barcelona", "publisher": "Anagrama", "year": "1999"}),
    ("es-tesis",
     "Mendoza, Raúl, La hacienda colonial en Nueva Granada, tesis doctoral, Universidad "
     "Nacional de Colombia, 2017.",
     "phdthesis",
     {"author": ["Mendoza, Raúl"], "title": "La hacienda colonial en Nueva Granada",
      "school": "Universidad Nacional de Colombia", "year": "2017"}),
    ("es-article-guillemets",
     "Ortega, Inés, «Las cofradías sevillanas en el siglo XVII», Hispania Sacra, vol. 64, "
     "n.º 129, 2012, pp. 55-80.",
     "article",
     {"author": ["Ortega, Inés"], "title": "Las cofradías sevillanas en el siglo XVII",
      "journal": "Hispania Sacra", "volume": "64", "number": "129", "year": "2012",
      "pages": "55--80"}),
    # ------------------------------------------------------------------ Chicago notes-bibliography
    ("chicago-series-parens",
     "Ellery, John. The Guild and the Parish: Religious Fraternities in Late Medieval York. "
     "Cambridge Studies in Medieval Life and Thought, 12. Cambridge: Cambridge University "
     "Press, 2009.",
     "book",
     {"author": ["Ellery, John"],
      "title": "The Guild and the Parish: Religious Fraternities in Late Medieval York",
      "series": "Cambridge Studies in Medieval Life and Thought", "address": "Cambridge",
      "publisher": "Cambridge University Press", "year": "2009"}),
    ("chicago-note-series",
     "Whitcombe, Harriet. Tithes and Tenants in Early Modern Norfolk (Woodbridge: Boydell "
     "Press, 2011).",
     "book",
     {"author": ["Whitcombe, Harriet"], "title": "Tithes and Tenants in Early Modern Norfolk",
      "address": "Woodbridge", "publisher": "Boydell Press", "year": "2011"}),
    ("chicago-edited-reprint",
     "Marsh, Eleanor. Letters from the Frontier. Edited by Thomas Greer. 1872. Reprint, "
     "Lincoln: University of Nebraska Press, 1988.",
     "book",
     {"author": ["Marsh, Eleanor"], "title": "Letters from the Frontier",
      "editor": ["Greer, Thomas"], "address": "Lincoln",
      "publisher": "University of Nebraska Press"}),
    ("chicago-translated",
     "Lindahl, Karin. The Salt Roads. Translated by Peter Ames. Minneapolis: University of "
     "Minnesota Press, 2015.",
     "book",
     {"author": ["Lindahl, Karin"], "title": "The Salt Roads", "translator": ["Ames, Peter"],
      "address": "Minneapolis", "publisher": "University of Minnesota Press", "year": "2015"}),
    ("chicago-vols",
     "Cartwright, Neville. A History of the Welsh Woollen Trade. 3 vols. Cardiff: University "
     "of Wales Press, 1968–72.",
     "book",
     {"author": ["Cartwright, Neville"], "title": "A History of the Welsh Woollen Trade",
      "volumes": "3", "address": "Cardiff", "publisher": "University of Wales Press",
      "year": "1968"}),
    ("chicago-vol-of",
     "Cartwright, Neville. The Rise of the Mills. Vol. 2 of A History of the Welsh Woollen "
     "Trade. Cardiff: University of Wales Press, 1970.",
     "book",
     {"author": ["Cartwright, Neville"], "title": "The Rise of the Mills", "volume": "2",
      "address": "Cardiff", "publisher": "University of Wales Press", "year": "1970"}),
    ("chicago-chapter-edited-by",
     "Pryce, Owen. \"Drovers and Markets.\" In The Agrarian History of Wales, edited by "
     "Margaret Lloyd, 214–39. Cardiff: University of Wales Press, 2002.",
     "incollection",
     {"author": ["Pryce, Owen"], "title": "Drovers and Markets",
      "booktitle": "The Agrarian History of Wales", "editor": ["Lloyd, Margaret"],
      "pages": "214--239", "address": "Cardiff", "publisher": "University of Wales Press",
      "year": "2002"}),
    ("classical-edited",
     "Ovid. Metamorphoses. Edited by Martin Hale. London: Fenwick Classics, 2019.",
     "book",
     {"author": ["Ovid"], "title": "Metamorphoses", "editor": ["Hale, Martin"],
      "address": "London", "publisher": "Fenwick Classics", "year": "2019"}),
    ("classical-translated",
     "Tacitus. The Annals. Translated by Helen Carver. Oxford: Ashdown Press, 2011.",
     "book",
     {"author": ["Tacitus"], "title": "The Annals", "translator": ["Carver, Helen"],
      "address": "Oxford", "publisher": "Ashdown Press", "year": "2011"}),
    ("chicago-newspaper",
     "Hale, Robert. \"Mill Town Mourns Its Last Loom.\" Boston Evening Transcript, March 3, "
     "1931.",
     "article",
     {"author": ["Hale, Robert"], "title": "Mill Town Mourns Its Last Loom",
      "journal": "Boston Evening Transcript", "year": "1931", "month": "mar"}),
    ("chicago-archival-letter",
     "Reid, James. Letter to Ann Reid, May 14, 1862. Reid Family Papers, box 3, folder 12. "
     "Southern Historical Collection, University of North Carolina, Chapel Hill.",
     {"misc", "unpublished"},
     {"author": ["Reid, James"], "title": "Letter to Ann Reid", "year": "1862"}),
    # ------------------------------------------------------------------ MLA 9
    ("mla-season-container",
     "Ashworth, Fiona. \"Silence and Witness in Postwar Fiction.\" Modern Fiction Review, "
     "vol. 61, no. 4, Winter 2019, pp. 611-34.",
     "article",
     {"author": ["Ashworth, Fiona"], "title": "Silence and Witness in Postwar Fiction",
      "journal": "Modern Fiction Review", "volume": "61", "number": "4", "year": "2019",
      "pages": "611--634"}),
    ("mla-translated-by",
     "Sørlie, Ingrid. The Frozen Harbor. Translated by Paul Vance, Northwind Press, 2018.",
     "book",
     {"author": ["Sørlie, Ingrid"], "title": "The Frozen Harbor", "translator": ["Vance, Paul"],
      "publisher": "Northwind Press", "year": "2018"}),
    ("mla-edition",
     "Barlow, Henry. A Short History of the English Novel. 5th ed., Longmont Press, 2012.",
     "book",
     {"author": ["Barlow, Henry"], "title": "A Short History of the English Novel",
      "edition": "5", "publisher": "Longmont Press", "year": "2012"}),
    ("mla-edited-vol",
     "Lyle, Agnes. The Letters of Agnes Lyle. Edited by Mark Dunne, vol. 2, Clarendon Press, "
     "1999.",
     "book",
     {"author": ["Lyle, Agnes"], "title": "The Letters of Agnes Lyle", "editor": ["Dunne, Mark"],
      "volume": "2", "publisher": "Clarendon Press", "year": "1999"}),
    ("mla-chapter-translated-container",
     "Kovač, Mira. \"The Well.\" Stories from the Drava, translated by Ian Rusk, Seagull "
     "Books, 2016, pp. 12-29.",
     CHAPTER,
     {"author": ["Kovač, Mira"], "title": "The Well", "booktitle": "Stories from the Drava",
      "translator": ["Rusk, Ian"], "publisher": "Seagull Books", "year": "2016",
      "pages": "12--29"}),
    ("mla-republished",
     "Grange, Edith. The Orchard Year. 1921. Meadowbank Press, 2005.",
     "book",
     {"author": ["Grange, Edith"], "title": "The Orchard Year", "publisher": "Meadowbank Press"}),
    # ------------------------------------------------------------------ Harvard
    ("harvard-edn",
     "Taylor, M. (2014) Social research methods. 3rd edn. London: Sage.",
     "book",
     {"author": ["Taylor, M."], "title": "Social research methods", "edition": "3",
      "address": "London", "publisher": "Sage", "year": "2014"}),
    ("harvard-chapter-eds-edn",
     "Clarke, J. (2009) 'Welfare and the state', in Hughes, G. and Lewis, P. (eds) "
     "Unsettling welfare. 2nd edn. London: Routledge, pp. 112–145.",
     "incollection",
     {"author": ["Clarke, J."], "title": "Welfare and the state",
      "editor": ["Hughes, G.", "Lewis, P."], "booktitle": "Unsettling welfare",
      "edition": "2", "address": "London", "publisher": "Routledge", "year": "2009",
      "pages": "112--145"}),
    ("harvard-translated",
     "Brun, A. (2001) The silent city. Translated by K. Moss. London: Verso.",
     "book",
     {"author": ["Brun, A."], "title": "The silent city", "translator": ["Moss, K."],
      "address": "London", "publisher": "Verso", "year": "2001"}),
    ("harvard-series",
     "Dunmore, P. (2005) Enclosure and the rural poor. Studies in Economic and Social "
     "History, 14. Basingstoke: Macmillan.",
     "book",
     {"author": ["Dunmore, P."], "title": "Enclosure and the rural poor",
      "series": "Studies in Economic and Social History", "address": "Basingstoke",
      "publisher": "Macmillan", "year": "2005"}),
    ("harvard-original-year",
     "Hale, T. (1932/2010) The cotton towns. Manchester: Manchester University Press.",
     "book",
     {"author": ["Hale, T."], "title": "The cotton towns", "address": "Manchester",
      "publisher": "Manchester University Press", "year": "1932"}),
    ("harvard-thesis",
     "Morgan, S. (2012) Chapel and community in the Rhondda, 1890–1914. PhD thesis. "
     "Cardiff University.",
     "phdthesis",
     {"author": ["Morgan, S."], "title": "Chapel and community in the Rhondda, 1890–1914",
      "school": "Cardiff University", "year": "2012"}),
]

# Still wrong after this trial's rules, each for a reason a rule cannot reach without fitting
# one string (strict: a case that starts passing must be moved out of this list):
KNOWN_FAILURES: dict[str, str] = {
    # the labeller reads the container's words after "(dir.)," as more editors' names
    "fr-chapter-dans-dir": "French 'dans X (dir.), Container': container read as editor names",
    # "Arles, Actes Sud": neither is a known town or a publisher's word, and English lists
    # print "Praeger, Santa Barbara" in the same shape
    "fr-trad": "'Town, Publisher' with an unknown town: no general way to tell the order",
    # "Bd. 3. Ulm: …" the labeller runs the volume over the place; Ulm is no known town
    "de-bd": "German 'Bd. 3. Ort: Verlag': the place labelled as part of the volume",
    # "Chiese e società a Bologna, Bologna, Il Mulino": the town that ends the container's
    # title is taken for the place and printed twice
    "it-chapter-a-cura-before": "a container title ending in the town that is also the place",
    # "…España, Zaragoza, Prensas Universitarias de Zaragoza": the labeller splits the
    # publisher inside its name; Zaragoza is no known town
    "es-chapter-en-ed": "Spanish container, unknown town and a publisher split by the labeller",
    # "1872. Reprint, Lincoln: …": the reprint's imprint is kept whole in the note
    "chicago-edited-reprint": "Chicago reprint: the later imprint stays in the note",
    "chicago-vol-of": "Chicago 'Vol. 2 of <multi-volume title>' stays in the title",
    "chicago-archival-letter": "archival letter: the collection's family name read as an author",
    # the labeller calls the title of a book with "Edited by …, vol. 2," a journal
    "mla-edited-vol": "MLA book with editor and volume: title labelled as a journal",
    "mla-chapter-translated-container": "MLA container after a quoted title: run into the title and note",
}


@pytest.mark.parametrize(**trial_params(CASES, KNOWN_FAILURES))
def test_trial3(style: str, text: str, kind: str | set[str], expected: dict) -> None:
    assert_parsed(text, kind, expected)


# --------------------------------------------------------------------------- the rules' limits

def _labels(text: str) -> list[tuple[str, str]]:
    from citecheck.parse import load_labeller
    from citecheck.parse.fields import repair_labels
    from citecheck.parse.tokens import tokenize

    tokens = tokenize(text)
    return list(zip(tokens, repair_labels(tokens, load_labeller().tag(tokens))))


def test_a_bracketed_imprint_is_no_series() -> None:
    ref = parse_reference("Burns, J. H., and Mark Goldie (eds.) (1991), The Cambridge History of "
                          "Political Thought 1450-1700 (Cambridge: Cambridge University Press).")
    assert ref.fields.series is None


def test_coll_before_a_volume_is_no_series() -> None:
    ref = parse_reference("A. J. Zambito et E. E. Howe. Org. Synth. Coll. Vol. 5, 373 (1973).")
    assert ref.fields.series is None


def test_an_ordinal_volume_is_no_count() -> None:
    # "3. Bd." is the third volume, "3 Bde." three volumes
    from citecheck.parse.normalize import normalize

    assert normalize({"volume": ["3 Bde."]})[0] == {"volumes": "3"}
    assert "volumes" not in normalize({"volume": ["Bd. 3."]})[0]


def test_role_phrase_stops_at_the_names_end() -> None:
    labels = _labels("Holm, Erik, El bosque callado, trad. de Pilar Ortega, Barcelona, Anagrama, 1999.")
    assert [t for t, lab in labels if lab == "translator"] == ["trad.", "de", "Pilar", "Ortega,"]
    # "translated by A, and B": the comma before "and" continues the list
    ref = parse_reference("Brun, Anne. The Silent City. Translated by Kay Moss, and Lee Hart. "
                          "London: Verso, 2001.")
    assert [n.family for n in ref.fields.translator] == ["Moss", "Hart"]


def test_a_title_word_that_is_a_role_word_stays_in_the_title() -> None:
    # no names after "by": "Edited by Nature" is no role phrase
    ref = parse_reference("Lee, K. (2019). Edited by nature: gene drives. Journal of Ethics, 4(2), 1-9.")
    assert ref.fields.editor == [] and ref.fields.title.startswith("Edited by nature")
