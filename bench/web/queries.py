"""Search queries for bench/web/public.sh: reads the public list API's answers saved as
DIR/p-*.json and writes DIR/queries.txt, one URL-encoded query per line: for every public
person, one of its published name forms (each person a different script in turn) and that
form with one inner letter dropped or two swapped (a typo), shuffled (seed 1). Each query
once: namesakes (the synthetic archive's names repeat) would otherwise ask the same again,
and bench/web/search-run.sh counts on every line being a query not asked before."""
import glob, json, random, sys, urllib.parse
rng = random.Random(1)
seen, qs = set(), []
for f in sorted(glob.glob(sys.argv[1] + "/p-*.json")):
    try:
        people = json.load(open(f))["people"]
    except Exception:
        continue
    for p in people:
        if p["level"] != "public" or p["code"] in seen or not p.get("names"):
            continue
        seen.add(p["code"])
        names = p["names"]
        form = names[len(seen) % len(names)]
        qs.append(form)
        w = form.split()
        j = rng.randrange(len(w))
        if len(w[j]) >= 4:
            i = rng.randrange(1, len(w[j]) - 2)
            w[j] = w[j][:i] + w[j][i + 1:] if rng.random() < 0.5 else w[j][:i] + w[j][i + 1] + w[j][i] + w[j][i + 2:]
            qs.append(" ".join(w))
qs = list(dict.fromkeys(qs))  # each once, in the order first made
rng.shuffle(qs)
open(sys.argv[1] + "/queries.txt", "w").write("".join(urllib.parse.quote(q) + "\n" for q in qs))
print("search queries: %d distinct, from %d public persons" % (len(qs), len(seen)))
