"""Counts, for each doctrine profile, the situations of the fact space per
status with an answer-set program run by clingo, checks that the counts equal
those of `diligence divergence`, and prints both wall times and their ratio.

The ASP program is generated from `diligence profiles --format json`, so both
sides evaluate the same coded parameters; the rules are spec (v2) section 3,
with `continuing`. With `--v1-conduct-rule`, prevent covers only an imminent
activity (the rule of spec v1): the counts must then disagree, which shows
that the comparison can fail. Run through bench/asp-baseline.sh, which sets
up clingo in its own virtual environment.
"""

import json
import subprocess
import sys
import time

import clingo

DOCTRINES = ["corfu-channel-literal", "tallinn-manual-2", "coco-dias-2021", "gge-2015",
             "gge-2021", "ilc-prevention-2001", "specific-rules-only"]
STATUSES = ["breach", "norm_not_observed", "complied", "norm_observed", "not_triggered", "out_of_scope"]
DOMAINS = ["cyber", "finance", "media", "health", "migration", "environment", "arms",
           "espionage", "technology", "other"]

FACT_SPACE = """
domain(cyber;finance;media;health;migration;environment;arms;espionage;technology;other).
by(non_state_actor;foreign_state;territorial_state).
link(originates;transits;controlled_infrastructure;none).
rights(true;false).
harm(0..3). know(0..3).
timing(imminent;ongoing;completed).
capacity(none;limited;feasible).
measures(none;some;all_feasible).
continuing(true;false).
sit((D,B,L,R,H,K,T,C,M,N)) :- domain(D), by(B), link(L), rights(R), harm(H), know(K),
                             timing(T), capacity(C), measures(M), continuing(N).
% What each kind of conduct covers (spec v2, 3.2): prevent covers an imminent
% and an ongoing activity, stop an ongoing one, redress a completed one.
serves(prevent,imminent). serves(prevent,ongoing). serves(stop,ongoing).
serves(redress,completed).
% The activity's timings: its timing, and also ongoing when it is continuing.
has_timing(T,N,T) :- timing(T), continuing(N).
has_timing(T,true,ongoing) :- timing(T).
"""

RULES = """
% Scope (spec 3.1).
out(O,V) :- ob(O), sit(V), V = (D,B,L,R,H,K,T,C,M,N), B = territorial_state.
out(O,V) :- ob(O), sit(V), V = (D,B,L,R,H,K,T,C,M,N), L = none.
out(O,V) :- ob(O), sit(V), V = (D,B,L,R,H,K,T,C,M,N), L = transits, not transit(O).
out(O,V) :- ob(O), sit(V), V = (D,B,L,R,H,K,T,C,M,N), L = controlled_infrastructure, not infra(O).
out(O,V) :- ob(O), sit(V), V = (D,B,L,R,H,K,T,C,M,N), not covers(O,D).
% Trigger (spec 3.2).
served(O,V) :- ob(O), sit(V), V = (D,B,L,R,H,K,T,C,M,N), has_timing(T,N,X), conduct(O,Y), serves(Y,X).
nt(O,V) :- ob(O), sit(V), V = (D,B,L,R,H,K,T,C,M,N), needs_rights(O), R = false.
nt(O,V) :- ob(O), sit(V), V = (D,B,L,R,H,K,T,C,M,N), threshold(O,X), H < X.
nt(O,V) :- ob(O), sit(V), V = (D,B,L,R,H,K,T,C,M,N), standard(O,X), K < X.
nt(O,V) :- ob(O), sit(V), not served(O,V).
nt(O,V) :- ob(O), sit(V), V = (D,B,L,R,H,K,T,C,M,N), C = none.
% Status of an obligation, as a rank in the order of precedence (0 = breach).
live(O,V) :- ob(O), sit(V), not out(O,V), not nt(O,V).
st(O,0,V) :- live(O,V), V = (D,B,L,R,H,K,T,C,M,N), binding(O), M != all_feasible.
st(O,1,V) :- live(O,V), V = (D,B,L,R,H,K,T,C,M,N), not binding(O), M != all_feasible.
st(O,2,V) :- live(O,V), V = (D,B,L,R,H,K,T,C,M,N), binding(O), M = all_feasible.
st(O,3,V) :- live(O,V), V = (D,B,L,R,H,K,T,C,M,N), not binding(O), M = all_feasible.
st(O,4,V) :- nt(O,V), not out(O,V).
st(O,5,V) :- out(O,V).
% Profile status: the highest precedence among its obligations; none = out of scope.
pst(P,X,V) :- profile(P), sit(V), has(P,_), X = #min{ Y,O : has(P,O), st(O,Y,V) }.
pst(P,5,V) :- profile(P), sit(V), not has(P,_).
count(P,X,Z) :- profile(P), X = 0..5, Z = #count{ V : pst(P,X,V) }.
#show count/3.
"""

LEVEL = {"none": 0, "minor": 1, "significant": 2, "serious": 3,
         "constructive": 1, "notified": 2, "actual": 3}


def profile_facts(profiles):
    """ASP facts for the coded parameters of the doctrine profiles."""
    out = []
    for p in profiles:
        pid = p["id"].replace("-", "_")
        out.append(f"profile({pid}).")
        for o in p["obligations"]:
            oid = f"{pid}__{o['id'].replace('-', '_')}"
            out.append(f"ob({oid}). has({pid},{oid}).")
            if o["binding"]:
                out.append(f"binding({oid}).")
            domains = DOMAINS if o["domains"] == "all" else o["domains"]
            out += [f"covers({oid},{d})." for d in domains]
            if o["covers_transit"]:
                out.append(f"transit({oid}).")
            if o["covers_controlled_infrastructure"]:
                out.append(f"infra({oid}).")
            if o["requires_contrary_to_rights"]:
                out.append(f"needs_rights({oid}).")
            out.append(f"threshold({oid},{LEVEL[o['harm_threshold']]}).")
            out.append(f"standard({oid},{LEVEL[o['knowledge_standard']]}).")
            out += [f"conduct({oid},{c})." for c in o["conduct"]]
    return "\n".join(out)


def run(cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def main():
    binary = sys.argv[1]
    v1_rule = "--v1-conduct-rule" in sys.argv[2:]
    profiles = [p for p in json.loads(run([binary, "profiles", "--format", "json"])) if p["id"] in DOCTRINES]
    space = FACT_SPACE.replace(" serves(prevent,ongoing).", "") if v1_rule else FACT_SPACE
    program = space + profile_facts(profiles) + RULES

    start = time.perf_counter()
    ctl = clingo.Control(["--warn=none"])
    ctl.add("base", [], program)
    ctl.ground([("base", [])])
    asp = {}
    with ctl.solve(yield_=True) as handle:
        for model in handle:
            for sym in model.symbols(shown=True):
                p, x, n = sym.arguments
                asp.setdefault(p.name.replace("_", "-"), {})[STATUSES[x.number]] = n.number
    asp_seconds = time.perf_counter() - start

    args = [binary, "divergence", "--format", "json"] + sum((["--profile", d] for d in DOCTRINES), [])
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        ours = json.loads(run(args))
        runs.append(time.perf_counter() - start)
    ours_seconds = sorted(runs)[len(runs) // 2]

    mismatches = 0
    for d in DOCTRINES:
        for s in STATUSES:
            a, b = asp.get(d, {}).get(s, 0), ours["distribution"][d][s]
            if a != b:
                mismatches += 1
                print(f"MISMATCH {d} {s}: clingo {a}, diligence {b}")
    print(f"situations: {ours['situations']}, doctrine profiles: {len(DOCTRINES)}")
    print(f"counts agree: {'yes' if mismatches == 0 else 'NO (' + str(mismatches) + ' differ)'}")
    print(f"clingo (ground + solve):               {asp_seconds * 1e3:10.1f} ms")
    print(f"diligence divergence (whole process):  {ours_seconds * 1e3:10.1f} ms (median of {len(runs)})")
    print(f"ratio clingo / diligence:              {asp_seconds / ours_seconds:10.1f}x")
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
