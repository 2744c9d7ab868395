#!/usr/bin/env python3
"""Independent reference calculation of the mgi-engine method (docs/method.md).

Written from docs/method.md and DESIGN.md section 3 only, NOT from the TypeScript sources, so that
the numbers pinned in tests/examples.test.ts are computed twice, by two implementations that share
nothing but the document. Python 3 standard library only.

Usage (from the repository root):

    python3 scripts/reference/mgi_reference.py            # Moldova latest year + SDG examples
    python3 scripts/reference/mgi_reference.py --json     # every scorecard as JSON (for diffing)
    python3 scripts/reference/mgi_reference.py MATRIX.json ASSESSMENT.json ...   # any inputs
    python3 scripts/reference/mgi_reference.py --selftest # the worked example of section 8

What it implements (section numbers of docs/method.md):

  2  progress p = (a - b) / (T - b); milestone path M(t) through (y0, b), the milestones and
     (yT, T), flat outside; expected e(t) = clamp((M(t) - b) / (T - b), 0, 1); slack =
     tolerance / |T - b|.
  3  status, in the document's order; maintain: achieved iff |a - T| <= tolerance, else
     regressing; a qualitative indicator whose target level scores the same as its baseline is
     treated like maintain (achieved at or above the target's score). Progress and expected
     progress are still reported for a maintain indicator whose target differs from its baseline.
  4  score: target 100*clamp(p, 0, 1) (maintain: 100 within tolerance, else 0); goalposts
     100*clamp((x - min)/(max - min), 0, 1) on x or ln x, reversed for "decrease", a value <= 0 on
     a log scale scores as below every goalpost; qualitative: the level's score; an indicator with
     neither targets nor goalposts has no score.
  6  weighted arithmetic / geometric means (a zero makes the geometric mean 0; the result is kept
     within [min, arithmetic mean]); theme -> overall, or pooled indicators when
     scoring.aggregation.overall == "indicators"; dimensions aggregate the themes mapped to them;
     missing policies reweight (minCoverage, default 0.5), zero, carryForward (maxYears, default 1).
  2b the "growth" progress method: CAGR observed since the baseline against the CAGR the final
     target needs, R = observed / required, Open SDG categories and their edge rules, the status
     each maps to, and the score 100*clamp(R, 0, 1) (100 when the target is reached) under target
     normalisation; written from section 2b like the rest.
  7  bands: the highest band whose min the score reaches, with a 1e-9 tolerance.
 10  formula indicators: the expression is evaluated over the declared inputs and other
     indicators' values of the same entity-year (see `evaluate` below).

Merging: several assessments for one entity-year are merged observation by observation; the same
id reported twice with the same value/level/missing reason is one observation; with different
values it is a conflict and the indicator has no data (status no-data), the rest is scored.

Interpretations where docs/method.md leaves a choice (stated so a reviewer can check them; the
coverage, zero-policy and before-baseline points were settled after a differential comparison with
the engine on random matrices, where the document allows either reading):
  * carryForward applies to indicators (not to raw formula inputs): an indicator with no value in
    year t (not reported, reported as missing, a formula input missing, or conflicting) takes the
    value of the latest year t-k (1 <= k <= maxYears) of the same entity in the batch in which it
    had a real (not itself carried) value. For a formula indicator that value is the one computed
    in year t-k. The carried value is scored like an observed value; it counts as covered.
  * A formula that reads another indicator uses that indicator's own (not carried) value in the
    same year.
  * Coverage at theme level is the weighted share of the theme's indicators that have a score
    (an indicator that can never be scored, with neither targets nor goalposts, counts as not
    covered); at overall/dimension level the weighted mean of the theme coverages (pooled: the
    weighted share of all indicators). Under reweight and carryForward an aggregate is null when its
    coverage is below minCoverage or nothing has a score; under zero it is never null for coverage
    (a missing indicator scores 0 and does not count as covered). Themes whose score is null are
    left out of the overall mean (re-weighted).
  * Before the baseline year an indicator's status is "no-target" (section 3 checks it before the
    maintain rule) and a target-normalised score is null (there is no baseline yet to measure
    progress from); goalposts and level scores do not depend on the year.
"""

from __future__ import annotations

import ast
import glob
import json
import math
import os
import sys

BAND_EPS = 1e-9
DIMENSIONS = [
    "migrants-rights",
    "whole-of-government",
    "partnerships",
    "well-being",
    "mobility-crises",
    "safe-orderly-migration",
]


# ---------------------------------------------------------------------------------------------
# Formula evaluation: a tiny safe evaluator over Python's own parser. Only numbers, names,
# parentheses, unary +/- and the binary operators + - * / ^ (mathjs power) are accepted; anything
# else (calls, attributes, subscripts, comparisons) is rejected. The Moldova expressions are of the
# form `x / y * 100` and `x / y`, which mean the same in mathjs and Python.
# ---------------------------------------------------------------------------------------------


class FormulaError(Exception):
    pass


def names_in(expression: str) -> set[str]:
    """The variable names an expression reads (declared inputs and other indicator ids)."""
    tree = ast.parse(expression.replace("^", "**"), mode="eval")
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}


def evaluate(expression: str, env: dict[str, float]) -> float:
    tree = ast.parse(expression.replace("^", "**"), mode="eval")

    def ev(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.Name):
            if node.id not in env or env[node.id] is None:
                raise FormulaError(f"missing input {node.id}")
            return float(env[node.id])
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
            v = ev(node.operand)
            return v if isinstance(node.op, ast.UAdd) else -v
        if isinstance(node, ast.BinOp):
            a, b = ev(node.left), ev(node.right)
            if isinstance(node.op, ast.Add):
                return a + b
            if isinstance(node.op, ast.Sub):
                return a - b
            if isinstance(node.op, ast.Mult):
                return a * b
            if isinstance(node.op, ast.Div):
                if b == 0:
                    raise FormulaError("division by zero")
                return a / b
            if isinstance(node.op, ast.Pow):
                return a**b
        raise FormulaError(f"unsupported syntax: {ast.dump(node)}")

    v = ev(tree)
    if not math.isfinite(v):
        raise FormulaError("non-finite result")
    return v


# ---------------------------------------------------------------------------------------------
# Per-indicator calculation (sections 2-4)
# ---------------------------------------------------------------------------------------------


def clamp(x: float, lo: float = 0.0, hi: float = 1.0) -> float:
    return max(lo, min(hi, x))


def level_score(ind: dict, level: str) -> float:
    for lv in ind["levels"]:
        if lv["id"] == level:
            return float(lv["score"])
    raise KeyError(f"{ind['id']}: unknown level {level}")


def numeric_plan(ind: dict):
    """(b, y0, T, yT, milestones) on the value scale (level scores for qualitative), or None."""
    base, targets = ind.get("baseline"), ind.get("targets")
    if not base or not targets:
        return None
    qual = ind["kind"] == "qualitative"
    b = level_score(ind, base["level"]) if qual else float(base["value"])
    pts = sorted((int(y), level_score(ind, v) if qual else float(v)) for y, v in targets.items())
    yT, T = pts[-1]
    return b, int(base["year"]), T, yT, pts[:-1]


def milestone_path(t: int, b: float, y0: int, T: float, yT: int, milestones) -> float:
    """M(t): straight lines through (y0, b), each milestone and (yT, T); flat outside."""
    pts = [(y0, b)] + [(y, v) for (y, v) in milestones if y0 < y < yT] + [(yT, T)]
    if t <= pts[0][0]:
        return pts[0][1]
    if t >= pts[-1][0]:
        return pts[-1][1]
    for (ya, va), (yb, vb) in zip(pts, pts[1:]):
        if ya <= t <= yb:
            return va + (vb - va) * (t - ya) / (yb - ya)
    raise AssertionError("unreachable")


def is_maintain(ind: dict, plan) -> bool:
    if ind["kind"] == "qualitative":
        return plan is not None and plan[2] == plan[0]
    return ind.get("direction") == "maintain"


def indicator_result(ind: dict, scoring: dict, year: int, value, level):
    """Score, progress, expected and status of one indicator from its value (or level)."""
    qual = ind["kind"] == "qualitative"
    has = level is not None if qual else value is not None
    plan = numeric_plan(ind)
    out = {"id": ind["id"], "value": value, "level": level, "score": None, "progress": None,
           "expected": None, "status": "no-data"}
    if not has:
        return out
    a = level_score(ind, level) if qual else float(value)
    tol = float(ind.get("tolerance", 0) or 0)

    # --- score (section 4)
    if qual:
        out["score"] = a
    else:
        gp = ind.get("goalposts")
        wanted = ind.get("normalisation") or scoring.get("normalisation")
        if gp and (wanted == "goalposts" or plan is None):
            lo, hi = float(gp["min"]), float(gp["max"])
            if gp.get("log"):
                s = 0.0 if a <= 0 else clamp((math.log(a) - math.log(lo)) / (math.log(hi) - math.log(lo)))
            else:
                s = clamp((a - lo) / (hi - lo))
            if ind.get("direction") == "decrease":
                s = 1.0 - s
            out["score"] = 100.0 * s
        elif plan is not None and year >= plan[1]:
            b, _, T, _, _ = plan
            if is_maintain(ind, plan):
                out["score"] = 100.0 if abs(a - T) <= tol else 0.0
            else:
                out["score"] = 100.0 * clamp((a - b) / (T - b))

    # --- progress, expected, status (sections 2-3)
    if plan is None or year < plan[1]:
        out["status"] = "no-target"
        return out
    b, y0, T, yT, ms = plan
    if T != b:  # section 2 applies whenever it is defined, maintain included (WB_05: 48 -> 45)
        out["progress"] = (a - b) / (T - b)
        out["expected"] = clamp((milestone_path(year, b, y0, T, yT, ms) - b) / (T - b))
    if is_maintain(ind, plan):
        ok = (a >= T) if qual else abs(a - T) <= tol
        out["status"] = "achieved" if ok else "regressing"
        return out
    p, e = out["progress"], out["expected"]
    slack = tol / abs(T - b)
    if p >= 1:
        out["status"] = "achieved"
    elif p >= e - slack:
        out["status"] = "on-track"
    elif p < 0:
        out["status"] = "regressing"
    else:
        out["status"] = "off-track"
    return out


GROWTH_DEFAULTS = {"onTrack": 0.95, "acceleration": 0.6, "limited": 0.0, "substantial": 0.01,
                   "moderate": 0.0, "deterioration": -0.01, "zero": 0.001}
GROWTH_STATUS = {"target-achieved": "achieved", "on-track": "on-track",
                 "acceleration-needed": "off-track", "limited-progress": "off-track",
                 "deterioration": "regressing", "substantial-progress": "on-track",
                 "moderate-progress": "off-track", "moderate-deterioration": "regressing",
                 "significant-deterioration": "regressing", "unable-to-assess": "no-target"}


def uses_growth(ind: dict, scoring: dict) -> bool:
    """Section 2b: the indicator's own "progress", else the matrix default where growth applies."""
    if ind["kind"] == "qualitative":
        return False
    own = ind.get("progress")
    if own is not None:
        return own == "growth"
    return (scoring.get("progress") == "growth" and ind.get("direction") != "maintain"
            and "baseline" in ind)


def growth(ind: dict, scoring: dict, t: int, a: float):
    """Section 2b, the "growth" method: (category, observed, required, ratio) of value a seen in t."""
    th = dict(GROWTH_DEFAULTS, **scoring.get("growth", {}))
    b, t0 = float(ind["baseline"]["value"]), int(ind["baseline"]["year"])
    targets = sorted((int(y), float(v)) for y, v in (ind.get("targets") or {}).items())
    d = -1.0 if ind.get("direction") == "decrease" else 1.0
    if t < t0:
        return "unable-to-assess", None, None, None
    z = lambda x: th["zero"] if x == 0 else x  # noqa: E731
    x0, x = z(b), a  # section 2b: only a zero baseline or target is replaced
    if targets:
        tT, T = targets[-1]
        if (a >= T) if d > 0 else (a <= T):
            return "target-achieved", None, None, None
    if t - t0 < 1:
        return "unable-to-assess", None, None, None
    xs = [x0] + ([z(targets[-1][1])] if targets else [])
    if not ((all(v > 0 for v in xs) and x >= 0) or (all(v < 0 for v in xs) and x <= 0)):
        return "unable-to-assess", None, None, None
    observed = (x / x0) ** (1.0 / (t - t0)) - 1.0
    if targets:
        required = (z(T) / x0) ** (1.0 / (tT - t0)) - 1.0
        R = observed / required
        cat = ("on-track" if R >= th["onTrack"] else "acceleration-needed" if R >= th["acceleration"]
               else "limited-progress" if R >= th["limited"] else "deterioration")
        return cat, observed, required, R
    r = d * (1.0 if x0 > 0 else -1.0) * observed
    cat = ("substantial-progress" if r > th["substantial"] else "moderate-progress" if r >= th["moderate"]
           else "moderate-deterioration" if r >= th["deterioration"] else "significant-deterioration")
    return cat, observed, None, None


def apply_growth(ind: dict, scoring: dict, r: dict, t: int) -> None:
    """Section 2b: status from the category; a target-normalised score becomes 100*clamp(R)."""
    a = r["value"]
    if a is None or not uses_growth(ind, scoring):
        return
    cat, observed, required, R = growth(ind, scoring, t, float(a))
    r["growth"] = {"category": cat, "observed": observed, "required": required, "ratio": R}
    r["status"] = GROWTH_STATUS[cat]
    gp = ind.get("goalposts")
    wanted = ind.get("normalisation") or scoring.get("normalisation")
    if ind.get("targets") and not (gp and wanted == "goalposts"):
        r["score"] = 100.0 if cat == "target-achieved" else None if R is None else 100.0 * clamp(R)


# ---------------------------------------------------------------------------------------------
# Aggregation (section 6) and bands (section 7)
# ---------------------------------------------------------------------------------------------


def wmean(pairs, method: str):
    """Weighted mean of (score, weight) pairs; None when empty."""
    pairs = [(s, w) for s, w in pairs if w > 0]
    if not pairs:
        return None
    wsum = sum(w for _, w in pairs)
    arith = sum(s * w for s, w in pairs) / wsum
    if method == "arithmetic":
        return arith
    if any(s == 0 for s, _ in pairs):
        return 0.0
    g = math.exp(sum(w * math.log(s) for s, w in pairs) / wsum)
    return max(min(s for s, _ in pairs), min(g, arith))


def band_of(bands, score):
    if score is None:
        return None
    best = None
    for band in bands or []:
        if score + BAND_EPS >= band["min"] and (best is None or band["min"] >= best["min"]):
            best = band
    return best["id"] if best else None


def aggregate_card(matrix: dict, results: dict) -> dict:
    sc = matrix.get("scoring", {})
    agg = sc.get("aggregation", {})
    m_ind, m_th = agg.get("indicators", "arithmetic"), agg.get("themes", "arithmetic")
    pooled = agg.get("overall") == "indicators"
    missing = sc.get("missing", {})
    policy = missing.get("policy", "reweight")
    min_cov = float(missing.get("minCoverage", 0.5))

    def indicator_pairs(inds):
        total = sum(float(i.get("weight", 1)) for i in inds)
        pairs = []
        for i in inds:
            s, w = results[i["id"]]["score"], float(i.get("weight", 1))
            if s is not None:
                pairs.append((s, w, True))
            elif policy == "zero":  # scores 0 but does not count as covered
                pairs.append((0.0, w, False))
        covered = sum(w for _, w, real in pairs if real)
        cov = covered / total if total > 0 else 0.0
        return [(s, w) for s, w, _ in pairs], cov

    themes = []
    for th in matrix["themes"]:
        inds = [i for i in matrix["indicators"] if i["theme"] == th["id"]]
        pairs, cov = indicator_pairs(inds)
        s = wmean(pairs, m_ind)
        if cov < min_cov and policy != "zero":
            s = None
        themes.append({"id": th["id"], "dimension": th.get("dimension"), "weight": float(th.get("weight", 1)),
                       "score": s, "coverage": cov, "indicators": inds})

    def over(ths):
        if not ths:
            return None, None
        if pooled:
            pairs, cov = indicator_pairs([i for t in ths for i in t["indicators"]])
            s = wmean(pairs, m_ind)
        else:
            wsum = sum(t["weight"] for t in ths)
            cov = sum(t["coverage"] * t["weight"] for t in ths) / wsum
            s = wmean([(t["score"], t["weight"]) for t in ths if t["score"] is not None], m_th)
        if cov < min_cov and policy != "zero":
            s = None
        return s, cov

    bands = sc.get("bands")
    o_s, o_c = over(themes)
    dims = []
    for d in DIMENSIONS:
        s, c = over([t for t in themes if t["dimension"] == d])
        dims.append({"id": d, "score": s, "band": band_of(bands, s), "coverage": c})
    return {
        "overall": {"score": o_s, "band": band_of(bands, o_s), "coverage": o_c},
        "dimensions": dims,
        "themes": [{"id": t["id"], "score": t["score"], "band": band_of(bands, t["score"]),
                    "coverage": t["coverage"]} for t in themes],
    }


# ---------------------------------------------------------------------------------------------
# Merging, formulas, carryForward, one scorecard per entity-year
# ---------------------------------------------------------------------------------------------


def obs_key(o: dict):
    return ("missing", o["missing"]) if "missing" in o else ("level", o["level"]) if "level" in o else (
        "value", float(o["value"]))


def merge(assessments):
    """{(entity, year): {"observations": {id: obs}, "conflicts": {id: [submitters]}, "n": int}}"""
    groups: dict = {}
    for a in assessments:
        key = (a["entity"], int(a["year"]))
        g = groups.setdefault(key, {"observations": {}, "by": {}, "conflicts": {}, "n": 0})
        g["n"] += 1
        who = a.get("submittedBy", f"submission {g['n']}")
        for k, o in a["observations"].items():
            if k in g["observations"] and obs_key(g["observations"][k]) != obs_key(o):
                g["conflicts"].setdefault(k, [g["by"][k]]).append(who)
            elif k not in g["observations"]:
                g["observations"][k] = o
                g["by"][k] = who
    for g in groups.values():
        for k in g["conflicts"]:
            g["observations"].pop(k, None)
    return groups


def own_values(matrix: dict, obs: dict) -> dict:
    """id -> value (number) or level (str) or None, before carryForward. Formulas evaluated."""
    by_id = {i["id"]: i for i in matrix["indicators"]}
    vals: dict = {}

    def raw(k):
        o = obs.get(k)
        if o is None or "missing" in o:
            return None
        return o.get("level") if "level" in o else float(o["value"])

    def get(k, stack=()):
        if k in vals:
            return vals[k]
        ind = by_id.get(k)
        if ind is None or ind["kind"] != "formula":
            v = raw(k)
        else:
            if k in stack:
                raise FormulaError(f"cycle at {k}")
            env = {}
            for name in set(ind.get("inputs", [])) | names_in(ind["expression"]):
                env[name] = get(name, stack + (k,)) if name in by_id else raw(name)
            try:
                v = evaluate(ind["expression"], env)
            except FormulaError:
                v = None
        vals[k] = v
        return v

    return {i["id"]: get(i["id"]) for i in matrix["indicators"]}


def score_all(matrix: dict, assessments) -> list[dict]:
    sc = matrix.get("scoring", {})
    missing = sc.get("missing", {})
    carry = missing.get("policy") == "carryForward"
    max_years = int(missing.get("maxYears", 1))
    groups = merge(assessments)
    own = {key: own_values(matrix, g["observations"]) for key, g in groups.items()}
    cards = []
    for (entity, year) in sorted(groups):
        vals = own[(entity, year)]
        results, carried = {}, {}
        for ind in matrix["indicators"]:
            v = vals[ind["id"]]
            if v is None and carry:
                for k in range(1, max_years + 1):
                    prev = own.get((entity, year - k))
                    if prev is not None and prev[ind["id"]] is not None:
                        v, carried[ind["id"]] = prev[ind["id"]], year - k
                        break
            qual = ind["kind"] == "qualitative"
            r = indicator_result(ind, sc, year, None if qual else v, v if qual else None)
            r["carriedFrom"] = carried.get(ind["id"])
            apply_growth(ind, sc, r, r["carriedFrom"] or year)
            results[ind["id"]] = r
        card = {"entity": entity, "year": year, "submissions": groups[(entity, year)]["n"],
                "conflicts": groups[(entity, year)]["conflicts"]}
        card.update(aggregate_card(matrix, results))
        card["indicators"] = [results[i["id"]] for i in matrix["indicators"]]
        cards.append(card)
    return cards


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def load(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def fmt(x) -> str:
    return "null" if x is None else repr(x)


def selftest() -> None:
    """The worked example of docs/method.md section 8, number for number."""
    lv = [{"id": "absent", "label": "a", "score": 0}, {"id": "partial", "label": "p", "score": 50},
          {"id": "complete", "label": "c", "score": 100}]
    matrix = {
        "themes": [{"id": "rights", "dimension": "migrants-rights"},
                   {"id": "wog", "dimension": "whole-of-government"}],
        "indicators": [
            {"id": "R1", "theme": "rights", "kind": "quantitative", "direction": "increase",
             "baseline": {"year": 2016, "value": 10}, "targets": {"2026": 30}},
            {"id": "R2", "theme": "rights", "kind": "quantitative", "direction": "decrease",
             "baseline": {"year": 2016, "value": 40}, "targets": {"2026": 20}},
            {"id": "W1", "theme": "wog", "kind": "qualitative", "levels": lv,
             "baseline": {"year": 2016, "level": "absent"}, "targets": {"2026": "complete"}},
        ],
        "scoring": {},
    }
    obs = {"R1": {"value": 20}, "R2": {"value": 45}, "W1": {"level": "partial"}}
    [card] = score_all(matrix, [{"entity": "X", "year": 2021, "observations": obs}])
    got = {r["id"]: (r["progress"], r["expected"], r["status"], r["score"]) for r in card["indicators"]}
    assert got == {"R1": (0.5, 0.5, "on-track", 50.0), "R2": (-0.25, 0.5, "regressing", 0.0),
                   "W1": (0.5, 0.5, "on-track", 50.0)}, got
    assert [t["score"] for t in card["themes"]] == [25.0, 50.0]
    assert card["overall"]["score"] == 37.5
    assert [d["score"] for d in card["dimensions"]] == [25.0, 50.0, None, None, None, None]
    print("selftest: the worked example of docs/method.md section 8 is reproduced")
    growth_selftest()


def growth_selftest() -> None:
    """The worked example of docs/method.md section 2b (progress methods)."""
    def q(i, direction, b, T=None, gp=None):
        ind = {"id": i, "theme": "t", "kind": "quantitative", "direction": direction,
               "baseline": {"year": 2015, "value": b}}
        if T is not None:
            ind["targets"] = {"2030": T}
        if gp is not None:
            ind["goalposts"] = {"min": gp[0], "max": gp[1]}
        return ind
    inds = [q("G1", "increase", 40, 80), q("G2", "decrease", 20, 10), q("G3", "increase", 200, gp=(0, 1000))]
    obs = {"G1": {"value": 50}, "G2": {"value": 18}, "G3": {"value": 210}}
    for progress, want in [
        (None, {"G1": ("off-track", 25.0), "G2": ("off-track", 20.0), "G3": ("no-target", 21.0)}),
        ("growth", {"G1": ("on-track", 96.50153), "G2": ("off-track", 46.17444), "G3": ("off-track", 21.0)}),
    ]:
        matrix = {"themes": [{"id": "t"}], "indicators": inds,
                  "scoring": {"progress": progress} if progress else {}}
        [card] = score_all(matrix, [{"entity": "X", "year": 2020, "observations": obs}])
        got = {r["id"]: (r["status"], round(r["score"], 5)) for r in card["indicators"]}
        assert got == want, got
    g = {r["id"]: r["growth"] for r in card["indicators"]}
    assert [g[i]["category"] for i in ("G1", "G2", "G3")] == ["on-track", "limited-progress", "moderate-progress"]
    assert abs(card["overall"]["score"] - 54.55866) < 1e-5, card["overall"]["score"]
    print("selftest: the growth worked example of docs/method.md section 2b is reproduced:",
          {i: (round(g[i]["observed"], 7), g[i]["required"] and round(g[i]["required"], 7),
               g[i]["ratio"] and round(g[i]["ratio"], 7)) for i in g})


def main(argv: list[str]) -> int:
    if "--selftest" in argv:
        selftest()
        return 0
    root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    as_json = "--json" in argv
    args = [a for a in argv if a != "--json"]
    if args:
        runs = [(args[0], args[1:])]
    else:
        runs = [
            (os.path.join(root, "indicators", "moldova-dmd.json"),
             sorted(glob.glob(os.path.join(root, "examples", "moldova", "*.json")))),
            (os.path.join(root, "indicators", "sdg-10-7-2.json"),
             sorted(glob.glob(os.path.join(root, "examples", "sdg", "*.json")))),
        ]
    everything = {}
    for matrix_path, files in runs:
        matrix = load(matrix_path)
        cards = score_all(matrix, [load(f) for f in files])
        everything[matrix["id"]] = cards
        if as_json:
            continue
        print(f"== {matrix['id']}@{matrix['version']} ({len(files)} assessments)")
        latest = max(c["year"] for c in cards)
        show = [c for c in cards if c["year"] == latest] if matrix["id"] == "moldova-dmd" else cards
        for c in show:
            o = c["overall"]
            print(f"{c['entity']} {c['year']}: overall {fmt(o['score'])} band {o['band']}"
                  f" coverage {fmt(o['coverage'])}")
            for d in c["dimensions"]:
                print(f"  dimension {d['id']:24} {fmt(d['score'])}  band {d['band']}")
            for t in c["themes"]:
                print(f"  theme     {t['id']:24} {fmt(t['score'])}  coverage {fmt(t['coverage'])}")
            carried = [f"{r['id']}<-{r['carriedFrom']}" for r in c["indicators"] if r["carriedFrom"]]
            if carried:
                print(f"  carried forward: {', '.join(carried)}")
    if as_json:
        json.dump(everything, sys.stdout, indent=1)
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
