"""Polish personal names without a model: first-name gazetteer, inflection, surname shapes, a person key.

The first names below were written by hand from general knowledge of Polish
naming (common given names of all generations, their everyday diminutives, and
the foreign names most often met in Poland). ``benchmarks/pii_names.py``
*measures* their coverage against the PESEL registry counts; nothing here was
copied from that file.

Every base form is expanded by the declension rules of Polish nouns into its
case forms (genitive, dative, accusative, instrumental, locative, vocative), so
"Jana", "Janowi", "Janem", "Janie" all lead back to "Jan", and "Annie", "Annę",
"Anną" to "Anna".

>>> first_name_lemma("Pawłowi"), first_name_lemma("Katarzynę"), first_name_lemma("stół")
('Paweł', 'Katarzyna', None)
>>> [surname_shape(w) for w in ("Kowalskiego", "Wiśniewską", "Mickiewicza", "Stół")]
['adj', 'adj', 'wicz', None]
>>> name_key("Jana Kowalskiego") == name_key("Janowi Kowalskiemu") == name_key("Jan Kowalski")
True
>>> name_key("Annie Nowak") == name_key("Anna Nowak")
True
"""

from __future__ import annotations

import re
from functools import lru_cache

from pomocbot.text.normalize import fold_diacritics
from pomocbot.text.stopwords import POLISH_STOPWORDS

__all__ = [
    "FEMALE_FIRST_NAMES",
    "FIRST_NAME_FORMS",
    "FOREIGN_FIRST_NAMES",
    "MALE_FIRST_NAMES",
    "SURNAMES",
    "first_name_lemma",
    "name_key",
    "surname_shape",
    "surname_stem",
]

# Base forms. "Paweł/Pawł" gives the stem of the oblique cases where a vowel
# drops; stems of "-ek" / "-iek" names (Marek -> Marka, Heniek -> Heńka) are derived.
_MALE = """
Piotr Krzysztof Tomasz Andrzej Paweł/Pawł Jan Michał Marcin Jakub Adam Marek Łukasz Grzegorz Mateusz
Wojciech Mariusz Dariusz Zbigniew Jerzy Maciej Rafał Robert Kamil Józef Stanisław Ryszard Tadeusz Jacek
Janusz Kazimierz Dawid Mirosław Sławomir Bartosz Daniel Szymon Przemysław Artur Sebastian Damian Roman
Henryk Leszek Zdzisław Waldemar Wiesław Władysław Edward Bogdan Czesław Radosław Adrian Patryk
Kacper/Kacpr Filip Dominik Hubert Karol Krystian Norbert Konrad Arkadiusz Jarosław Bogusław Eugeniusz
Stefan Zenon Antoni Franciszek Aleksander/Aleksandr Wiktor Igor Oskar Nikodem Ignacy Leon Tymon Tymoteusz
Bartłomiej Emil Kornel Olaf Oliwer Fabian Julian Gabriel Natan Miłosz Borys Milan Marcel Ksawery Alan
Maksymilian Cezary Jędrzej Jeremi Kajetan Konstanty Lech Leonard Ludwik Łucjan Lucjan Marian Mieczysław
Mikołaj Tobiasz Witold Wacław Walenty Wincenty Zygmunt Alfred Alojzy Ambroży Albert Augustyn Bernard
Błażej Bolesław Bronisław Bruno Cyprian Dionizy Edmund Emilian Ernest Erwin Eryk Feliks Florian Fryderyk
Gerard Gustaw Herbert Hieronim Hilary Ireneusz Joachim Jonasz Juliusz Justyn Kordian Lesław Leopold Maksym
Marceli Olgierd Remigiusz Rudolf Seweryn Sylwester Teodor Teofil Tytus Walerian Wawrzyniec/Wawrzyńc Wit
Włodzimierz Ziemowit Hipolit Roch Romuald Benedykt Denis Klaudiusz Oktawian Szczepan Zygfryd Bogumił Ariel
Aureliusz Dobromir Przemysł Radomir Wiesław Witalis Eustachy Dezydery Tymoteusz Ignacy Aleks Franek Kuba
Barnaba Bonawentura Jarema Gracjan Gerwazy Protazy Makary Anatol Antoni Arnold Edwin Emanuel Fabian Harald
Idzi Iwo Jeremiasz Kazimierz Konstanty Kryspin Lucjusz Marcjan Metody Napoleon Nataniel Orest Oliwier
Rajmund Rościsław Stanisław Teodozy Urban Wenancjusz Bożydar Bogumił Dobrosław Gniewko Mściwój Radzimir
Sambor Świętosław Wszebor Zbysław Żelisław Bazyli Cyryl Kirył Eliasz Tadeusz Jozue Ezechiel Dorian Tristan
Nikola Luka Leo Nikolas Brajan Klemens Adolf Alfons Medard August Aleksy Alex Max Maks Mieszko Lubomir
Ludomir Ferdynand Patrycjusz Zachariasz Sobiesław Dobromił Lechosław Amadeusz Celestyn Euzebiusz Fortunat
Gaweł Hugo Ildefons Jozafat Longin Narcyz Prokop Salomon Walery Wenanty Wilhelm Zenobiusz Maurycy Samuel
Beniamin Aron Jonatan Oliver Dominik Baltazar Sylwiusz Witosław Bogumir Kazimir Ryszard Teodozjusz Adrian
Kevin Dawid Dante Noel
"""
_MALE_DIMINUTIVES = """
Tomek Bartek Wojtek Przemek Staś Jaś Jasiek Janek Kazik Józek Zbyszek Rysiek Romek Maciek Krzyś Krzysiek
Piotrek Adaś Antek Jędrek Grzesiek Grześ Darek Arek Mirek Jurek Heniek Władek Sławek Radek Mietek Zdzisiek
Wiesiek Olek Kubuś Tadek Tadzio Józio Jasio Stasio Zenek Witek Waldek Bolek Lolek Tolek Edek Felek Gienek
Kazio Henio Rysio Zdzisio Wacek Czesiek Bronek Włodek Wiesio Karolek Szymek Tymek Ignaś Antoś Franio
Michałek Pawełek/Pawełk Marcinek Dawidek Filipek Igorek Kamilek Łukaszek Mateuszek Bartuś Jarek Jaruś
Boguś Bodzio Zbysio Franuś Stefek Stefcio Wojtuś Maciuś Piotruś Krzysio Tomuś Staszek Edzio Lutek Michaś
Leoś Julek Gucio Kostek Kostuś Szymuś Maniek Zbyś Ziutek Mundek Gutek Dzidek Alek Grzesio
"""
_FEMALE = """
Anna Katarzyna Małgorzata Maria Agnieszka Krystyna Barbara Ewa Elżbieta Zofia Janina Teresa Joanna
Magdalena Monika Jadwiga Danuta Irena Halina Helena Beata Aleksandra Marta Dorota Marianna Grażyna Jolanta
Stanisława Iwona Karolina Bożena Urszula Justyna Renata Alicja Paulina Sylwia Natalia Wanda Agata Aneta
Izabela Ewelina Marzena Wiesława Genowefa Patrycja Kazimiera Edyta Stefania Julia Weronika Wiktoria Hanna
Emilia Zuzanna Oliwia Amelia Lena Maja Gabriela Michalina Laura Nikola Klaudia Martyna Dominika Kinga
Angelika Marlena Daria Sandra Kamila Adrianna Milena Roksana Żaneta Wioletta Violetta Lucyna Regina
Henryka Józefa Leokadia Mirosława Bogumiła Bogusława Czesława Władysława Zdzisława Bronisława Eugenia
Feliksa Rozalia Aurelia Lidia Ilona Mariola Anita Jagoda Julianna Antonina Pola Liliana Lilianna Nina Ida
Iga Ada Blanka Marcelina Malwina Olga Ksenia Tatiana Oksana Larysa Teodora Aldona Alina Celina Cecylia
Dagmara Diana Elwira Felicja Gertruda Honorata Irmina Jowita Judyta Julita Kornelia Ludmiła Łucja Lucja
Magda Matylda Melania Nadia Nela Otylia Paula Róża Sabina Sara Seweryna Sonia Stella Tamara Tekla Zenona
Zenobia Zyta Amanda Adela Bernadeta Bianka Emma Eliza Faustyna Franciszka Inga Kalina Karina Klara
Konstancja Luiza Marzanna Maryla Mirela Petronela Rita Romana Ryszarda Sławomira Wacława Waleria Walentyna
Wera Wilhelmina Aniela Apolonia Anastazja Arleta Daniela Eleonora Jagna Marcjanna Liwia Marika Nikoletta
Wiesława Hildegarda Bogdana Tadeusza Leontyna Gizela Jadwiga Elwira Benedykta Dobrosława Sława Wisława
Bolesława Aurora Estera Fabiana Gracja Halszka Hortensja Debora Ilza Iwonna Jaśmina Joanna Kaja Klementyna
Krzysztofa Lena Lilia Lila Lucyna Ludwika Magdalena Marianna Mieczysława Miłosława Mira Natasza Nadzieja
Oktawia Patricia Roma Rozalia Sylwana Tekla Urszula Wiera Wiktorina Władysława Zdzisława Zuza Ewelina
Edyta Amelia Alicja Hanna Jasmina Liliana Marcjanna Ingrida Izolda Jolanta Kamila Kaja Maryna Alla Rimma
Walentina Swietłana Swietlana Olena Iryna Tetiana Halyna Nataliia Yuliia Anastasiia Kateryna Viktoriia
Mariia Svitlana Liudmyla Olha Valentyna Yana Inna Vira Bernadetta Adriana Wioleta Edwarda Leonarda Alfreda
Romualda Teodozja Wirginia Lilla Mirella Ernestyna Bogna Dobromiła Jessica Dżesika Vanessa Wanessa Nikol
Elena Malina Idalia Albina Amalia Bernarda Brygida Dobrochna Eufemia Florentyna Izydora Longina Pelagia
Salomea Serafina Teofila Adelajda Helga Irma Erna Elfryda Hilda Lea Antonia Nicole Natalie Dariia Nadiia
Alona Liliia Sofiia Polina Valeriia Khrystyna Uliana Veronika Anhelina Anzhela Zhanna Lesia Zoia Raisa
Liubov Tetyana Viktoria Yevheniia Kseniia Daryna Milana Vladyslava Yelyzaveta Anastasia Kristina
Oleksandra Solomiia Snizhana Mariana Ivanna Yaroslava Liliya Nataliya Yuliya Iuliia Lidiia Liudmila
Lyudmila Galina Tatiana Ekaterina Yulia Irina Natalya Svetlana Marina Ludmila Anastasiya Victoria
Aliaksandra Volha Hanna Alesia Maryia Darya
"""
_FEMALE_DIMINUTIVES = """
Kasia Basia Gosia Ania Asia Zosia Ola Ala Ela Marysia Jadzia Krysia Danusia Renia Wiesia Tereska Madzia
Iza Aga Ewka Ewunia Hania Julka Natka Ula Wika Zuzia Majka Lenka Oleńka Anka Gośka Kaśka Baśka Aśka
Maryśka Jola Mariolka Grażynka Stasia Tosia Franka Emilka Amelka Oliwka Halinka Dorotka Beatka Justynka
Kamilka Karolinka Martynka Magdusia Helenka Hela Hala Bożenka Danka Irenka Jasia Józia Kazia Misia Agusia
Patka Sylwka Weronisia Wiktoria Marta Lusia Lucia Lucynka Mania Mańka Tola Nela Zocha Elka Jolka Jadźka
Bogusia Julcia Tusia Małgosia Ewcia Basieńka Aneczka Anusia Haneczka Zosieńka Elżunia Iwonka Janka Joasia
Justysia Karolcia Kinia Lidka Marzenka Monisia Monia Natalka Olka Paulinka Renatka Sabinka Urszulka
Wandzia Zdzisia Helcia Andzia Tośka Cela Jagusia Magdzia Igusia Kasieńka Gabrysia Dominisia
"""
# Foreign first names frequent in Polish texts (news, literature, customers from abroad).
_FOREIGN = """
Oleksandr Andrii Serhii Volodymyr Dmytro Yurii Mykola Ivan Vasyl Oleh Vitalii Maksym Bohdan Taras Artem
Mykhailo Vladyslav Denys Roman Ihor Ruslan Yevhen Pavlo Petro Stepan Anatolii Viktor Aleksiej Siergiej
Władimir Dmitrij Michaił Nikołaj Aleksandr Jurij Wasyl Borys Fiodor Lew Iwan Giorgi Mariam Nino Ali
Mohamed Ahmed Mehmet Omar Yusuf Muhammad Mohammad Oleksii Valerii Vadym Yaroslav Rostyslav Nazar Kyrylo
Danylo Matvii Tymur Eduard Valentyn Viacheslav Sviatoslav Hryhorii Myroslav Illia Iurii Sergii Andriy
Yuriy Serhiy Oleksander Sergey Andrei Dmitrii Nikita Egor Anton Makar Timur Yan Denis Vitaliy Oleg Mikhail
Alexey Dmitry Sergei Evgeny Andrey Yevgen Yevhenii Mykyta Arsenii Ostap Semen Fedir Leonid Kostiantyn
Konstantin Oleksiy Aliaksandr Siarhei Dzmitry Uladzimir Aliaksei Mikalai Yauheni Viktar Ihar Maksim
Artsiom Vadzim Ilya Kiryl Yury Ołeksandr Serhij Andrij Wołodymyr Mykoła Ołeh Witalij Mychajło Rusłan
Jewhen Pawło Anatolij Wałerij Wadym Kyryło Danyło Jewgienij Walerij Wiaczesław Wadim Xawery Kewin Ołeksij
Illja Jurij Denis Maksim Ołena Tetiana Natalija Switłana Julija Anastazija Wiktorija Marija Ludmyła Hałyna
Ołha Wałentyna Łarysa Ałła Wira Nadija Ałona Liliia Tatiana Swietłana Jelena Jekaterina Ludmiła Walentyna
Anżelika John Michael David Peter George Thomas Mark Paul James Robert Richard William Charles Joseph
Donald Barack Bill Tony Gordon Nicolas Jacques Francois Emmanuel Pierre Jean Louis Hans Karl Friedrich
Wilhelm Otto Helmut Gerhard Josef Johann Ludwig Wolfgang Gustav Heinrich Hermann Ernst Walter Klaus Jürgen
Günter Dieter Manfred Uwe Angela Hillary Margaret Elizabeth Mary Jane Jennifer Sarah Emily Catherine Marie
Sophie Claire Monique Brigitte Ursula Greta Ingrid Giuseppe Giovanni Marco Luca Paolo Francesco Carlos
Jose Juan Pedro Miguel Antonio Luis Pablo Diego Fernando Manuel Silvio Vincent Sergio Vaclav Milos Ivo
Jiri Pavel Alexander Alexandra Viktor Vladimir Boris Dmitri Andriej Igor Steven Stephen Roger Scott Jack
Mike Holly Meryl Sydney Francis Lou Laurie Andy Randy Lennox Duncan Harry Henry Arthur Frank Fred
Frederick Gary Greg Gregory Harold Howard Jerry Jim Jimmy Joe Johnny Larry Martin Matthew Nick Patrick
Raymond Ron Ronald Sam Simon Stanley Steve Ted Tim Timothy Tom Tommy Willie Brian Bruce Carl Chris
Christopher Dennis Douglas Eric Glenn Jeff Jeffrey Jason Justin Keith Kenneth Kurt Lawrence Neil Norman
Philip Phillip Ralph Russell Stuart Terry Wayne Andrew Anthony Benjamin Bradley Colin Craig Dave Derek
Graham Ian Jamie Jonathan Joshua Lewis Luke Nathan Nicholas Owen Ross Ryan Sean Trevor Tyler Kyle Brandon
Dylan Ethan Logan Mason Liam Jacob Aaron Eddie Elvis Quentin Clint Kirk Dustin Leonardo Woody Marlon Orson
Ridley Anne Betty Carol Caroline Charlotte Cynthia Deborah Debbie Dorothy Ellen Evelyn Grace Hannah
Heather Helen Joan Judy Julie Karen Kate Kathleen Kelly Linda Lisa Lucy Madonna Marilyn Martha Megan
Melissa Michelle Nancy Olivia Pamela Rachel Rebecca Ruth Sharon Stephanie Susan Tina Whitney Marsha Jodie
Julianne Penelope Scarlett Angelina Britney Kylie Sophia Isabella Chloe Zoe Amy Alice Diane Kathryn Tracy
Sally Wendy Doris Gloria Marlene Audrey Isabelle Juliette Simone Nathalie Valerie Camille Chantal Andreas
Stefan Jürgen Rainer Werner Günther Horst Ralf Jörg Sven Torsten Heinz Herbert Fritz Franz Egon Erich
Ulrich Ulli Bernd Detlef Gerd Hartmut Lothar Matthias Markus Tobias Lukas Jonas Felix Maximilian Moritz
Niklas Philipp Gottfried Joachim Annegret Gisela Heike Sabine Petra Renate Ilse Gertrud Karin Birgit
Claudia Susanne Katrin Andrea Michel Philippe Alain Christophe Didier Dominique Gerard Gérard Henri
Laurent Luc Marc Olivier Pascal René Serge Stephane Sylvain Thierry Yves Emile Antoine Arnaud Benoit
Fabien Frederic Guillaume Julien Mathieu Sebastien Xavier Georges Edouard Jules Gustave Auguste Mario
Luigi Angelo Vincenzo Pietro Salvatore Carlo Franco Domenico Michele Giorgio Aldo Luciano Roberto Fabio
Massimo Stefano Alessandro Lorenzo Matteo Federico Enzo Ezio Umberto Gianni Adriano Alberto Emilio Enrico
Fausto Giacomo Guido Maurizio Nicola Renato Riccardo Sandro Valentino Vittorio Lucia Giulia Chiara
Francesca Valentina Alessia Martina Giorgia Javier Rafael Francisco Jorge Alejandro Ricardo Eduardo Raul
Raúl Andres Ramon Enrique Felipe Ignacio Joaquin Julio Rodrigo Salvador Santiago Vicente Cristiano Neymar
Lionel Iker Xavi Fidel Gienadij Giennadij Grigorij Wasilij Nikołaj Andriej Aleksiej Ołeg Timofiej Ramzan
Gieorgij Abraham Izaak Mojżesz Eliasz Elizeusz Izajasz Noe Rebeka Rachela Rut Judasz Heród Piłat Kain Abel
Enoch Ezaw Dina Tamar Gedeon Samson Dalila Saul Absalom Batszeba Ezdrasz Nehemiasz Hiob Łazarz Zacheusz
Hassan Hussein Khalid Abdullah Abdul Mustafa Saddam Osama Yasser Anwar Hosni Bashar Hamid Karim Rashid
Tariq Youssef Fatima Aisha Leila Layla Amina Nawaz Benazir Pervez Perwez Recep Ahmet Murat Emre Barack
Benjamin Vladimir Nelson Mahatma Indira Golda Kofi Fidel Hugo Lech Ronald Margaret Tony Gordon Abel Adolph
Adrien Alec Alfonso Alonso Amir Anders Andre André Angus Archie Armando Arne Arturo Axel Barry Bart Basil
Benedict Benny Bernhard Bert Billy Björn Blake Bobby Brad Brett Bryan Burt Byron Calvin Cameron Cary Casey
Cecil Cedric Cesare Chad Charlie Clark Claus Clifford Clive Conrad Cornelius Curt Cyril Dale Damon Darren
Darryl Dean Denzel Desmond Dick Dirk Dominic Donovan Drew Duane Dwight Earl Edgar Elias Elijah Elliott
Elmer Erik Ernesto Errol Esteban Eugene Evan Ezra Floyd Franklin Fredrik Gareth Gavin Geoffrey Gerald
Gilbert Gino Glen Gunnar Gustavo Harrison Harvey Hector Herman Hugh Humphrey Ingmar Isaac Jackson Jake
Jared Jasper Jay Jens Jeremy Jesse Joel Johan Johannes Jon Jordan Josh Julius Keanu Ken Kenny Knut Lance
Lars Leif Leroy Leslie Lloyd Lucas Malcolm Marcello Marcus Marius Marshall Marvin Mathias Matt Maurice
Melvin Miles Milton Mitchell Mohammed Morgan Morris Nathaniel Niels Nigel Noah Orlando Otis Percy Pete
Phil Quincy Randall Raphael Reggie Regis Reinhard Rene Rick Ricky Robbie Rodney Roland Rolf Romeo Ronnie
Rory Rudy Rupert Rutger Sami Sammy Seth Sidney Sigmund Soren Søren Spencer Stan Sten Sterling Stig
Sylvester Terence Terrence Theo Theodore Thor Todd Tomas Tommaso Toni Travis Troy Valentin Vernon Vince
Vito Wade Wallace Walt Warren Wesley Wilfried Willem Willy Winston Zack László Istvan István Ferenc Sandor
Sándor Janos János Gyula Zoltan Zoltán Attila Tibor Imre Lajos Miklos Vilmos Gabor Gábor Tamas Csaba
Balazs Laszlo Petr Jaroslav Tomáš Miroslav Zdeněk Václav Karel Vladimír Ladislav Ondřej Lukáš Vojtěch
Bohumil Bohuslav Jaromír Juraj Michal Slobodan Dragan Zoran Goran Ante Franjo Stipe Davor Dejan Radovan
Ratko Željko Nils Olof Henrik Magnus Ingvar Astrid Liv Sigrid Birgitta Kerstin Ulla Agneta Abigail Adele
Agatha Agnes Aileen Alexis Alicia Alison Allison Amber Angelica Annie Annette April Ashley Beatrice
Belinda Bella Bettina Beverly Bonnie Brenda Bridget Brooke Candice Carla Carmen Carolina Cassandra Cathy
Cecilia Celine Charlene Cher Cheryl Christina Christine Cindy Clara Colleen Connie Courtney Daisy Danielle
Daphne Dawn Debra Demi Denise Dolores Donna Edith Eileen Elaine Eleanor Elisa Elisabeth Ella Eloise Elsa
Erica Erika Esther Eva Faith Felicity Fiona Florence Frances Gabriella Gail Gemma Georgia Geraldine Gina
Gisele Gwen Gwyneth Harriet Hazel Heidi Hilary Ines Irene Iris Isabel Jackie Jacqueline Jade Janet Janice
Jasmine Jeanne Jenny Jessie Jill Joanne Jocelyn Josephine Joyce Juanita Judith Juliet June Kara Katarina
Katherine Kathy Katie Katrina Kerry Kimberly Kirsten Krista Kristen Lana Leah Lillian Lily Lindsay Lois
Lola Loretta Lorraine Louise Luisa Lydia Lynn Mabel Madeleine Maggie Mandy Marcia Margarita Marianne
Marion Marjorie Maureen Maxine Melanie Mercedes Meredith Mia Michaela Mildred Miranda Molly Monica Nadine
Naomi Natasha Nell Nora Paige Paola Patti Pauline Peggy Penny Phoebe Phyllis Priscilla Raquel Renee Rhonda
Roberta Robin Rosa Rosalind Rosemary Roxanne Ruby Sabrina Samantha Selena Serena Shannon Sheila Shirley
Sigourney Silvia Stacy Sue Susanna Suzanne Sylvia Tania Tanya Tara Theresa Tiffany Tracey Uma Vanessa Vera
Veronica Vicky Violet Vivian Vivien Wilma Yvonne Zelda Caleb Lillian Diamanda Soren Vilmos Noe Zbyszko
Maćko Jagienka Jurand Dobrawa Rzepicha Siemowit Stach Jambroży Hanka Nastka Grabiec Kirkor Balladyna
Goplana Telimena Wokulski Judym Karusia Rzecki Jaśko Wojtuś Walek Kaśka Magdusia Marysieńka
"""
# Common Polish surnames, and the best-known public ones, accepted on their own.
SURNAMES: frozenset[str] = frozenset(
    """
Nowak Wójcik Kowalczyk Woźniak Mazur Krawczyk Kaczmarek Zając Król Wieczorek Wróbel Stępień Dudek Adamczyk
Pawlak Sikora Walczak Baran Michalak Szewczyk Pietrzak Duda Marciniak Bąk Włodarczyk Kubiak Wilk Lis
Mazurek Kaźmierczak Sobczak Cieślak Kołodziej Szymczak Szulc Nowaczyk Błaszczyk Mróz Szczepaniak Krupa
Kaczmarczyk Urbaniak Kozak Kania Mikołajczyk Mucha Tomczak Kozieł Kowalik Janik Musiał Wawrzyniak
Markiewicz Tomczyk Jarosz Kołodziejczyk Kurek Kopeć Żak Łuczak Dziedzic Kot Stasiak Stankiewicz Piątek
Jóźwiak Urban Pawlik Kruk Domagała Zięba Maj Sowa Kowal Kwiecień Bednarek Majchrzak Milczarek Grzyb
Sobczyk Czarnecka Przybysz Kasprzak Kubacki Wrona Jasiński Gołębiewski Tusk Wałęsa Kaczyński Kwaśniewski
Komorowski Mickiewicz Sienkiewicz Słowacki Chopin Kopernik Piłsudski Dmowski Miłosz Szymborska Wojtyła
Małysz Lewandowski Putin Obama Trump Merkel Bush Clinton Ziobro Schetyna Miller Napieralski Rydzyk Tuwim
Prus Żeromski Reymont Norwid Fredro Gombrowicz Sapieha Radziwiłł Poniatowski Sobieski Kościuszko Curie
Skłodowska Macierewicz Morawiecki Hołownia
""".split()
)

_SPLIT = re.compile(r"\s+")
_SOFTEN = {"n": "ń", "s": "ś", "z": "ź", "c": "ć"}
_SOFT_END = {"ś": "si", "ć": "ci", "ń": "ni", "ź": "zi"}
# Locative/vocative of masculine nouns by the last consonant(s) of the stem; "" means "+u".
_MALE_LOC = (("st", "ście"), ("t", "cie"), ("d", "dzie"), ("r", "rze"), ("ł", "le"))
_HARD_LOC = {"n", "m", "p", "b", "f", "w", "s", "z"}
# Dative/locative of feminine -a nouns by the consonant before "a".
_FEMALE_LOC = (("st", "ście"), ("t", "cie"), ("d", "dzie"), ("r", "rze"), ("ł", "le"), ("k", "ce"),
               ("g", "dze"), ("ch", "sze"))
_HARDENED = ("sz", "cz", "rz", "ż", "c", "dz")


def _male_forms(base: str, stem: str | None = None) -> set[str]:
    """Singular case forms of a masculine first name (Piotr -> Piotra, Piotrowi, Piotrem, Piotrze)."""
    if base.endswith("a"):
        return _female_forms(base)
    if base[-1] in "yi":  # adjectival: Jerzy -> Jerzego, Jerzemu, Jerzym
        root = base[:-1] if base.endswith("y") else base
        return {base, root + "ego", root + "emu", base + "m"}
    if stem is None:
        if base.endswith("iek") and len(base) > 4 and base[-4] in _SOFTEN:  # Heniek -> Heńka
            stem = base[:-4] + _SOFTEN[base[-4]] + "k"
        elif base.endswith("ek") and len(base) > 3:  # Marek -> Marka
            stem = base[:-2] + "k"
        elif base.endswith("io") or base.endswith("o"):  # Stasio -> Stasia
            stem = base[:-1]
        else:
            stem = base
    if stem[-1] in _SOFT_END:  # Staś -> Stasia
        stem = stem[:-1] + _SOFT_END[stem[-1]]
    forms = {base, stem + "a", stem + "owi", stem + ("iem" if stem[-1] in "kg" else "em")}
    for tail, loc in _MALE_LOC:
        if stem.endswith(tail):
            forms.add(stem[: -len(tail)] + loc)
            break
    else:
        hard = stem[-1] in _HARD_LOC and not stem.endswith(_HARDENED)
        forms.add(stem + ("ie" if hard else "u"))  # Janie, but Tomaszu, Grzegorzu
    return forms


def _female_forms(base: str) -> set[str]:
    """Singular case forms of a name ending in -a (Anna -> Anny, Annie, Annę, Anną, Anno)."""
    if not base.endswith("a"):
        return {base}  # Miriam, Beatrycze: not declined
    stem = base[:-1]
    forms = {base, stem + "ę", stem + "ą", stem + "o"}
    if stem.endswith("i"):
        forms.add(stem + "i")  # Maria -> Marii, Melania -> Melanii
        if stem[-2:-1] in ("s", "z", "c", "n"):  # Kasia -> Kasi, Kasiu
            forms |= {stem, stem + "u"}
    elif stem.endswith("j"):
        # Maja -> Mai, Alicja -> Alicji
        forms.add((stem[:-1] if stem[-2:-1] in tuple("aeiouy") else stem) + "i")
        forms.add(stem + "u")
    elif stem.endswith("l"):  # Ola -> Oli, Olu
        forms |= {stem + "i", stem + "u"}
    elif stem.endswith(_HARDENED):  # Natasza -> Nataszy
        forms.add(stem + "y")
    else:
        forms.add(stem + ("i" if stem[-1] in "kg" else "y"))
        for tail, loc in _FEMALE_LOC:
            if stem.endswith(tail):
                forms.add(stem[: -len(tail)] + loc)
                break
        else:
            forms.add(stem + "ie")
    return forms


def _parse(block: str) -> list[tuple[str, str | None]]:
    entries = []
    for item in _SPLIT.split(block.strip()):
        base, _, stem = item.partition("/")
        entries.append((base, stem or None))
    return entries


MALE_FIRST_NAMES: frozenset[str] = frozenset(b for b, _ in _parse(_MALE + _MALE_DIMINUTIVES))
FEMALE_FIRST_NAMES: frozenset[str] = frozenset(b for b, _ in _parse(_FEMALE + _FEMALE_DIMINUTIVES))
FOREIGN_FIRST_NAMES: frozenset[str] = frozenset(b for b, _ in _parse(_FOREIGN))


def _build_forms() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Case form -> base form, for men's, women's and foreign names (the first, more common name wins)."""
    male: dict[str, str] = {}
    female: dict[str, str] = {}
    foreign: dict[str, str] = {}
    for base, stem in _parse(_MALE + _MALE_DIMINUTIVES):
        for form in _male_forms(base, stem):
            male.setdefault(form, base)
    for base, _ in _parse(_FEMALE + _FEMALE_DIMINUTIVES):
        for form in _female_forms(base):
            female.setdefault(form, base)
    for base, _ in _parse(_FOREIGN):
        if base.endswith("a") and base not in ("Luka", "Nikola"):
            forms = _female_forms(base)
        elif base[-1] in "eiouyé":  # Mike, Joe, Andy: Polish writes Mike'a, Andy'ego (see first_name_lemma)
            forms = {base}
        else:
            forms = _male_forms(base)
        for form in forms:
            foreign.setdefault(form, base)
    return male, female, foreign


_MALE_FORMS, _FEMALE_FORMS, _FOREIGN_FORMS = _build_forms()
#: case form (as written, capitalised) -> base form. "Aleksandra", "Gabriela", "Daniela" are both a
#: woman's name and a man's genitive; the nominative reading wins here, name_key uses the surname's gender.
#: Polish names win over foreign ones ("Annie" is Anna's dative before it is an English name).
FIRST_NAME_FORMS: dict[str, str] = {**_FOREIGN_FORMS, **_MALE_FORMS, **_FEMALE_FORMS}
for _form, _base in _MALE_FORMS.items():
    if _form == _base:
        FIRST_NAME_FORMS[_form] = _base
_LOWER_FORMS: dict[str, str] = {}
for _form, _base in FIRST_NAME_FORMS.items():
    _LOWER_FORMS.setdefault(_form.lower(), _base)
# Forms typed without Polish letters ("pawla", "lukasz"); folded forms that are common words
# ("ale" from "Alę") are left out.
_FOLDED_FORMS: dict[str, str] = {}
_FOLDED_STOP = frozenset(fold_diacritics(w) for w in POLISH_STOPWORDS)
for _form, _base in FIRST_NAME_FORMS.items():
    _folded = fold_diacritics(_form).lower()
    if _folded not in _FOLDED_STOP and _folded not in _LOWER_FORMS:
        _FOLDED_FORMS.setdefault(_folded, _base)


def first_name_lemma(word: str) -> str | None:
    """The base form of a first name in any case form, or ``None``.

    Case is ignored ("ŁUKASZ", "łukasz"); a word written without Polish letters
    is matched to its Polish form ("Pawla"), but a word with them is not folded
    ("Życie" is not "Zycie", a form of Zyta).

    >>> [first_name_lemma(w) for w in ("Annie", "kasiu", "Pawla", "Życie")]
    ['Anna', 'Kasia', 'Paweł', None]
    """
    base = FIRST_NAME_FORMS.get(word)
    if base is None:
        if "'" in word or "’" in word:  # George'a, Andy'ego
            return FIRST_NAME_FORMS.get(re.split("['’]", word, maxsplit=1)[0])
        low = word.lower()
        base = _LOWER_FORMS.get(low)
        if base is None and low.isascii():
            base = _FOLDED_FORMS.get(low)
    return base


# Adjectival surnames (-ski, -cki, -dzki) in all singular and plural cases.
_ADJ = re.compile(r"(?:s|c|dz)(?:k(?:i|iego|iemu|im|imi|ich|a|iej|ą|ie)|cy)$")
_ADJ_FEM = re.compile(r"(?:s|c|dz)k(?:a|iej|ą)$")
_ADJ_MASC = re.compile(r"(?:s|c|dz)k(?:i|iego|iemu|im)$")
# -wicz (Mickiewicz, Stankiewicz, Janowicz) in its case forms.
_WICZ = re.compile(r"wicz(?:a|owi|em|u|owie|ów|owa|ówna)?$")
# Noun-like surname endings: Nowak, Kowalczyk, Wieczorek, Pawlik, Szewczuk, Kubiak and case endings.
_NOUN = re.compile(
    r"(?:[aiyu]k|czyk|[^aeiouy]ek|rz[ae]k|iak)(?:a|owi|iem|u|owie|ów)?$|[^aeiouy]k(?:a|owi|iem|u)$"
)
_ADJ_ENDINGS = (("iego", "i"), ("iemu", "i"), ("imi", "i"), ("ich", "i"), ("im", "i"), ("iej", "a"),
                ("ą", "a"),
                ("ie", "i"), ("cy", "ki"))
_NOUN_ENDINGS = ("owie", "owi", "iem", "ów", "em", "ie", "a", "u", "ę", "ą", "y", "o")


def surname_shape(word: str) -> str | None:
    """The surname pattern ``word`` follows: "adj" (-ski/-cka), "wicz", "noun" (-ak, -czyk, -ek), else None.

    Only the shape: "Polski" is "adj" too; callers weigh it with capitals and context.

    >>> surname_shape("Zawadzkiej"), surname_shape("Kowalczykowi"), surname_shape("Dom")
    ('adj', 'noun', None)
    """
    w = word.lower()
    if len(w) < 4:
        return None
    if _ADJ.search(w):
        return "adj"
    if _WICZ.search(w):
        return "wicz"
    if _NOUN.search(w):
        return "noun"
    return None


@lru_cache(maxsize=4096)
def surname_stem(word: str) -> str:
    """A case-independent key of one surname: lower-case, folded, case ending removed.

    Adjectival surnames keep their gender ("Kowalskiej" -> "kowalska", "Kowalskiemu" -> "kowalski");
    noun surnames lose the ending and a fleeting "e" ("Wieczorka" and "Wieczorek" -> "wieczork").

    >>> surname_stem("Kowalskiej"), surname_stem("Nowakowi"), surname_stem("Mazurze")
    ('kowalska', 'nowak', 'mazur')
    """
    w = word.lower()
    if _ADJ.search(w):
        if w.endswith(("ski", "cki", "dzki", "ska", "cka", "dzka")):
            return fold_diacritics(w)
        for ending, repl in _ADJ_ENDINGS:
            if w.endswith(ending):
                return fold_diacritics(w[: -len(ending)] + repl)
    if w.endswith(("ego", "emu")) and len(w) > 5:  # other adjectival surnames: Białego -> biały
        root = w[:-3]
        return fold_diacritics(root + ("i" if root[-1] in "kg" else "y"))
    for ending, repl in (("rze", "r"), ("cie", "t"), ("dzie", "d"), ("le", "ł")):
        if w.endswith(ending) and len(w) - len(ending) >= 2:
            w = w[: -len(ending)] + repl
            break
    else:
        for ending in _NOUN_ENDINGS:
            if w.endswith(ending) and len(w) - len(ending) >= 3:
                w = w[: -len(ending)]
                break
    if w.endswith("ek") and len(w) > 4:  # fleeting e: Wieczorek ~ Wieczorka
        w = w[:-2] + "k"
    elif w.endswith("el") and len(w) > 4:  # Wróbel ~ Wróbla
        w = w[:-2] + "l"
    return fold_diacritics(w)


_TITLES = frozenset(
    """
pan pani panu panią pana panem panie państwo państwa dr dr. prof prof. mgr mgr. inż inż. ks ks. sz.p. szp
""".split()
)
_KEY_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*\.?")


def name_key(text: str) -> str:
    """One key for every inflected form of a person's name, for consistent placeholders.

    First names become their base form, surnames their case-free stem, titles
    ("Pan", "dr") are dropped; diacritics and case are ignored, so a name typed
    without Polish letters meets its written form. An adjectival surname tells
    the gender, which settles forms shared by a man's and a woman's name
    ("Aleksandrze Kowalskiej" is Aleksandra, "Aleksandra Kowalskiego" is Aleksander).

    >>> name_key("Pani Katarzyna Wiśniewska"), name_key("Katarzyną Wiśniewską")
    ('katarzyna wisniewska', 'katarzyna wisniewska')
    >>> name_key("Piotrze Wieczorku") == name_key("piotr wieczorek")
    True
    """
    words = [w.rstrip(".") for w in _KEY_WORD.findall(text) if w.lower() not in _TITLES]
    lowered = [w.lower() for w in words]
    gender = ""
    if any(_ADJ_FEM.search(w) for w in lowered):
        gender = "f"
    elif any(_ADJ_MASC.search(w) for w in lowered):
        gender = "m"
    first: list[str] = []
    rest: list[str] = []
    for word in words:
        lemma = None if "-" in word or (first and rest) else first_name_lemma(word)
        if lemma is not None:
            title = word[:1].upper() + word[1:].lower()
            if gender == "f" and title in _FEMALE_FORMS:
                lemma = _FEMALE_FORMS[title]
            elif gender == "m" and title in _MALE_FORMS:
                lemma = _MALE_FORMS[title]
            first.append(fold_diacritics(lemma).lower())
        else:
            rest.append("-".join(surname_stem(part) for part in word.split("-")))
    return " ".join(first + rest)
