#!/usr/bin/env python3
"""The numpy baseline of the `grid_vs_numpy` benchmark: one grid, task by task, in plain numpy.

This is the straightforward per-task loop a researcher writes for the measurements of
docs/science.md: for every task (architecture, normalization, depth, beta, seed) draw the
weights, run the forward pass keeping what the backward pass needs, backpropagate by hand to get
the input gradient g_p = dy_p/dx_p (batch statistics frozen), then compute the autocorrelation
c_1..c_K of g and the gate statistics of every ReLU layer. Points are the rows of P x N matrices
and every layer is one `@` product; nothing loops over points.

It runs on ONE thread: OPENBLAS_NUM_THREADS, OMP_NUM_THREADS and MKL_NUM_THREADS are set to 1 in
os.environ below, before numpy is imported (the BLAS reads them when it loads). Double precision.

Output: one JSON object on stdout, e.g.
  {"seconds": 4.1, "tasks": 132, "numpy": "2.4.6", "blas": "scipy-openblas 0.3.31...",
   "threads": 1, "grid": {...}, "mean_c1": {"feedforward/batch/L=50": -0.01, ...}}
`seconds` is the wall time (time.perf_counter) of the whole grid loop, after one untimed
warm-up task. `--check` instead compares the hand-written backward pass with central finite
differences and exits 1 on failure. See bench/README.md.
"""

import os

# One thread, before numpy (and its BLAS) is loaded: the benchmark compares single-core work.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

EPS = 1e-5  # batch norm: (v - mean) / sqrt(var + EPS), population variance
ARCHITECTURES = ("feedforward", "resnet")
NORMALIZATIONS = ("batch", "none")
CONSTANT_THRESHOLD = 1e-24  # docs/science.md: a gradient with variance below this x mean square is constant


# ---------------------------------------------------------------------------------------------
# Network: weights, forward pass with tape, backward pass
# ---------------------------------------------------------------------------------------------

def draw_weights(arch, depth, width, seed):
    """W0 (N x 1) ~ N(0, 2), the layer matrices (N x N) ~ N(0, 2/N), w_out ~ N(0, 1/N).

    Feedforward has depth - 1 layer matrices, a resnet depth. One numpy stream per task, drawn in
    the order stem, layers, output (the project draws its own stream; the values differ).
    """
    rng = np.random.default_rng(seed)
    w0 = rng.standard_normal((width, 1)) * math.sqrt(2.0)
    count = depth - 1 if arch == "feedforward" else depth
    layers = [rng.standard_normal((width, width)) * math.sqrt(2.0 / width) for _ in range(count)]
    w_out = rng.standard_normal(width) * math.sqrt(1.0 / width)
    return w0, layers, w_out


def normalize(v, batch, frozen, layer):
    """n(v) per unit over the P rows; returns (n(v), mean, gain) with gain = 1/sqrt(var + EPS).

    Without normalization it is the identity (mean and gain None). With `frozen` (a list of
    (mean, gain) per ReLU layer) the given statistics are used instead of the batch's own.
    """
    if not batch:
        return v, None, None
    if frozen is None:
        mean = v.mean(axis=0)
        gain = 1.0 / np.sqrt(v.var(axis=0) + EPS)
    else:
        mean, gain = frozen[layer]
    return (v - mean) * gain, mean, gain


def forward(arch, batch, beta, x, weights, frozen=None):
    """y (P values) and the tape: per ReLU layer (gate matrix P x N bool, mean, gain).

    feedforward: a_1 = relu(n(W0 x)), a_{l+1} = relu(n(W_l a_l)), y = w_out . a_L
    resnet:      r_1 = W0 x, r_{l+1} = r_l + beta W_l relu(n(r_l)) (l = 1..L), y = w_out . r_{L+1}
    """
    w0, layers, w_out = weights
    tape = []
    h = x[:, None] @ w0.T  # P x N: the stem, W0 x_p for every point
    if arch == "feedforward":
        for l in range(len(layers) + 1):
            if l > 0:
                h = a @ layers[l - 1].T
            hn, mean, gain = normalize(h, batch, frozen, l)
            gate = hn > 0
            a = hn * gate
            tape.append((gate, mean, gain))
        return a @ w_out, tape
    r = h
    for l, w in enumerate(layers):
        hn, mean, gain = normalize(r, batch, frozen, l)
        gate = hn > 0
        r = r + beta * ((hn * gate) @ w.T)
        tape.append((gate, mean, gain))
    return r @ w_out, tape


def backward(arch, beta, weights, tape, points):
    """g_p = d(sum_q y_q)/dx_p with frozen batch statistics, by hand-written backpropagation.

    With the statistics constant, the backward step of n is multiplication by the gain.
    """
    w0, layers, w_out = weights
    delta = np.broadcast_to(w_out, (points, w_out.shape[0]))  # dy/d(last layer's output), P x N
    if arch == "feedforward":
        for l in range(len(tape) - 1, -1, -1):
            gate, _, gain = tape[l]
            delta = delta * gate if gain is None else delta * gate * gain  # back through relu(n(.))
            if l > 0:
                delta = delta @ layers[l - 1]  # back through W_l
    else:
        for l in range(len(tape) - 1, -1, -1):
            gate, _, gain = tape[l]
            branch = beta * (delta @ layers[l])  # back through beta W_l
            branch = branch * gate if gain is None else branch * gate * gain
            delta = delta + branch  # the skip path carries delta unchanged
    return delta @ w0[:, 0]  # back through the stem: P values


# ---------------------------------------------------------------------------------------------
# Measurements (docs/science.md, Per-task metrics)
# ---------------------------------------------------------------------------------------------

def autocorrelation(g, max_lag):
    """c_k = sum_{p<P-k} (g_p - m)(g_{p+k} - m) / sum_p (g_p - m)^2 for k = 1..K, on g / max|g|."""
    d = g / np.max(np.abs(g))
    centred = d - d.mean()
    ss = centred @ centred
    if ss / len(d) < CONSTANT_THRESHOLD * (d @ d) / len(d):
        return np.ones(max_lag)  # a numerically constant gradient: c_k = 1 by convention
    full = np.correlate(centred, centred, mode="full")  # lag k at index P - 1 + k
    return full[len(d):len(d) + max_lag] / ss


def gate_statistics(gate, max_lag):
    """Per ReLU layer, from the P x N gate matrix A (A[p, u] = unit u active at point p).

    active_fraction, constant_units, coactivation over all pairs p < q (from the per-unit counts)
    and coactivation at lags 1..K (neighbours q = p + k), each a mean over the N units.
    """
    points, units = gate.shape
    counts = np.count_nonzero(gate, axis=0)  # active points per unit
    active = counts.sum() / (points * units)
    constant = np.count_nonzero((counts == 0) | (counts == points)) / units
    coact = (counts * (counts - 1) / 2).sum() / (units * points * (points - 1) / 2)
    lags = np.array([np.count_nonzero(gate[:-k] & gate[k:]) / (units * (points - k))
                     for k in range(1, max_lag + 1)])
    return active, constant, coact, lags


def run_task(arch, batch, beta, depth, width, x, max_lag, seed):
    """One task: weights, forward, backward, autocorrelation, gate statistics of every layer."""
    weights = draw_weights(arch, depth, width, seed)
    y, tape = forward(arch, batch, beta, x, weights)
    g = backward(arch, beta, weights, tape, len(x))
    acf = autocorrelation(g, max_lag)
    layers = [gate_statistics(gate, max_lag) for gate, _, _ in tape]
    if not (np.all(np.isfinite(y)) and np.all(np.isfinite(g)) and np.all(np.isfinite(acf))):
        raise FloatingPointError(f"{arch} depth {depth} seed {seed}: non-finite output, gradient or acf")
    return acf, layers


# ---------------------------------------------------------------------------------------------
# The grid
# ---------------------------------------------------------------------------------------------

class ArgumentError(Exception):
    pass


def parse_list(name, text, convert, allowed=None):
    items = [item.strip() for item in text.split(",") if item.strip()]
    if not items:
        raise ArgumentError(f"{name}: empty list '{text}'; give comma-separated values")
    out = []
    for item in items:
        try:
            value = convert(item)
        except ValueError:
            raise ArgumentError(f"{name}: bad value '{item}'; allowed: {allowed}") from None
        if isinstance(allowed, tuple) and value not in allowed:
            raise ArgumentError(f"{name}: bad value '{item}'; allowed: {', '.join(allowed)}")
        if value not in out:
            out.append(value)
    return out


def positive_int(item):
    value = int(item)
    if value < 1:
        raise ValueError(item)
    return value


BETA_RULE = re.compile(r"^(?:(?P<c>[0-9.eE+-]+)\s*)?/\s*(?P<f>sqrt\(depth\)|depth)$")


def beta_rule(item):
    """A number, or 'c/sqrt(depth)' / 'c/depth' (as in the project's grid); returns (label, function)."""
    label = item.replace(" ", "")
    match = BETA_RULE.match(label)
    if match:
        c = float(match.group("c") or 1.0)
        sqrt = match.group("f") == "sqrt(depth)"
        if not c > 0:
            raise ValueError(item)
        return label, (lambda depth: c / math.sqrt(depth)) if sqrt else (lambda depth: c / depth)
    value = float(label)
    if not (value > 0 and math.isfinite(value)):
        raise ValueError(item)
    return label, (lambda depth: value)


def grid_tasks(archs, norms, depths, betas, seeds):
    """The tasks in loop order: (arch, norm, depth, beta label, beta, seed).

    Feedforward has no beta. A resnet beta rule that gives the beta of an earlier rule at some
    depth (1/sqrt(depth) at depth 1 is 1, at depth 4 is 0.5) is the same task, kept once under
    the earlier label, as the project's grid keeps one task per key.
    """
    tasks = []
    for arch in archs:
        for norm in norms:
            for depth in depths:
                if arch == "feedforward":
                    tasks += [(arch, norm, depth, None, 1.0, s) for s in range(seeds)]
                    continue
                seen = set()
                for label, rule in betas:
                    beta = rule(depth)
                    if beta in seen:
                        continue
                    seen.add(beta)
                    tasks += [(arch, norm, depth, label, beta, s) for s in range(seeds)]
    return tasks


def group_key(arch, norm, depth, label):
    key = f"{arch}/{norm}/L={depth}"
    return key if label is None else f"{key}/beta={label}"


def blas_name():
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return f"{blas.get('name', '?')} {blas.get('version', '?')}"
    except Exception:  # an older numpy without mode="dicts"
        return "unknown"


def run_grid(args):
    archs = parse_list("--architectures", args.architectures, str, ARCHITECTURES)
    norms = parse_list("--normalizations", args.normalizations, str, NORMALIZATIONS)
    depths = parse_list("--depths", args.depths, positive_int, "integers >= 1")
    betas = parse_list("--betas", args.betas, beta_rule, "numbers > 0, c/sqrt(depth), c/depth")
    labels = [label for label, _ in betas]
    if len(set(labels)) != len(labels):
        raise ArgumentError(f"--betas: repeated value in '{args.betas}'")
    for name, value, low in (("--width", args.width, 1), ("--points", args.points, 3),
                             ("--seeds", args.seeds, 1), ("--max-lag", args.max_lag, 1)):
        if value < low:
            raise ArgumentError(f"{name}: bad value {value}; allowed: integers >= {low}")
    if args.max_lag >= args.points:
        raise ArgumentError(f"--max-lag: bad value {args.max_lag}; allowed: 1 .. points - 1 = {args.points - 1}")
    if not args.input_min < args.input_max:
        raise ArgumentError(f"--input-min/--input-max: bad range [{args.input_min}, {args.input_max}]; "
                            "allowed: input-min < input-max")

    x = np.linspace(args.input_min, args.input_max, args.points)
    tasks = grid_tasks(archs, norms, depths, betas, args.seeds)

    def task(t):
        arch, norm, depth, _, beta, seed = t
        return run_task(arch, norm == "batch", beta, depth, args.width, x, args.max_lag, seed)

    task(max(tasks, key=lambda t: t[2]))  # warm-up, untimed: the deepest task
    c1 = {}
    start = time.perf_counter()
    for t in tasks:
        acf, _ = task(t)
        c1.setdefault(group_key(*t[:4]), []).append(acf[0])
    seconds = time.perf_counter() - start

    return {
        "seconds": seconds,
        "tasks": len(tasks),
        "numpy": np.__version__,
        "blas": blas_name(),
        "threads": 1,
        "python": sys.version.split()[0],
        "grid": {
            "architectures": archs, "normalizations": norms, "depths": depths,
            "width": args.width, "points": args.points, "betas": labels, "seeds": args.seeds,
            "max_lag": args.max_lag, "input_min": args.input_min, "input_max": args.input_max,
            "inputs": "line", "precision": "double", "gradient_mode": "frozen",
        },
        "mean_c1": {key: float(np.mean(values)) for key, values in c1.items()},
        "sd_c1": {key: float(np.std(values, ddof=1)) if len(values) > 1 else None for key, values in c1.items()},
    }


# ---------------------------------------------------------------------------------------------
# --check: the hand-written gradient against central finite differences
# ---------------------------------------------------------------------------------------------

def check(tolerance=1e-6, depth=3, width=16, points=8, step=1e-6, beta=0.5):
    """Manual backward against (y(x + h) - y(x - h)) / 2h with the statistics frozen at the
    unperturbed batch's values. With frozen statistics y_p depends on x_p alone, so one forward
    pass at x + h (all points at once) gives every point's difference. Returns True when the
    relative error max|g - fd| / max|fd| is below the tolerance in every case."""
    x = np.linspace(-2.0, 2.0, points)
    ok = True
    for arch in ARCHITECTURES:
        for norm in NORMALIZATIONS:
            batch = norm == "batch"
            weights = draw_weights(arch, depth, width, seed=0)
            _, tape = forward(arch, batch, beta, x, weights)
            g = backward(arch, beta, weights, tape, points)
            frozen = [(mean, gain) for _, mean, gain in tape] if batch else None
            y_plus, tape_plus = forward(arch, batch, beta, x + step, weights, frozen)
            y_minus, tape_minus = forward(arch, batch, beta, x - step, weights, frozen)
            fd = (y_plus - y_minus) / (2 * step)
            kinks = sum(int(np.any(gp != gm)) for (gp, _, _), (gm, _, _) in zip(tape_plus, tape_minus))
            error = float(np.max(np.abs(g - fd)) / np.max(np.abs(fd)))
            passed = error < tolerance and np.all(np.isfinite(g))
            ok = ok and passed
            print(f"{arch:11s} {norm:5s} depth {depth} width {width} points {points}"
                  f"{' beta ' + str(beta) if arch == 'resnet' else ''}: relative error {error:.2e}"
                  f" (gate flips within +-h: {kinks} layers) {'ok' if passed else 'FAILED'}")
    print(f"check: {'ok' if ok else 'FAILED'} (tolerance {tolerance:g})")
    return ok


# ---------------------------------------------------------------------------------------------

class Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2
        print(f"grid_numpy.py: {message}", file=sys.stderr)
        sys.exit(2)


def main(argv=None):
    parser = Parser(description="numpy baseline of grid_vs_numpy: one grid, task by task, one thread, "
                                "double; prints one JSON object (see bench/README.md)")
    parser.add_argument("--architectures", default="feedforward,resnet", help="comma-separated: feedforward, resnet")
    parser.add_argument("--normalizations", default="batch,none", help="comma-separated: batch, none")
    parser.add_argument("--depths", default="1,2,4,8,16,24,50", help="comma-separated depths L (ReLU layers)")
    parser.add_argument("--width", type=int, default=200, help="N, units per layer")
    parser.add_argument("--points", type=int, default=256, help="P, inputs x_p = linspace(min, max, P)")
    parser.add_argument("--betas", default="1,0.5,0.1,1/sqrt(depth)",
                        help="resnet branch scales: numbers or c/sqrt(depth), c/depth")
    parser.add_argument("--seeds", type=int, default=2, help="S: seeds 0..S-1")
    parser.add_argument("--max-lag", type=int, default=32, help="K, largest lag of c_k and co-activation")
    parser.add_argument("--input-min", type=float, default=-2.0)
    parser.add_argument("--input-max", type=float, default=2.0)
    parser.add_argument("--check", action="store_true",
                        help="compare the backward pass with finite differences (small nets); exit 1 on failure")
    args = parser.parse_args(argv)
    if args.check:
        return 0 if check() else 1
    try:
        result = run_grid(args)
    except ArgumentError as e:
        print(f"grid_numpy.py: {e}", file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
