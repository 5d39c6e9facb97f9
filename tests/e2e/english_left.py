#!/usr/bin/env python3
"""english_left.py POT C_STDERR ZH_STDERR: no English left in a Chinese run.

The same command ran under LANG=C (C_STDERR) and LANG=zh_CN.UTF-8
(ZH_STDERR). Every line of the Chinese run must be Chinese: once what may
stay as it is has been taken out, no ASCII word of three letters or more
remains. What may stay:
  - the location "FILE:LINE:" at the start, and file names and paths
    (any token with '/', '.', '_', '-' or a digit in it: calendar/2026.yaml,
    sanctions.csv, internal_publicity_end, XJZLJ-2025-A01, 2025-07-15);
  - quoted values ("…", “…”, '…', ‘…’), the records' own data;
  - Mustache tags {{…}}, options (--content), and the names in KNOWN:
    commands, formats, programs, the English values and YAML keys the
    registers accept (DESIGN §2: a value may be written in English).
A line of the Chinese run that fails is reported as FAIL, unless its
English twin matches no message of the catalogue (POT): then that message
is not wrapped in _() yet (another module's), reported as SKIP.
Prints one line per problem, then "N lines, F fail, S skip"; exits 1 on a
FAIL.
"""
import re
import sys

KNOWN = set("""
gongshi build check status serve new help version json color content
templates output site archive HTML Markdown ODT ODF XML YAML JSON CSV UTF GB
LibreOffice Writer libyaml Flat fodt odt zip QR SHA Measures
title date until number year edition notices call recommendation acceptance
presentation onsite proposal decision qualification material deliberation
approval pass fail withdrawn award nomination none individual unit complete
incomplete unfounded founded disqualifying fraud incident violation yes no
office styles master body text document label field list columns tables
seq name region recommender industry founded sme certificate proposed
applied recommended accepted auto always never
""".split())

TOKEN_OK = re.compile(r"[/._\-0-9@:]")


def msgids(pot):
    """The msgids of the catalogue, as regular expressions."""
    text = open(pot, encoding="utf-8").read()
    ids = []
    for m in re.finditer(r'^msgid ((?:".*"\n)+)', text, re.M):
        s = "".join(re.findall(r'"(.*)"', m.group(1)))
        s = s.encode().decode("unicode_escape").encode("latin-1").decode()
        parts = re.split(r"%(?:\d+\$)?[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
                         r"(?:hh|h|ll|l|z|j|t)?[diouxXcsfe%]", s.strip())
        # too little of its own text to tell a message by ("%s: %s")
        if len("".join(parts)) < 15:
            continue
        ids.append(re.compile(".*".join(re.escape(p) for p in parts)))
    return ids


def strip(line):
    line = re.sub(r"^\S+?:(\d+:)? ", "", line)          # FILE:LINE:
    line = re.sub(r'"[^"]*"|“[^”]*”|‘[^’]*’|\'[^\']*\'|「[^」]*」', " ", line)
    line = re.sub(r"\{\{.*?\}\}", " ", line)
    line = re.sub(r"--?[a-z][a-z-]*", " ", line)
    words = []
    for tok in re.split(r"[\s，。；：、（）()《》,;:\[\]{}=|]+", line):
        if not tok or TOKEN_OK.search(tok):
            continue
        for w in re.findall(r"[A-Za-z]{3,}", tok):
            if w not in KNOWN:
                words.append(w)
    return words


def main():
    ids = msgids(sys.argv[1])
    c_lines = open(sys.argv[2], encoding="utf-8").read().splitlines()
    zh_lines = open(sys.argv[3], encoding="utf-8").read().splitlines()
    fails = skips = 0
    if len(c_lines) != len(zh_lines):
        print("FAIL the two runs print %d and %d lines"
              % (len(c_lines), len(zh_lines)))
        fails += 1
    for i, zh in enumerate(zh_lines):
        words = strip(zh)
        if not words:
            continue
        en = c_lines[i] if i < len(c_lines) else ""
        en_msg = re.sub(r"^\S+?: (error|warning): ", "", en)
        if not any(r.fullmatch(en_msg) for r in ids):
            print("SKIP not wrapped in _() yet: %s" % en[:150])
            skips += 1
        else:
            print("FAIL English left (%s): %s" % (" ".join(words), zh[:150]))
            fails += 1
    print("%d lines, %d fail, %d skip" % (len(zh_lines), fails, skips))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
