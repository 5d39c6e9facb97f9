# `check --json` and `status --json` (gongshi(1), section JSON): one JSON
# document on standard output, read by Python's json and checked against
# the shape the man page documents, field by field and type by type; the
# diagnostics of a broken copy carry file, line, severity and article.
. "$TOP/tests/e2e/lib.sh"

SHAPE=$TMPD/shape.py
cat >"$SHAPE" <<'PY'
import json, re, sys

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
def date_or_null(v): return v is None or (isinstance(v, str) and DATE.match(v))
def int_or_null(v): return v is None or (isinstance(v, int) and not isinstance(v, bool))
def is_int(v): return isinstance(v, int) and not isinstance(v, bool)
def is_str(v): return isinstance(v, str)

def check(obj, shape, where, errs):
    if set(obj) != set(shape):
        errs.append("%s: fields %s, documented %s" % (where, sorted(obj), sorted(shape)))
    for k, test in shape.items():
        if k in obj and callable(test) and not test(obj[k]):
            errs.append("%s.%s: %r" % (where, k, obj[k]))

DIAG = {"file": is_str, "line": int_or_null, "column": int_or_null,
        "severity": lambda v: v in ("error", "warning"),
        "article": lambda v: v is None or (is_str(v) and re.match(r"^\d+(\(\d+\))?$", v)),
        "message": is_str}
TOP = {"format": lambda v: v == 1, "command": is_str, "content": is_str,
       "ok": lambda v: isinstance(v, bool), "errors": is_int, "warnings": is_int,
       "diagnostics": lambda v: isinstance(v, list)}
CYCLE = {"year": is_int, "edition": int_or_null, "application_deadline": date_or_null,
         "stages": lambda v: isinstance(v, list) and len(v) == 8,
         "counts": lambda v: isinstance(v, dict), "next": lambda v: isinstance(v, dict)}
STAGE = {"stage": lambda v: v in ("application", "recommendation", "qualification",
         "material", "presentation", "onsite", "deliberation", "approval"),
         "label": is_str, "notice": lambda v: v is None or is_str(v),
         "notice_label": lambda v: v is None or is_str(v), "date": date_or_null,
         "window": lambda v: v is None or isinstance(v, dict),
         "count": lambda v: is_int(v) or isinstance(v, dict)}
WINDOW = {"start": date_or_null, "end": date_or_null, "working_days": is_int}
COUNTS = {"objections_open": is_int, "objections_late": is_int,
          "disqualified": is_int, "revocations_pending": is_int}
NEXT = {"notice": lambda v: v is None or is_str(v),
        "after_decisions": lambda v: v is None or is_str(v),
        "earliest": date_or_null, "calendar_needed": int_or_null,
        "revocations": lambda v: isinstance(v, list)}
REVOCATION = {"certificate": is_str, "article": is_int, "file": is_str, "line": is_int}

doc = json.load(open(sys.argv[1], encoding="utf-8"))
errs = []
top = dict(TOP)
if doc.get("command") == "status":
    top.update({"cycles": lambda v: isinstance(v, list), "revocations_pending": is_int})
check(doc, top, "$", errs)
for i, d in enumerate(doc.get("diagnostics", [])):
    check(d, DIAG, "$.diagnostics[%d]" % i, errs)
for i, c in enumerate(doc.get("cycles", [])):
    w = "$.cycles[%d]" % i
    check(c, CYCLE, w, errs)
    check(c.get("counts", {}), COUNTS, w + ".counts", errs)
    check(c.get("next", {}), NEXT, w + ".next", errs)
    for r in c.get("next", {}).get("revocations", []):
        check(r, REVOCATION, w + ".next.revocations[]", errs)
    for j, s in enumerate(c.get("stages", [])):
        check(s, STAGE, "%s.stages[%d]" % (w, j), errs)
        if s.get("window") is not None:
            check(s["window"], WINDOW, "%s.stages[%d].window" % (w, j), errs)
        if isinstance(s.get("count"), dict):
            check(s["count"], {"award": is_int, "nomination": is_int},
                  "%s.stages[%d].count" % (w, j), errs)
for e in errs:
    print(e)
sys.exit(1 if errs else 0)
PY

# json_shape NAME FILE: FILE is one JSON document of the documented shape.
json_shape() {
	if python3 "$SHAPE" "$2" >"$TMPD/.shape" 2>&1; then
		pass "$1: the documented JSON shape"
	else
		fail "$1: not the documented JSON shape"
		_lib_show "$TMPD/.shape"
	fi
}

expect_exit 0 "$GONGSHI_SAN" check --json -c "$TOP/content"
json_shape "check --json, clean" "$OUT"
assert_eq "check --json: nothing on stderr" "" "$(cat "$ERR")"
expect_exit 0 "$GONGSHI_SAN" status --json -c "$TOP/content"
json_shape "status --json" "$OUT"
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
c = {x["year"]: x for x in d["cycles"]}[2025]
acc = [s for s in c["stages"] if s["stage"] == "qualification"][0]
assert acc["notice"] == "acceptance" and acc["notice_label"] == "受理名单公示", acc
assert acc["window"] == {"start": "2025-07-15", "end": "2025-07-21", "working_days": 5}, acc
assert acc["count"] == 25, acc
assert c["counts"]["disqualified"] == 1, c["counts"]
assert c["next"]["notice"] is None' "$OUT" >"$TMPD/.py" 2>&1 &&
	pass "status --json: the 2025 cycle's acceptance list and window" ||
	{ fail "status --json: the 2025 cycle's facts"; _lib_show "$TMPD/.py"; }
expect_exit 0 "$GONGSHI_SAN" status --json -c "$TOP/content" 2023
python3 -c 'import json, sys
d = json.load(open(sys.argv[1])); assert [c["year"] for c in d["cycles"]] == [2023]' "$OUT" &&
	pass "status --json 2023: that cycle alone" || fail "status --json 2023: that cycle alone"
expect_exit 1 "$GONGSHI_SAN" status --json -c "$TOP/content" 2029
json_shape "status --json, an unknown year" "$OUT"

# a copy with two mistakes: both reported, each with its file, line and article
cp -R "$TOP/content" "$TMPD/c"
sed -i 's/award_quota: 5/award_quota: five/' "$TMPD/c/site.yaml"
# a qualification decision dated before the application deadline (art. 11(4))
line=$(grep -n ',qualification,' "$TMPD/c/2025/decisions.csv" | head -n 1 | cut -d: -f1)
sed -i "${line}s/,2025-0[0-9]-[0-9]*/,2025-06-01/" "$TMPD/c/2025/decisions.csv"
expect_exit 1 "$GONGSHI_SAN" check --json -c "$TMPD/c"
json_shape "check --json, two mistakes" "$OUT"
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert not d["ok"] and d["errors"] >= 2, d
by = {(x["file"], x["line"]): x for x in d["diagnostics"]}
assert any(f == "site.yaml" for f, _ in by), by
q = [x for x in d["diagnostics"] if x["file"] == "2025/decisions.csv" and x["line"] == int(sys.argv[2])]
assert any(x["article"] == "11(4)" and x["severity"] == "error" for x in q), q' "$OUT" "$line" \
    >"$TMPD/.py" 2>&1 &&
	pass "check --json: the loader's and the rules' errors, with line and article" ||
	{ fail "check --json: both errors with line and article"; _lib_show "$TMPD/.py"; _lib_show "$OUT"; }
# the same in Chinese: the article is the same, the message Chinese
env -u LC_ALL LANG=zh_CN.UTF-8 "$GONGSHI" check --json -c "$TMPD/c" >"$TMPD/zh.json"
json_shape "check --json under zh_CN" "$TMPD/zh.json"
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
q = [x for x in d["diagnostics"] if x["file"] == "2025/decisions.csv" and x["line"] == int(sys.argv[2])]
assert any(x["article"] == "11(4)" and "资格审查" in x["message"] for x in q), q' "$TMPD/zh.json" "$line" \
    >"$TMPD/.py" 2>&1 &&
	pass "check --json under zh_CN: a Chinese message, the same article" ||
	{ fail "check --json under zh_CN"; _lib_show "$TMPD/.py"; }
