"""The English language pack: word lists as data (``lexicon/*.tsv``, each
with a ``#`` header: what, format, source, licence, changed), read by
:func:`kgbuild.lang.read_lexicon` and used by :mod:`kgbuild.extract.english`
and :mod:`kgbuild.dates`.

==================  ==========================================================
lexicon             what
==================  ==========================================================
roles               titles → role keys, scope (gov / org / counterpart), a
                    country for one-country titles ("Secretary of State")
honorifics          Mr, Shri, His Excellency, Lt Gen, former … (not names)
org_heads           head words of organisation and venue names
triggers            event words → Meet / Visit / Phone / Appeal / Attack /
                    Elect, verb or noun reading, direction
months              month and weekday names
relative_dates      today, yesterday, last night … → day offsets
countries           CLDR country names and aliases (scripts/build_gazetteers.py)
demonyms            nationality adjectives → ISO codes
organizations       international bodies with Wikidata ids
given_names,        names mined from CoNLL-2003 eng.train
name_gazetteer,     (scripts/mine_names.py; this pack's ``mine.py`` for
single_names,       common_words and single_names)
common_words
==================  ==========================================================
"""
