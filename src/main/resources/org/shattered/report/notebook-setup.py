# Reader: the project's own `jobs/shattered sql` (Spark SQL), run as a subprocess. It registers the
# views and functions the report's queries read (tasks, layers, series, baselines, task_summary,
# acf_curve, layer_summary, pair_correlation, theory, ensemble_matrix; t975, theory_corr), so the
# SQL below runs exactly as the page shows it. pyspark alone lacks those views and functions, so
# it is not used; DuckDB or pyarrow read the raw tables only (see the README).
# Needs: this notebook inside a clone of the project (or SHATTERED_HOME, or SHATTERED_LAUNCHER, a
# command line that runs the CLI), Java 17, the results directory (SHATTERED_RESULTS, default
# below) and matplotlib. Without one of them a figure cell shows the figure stored beside this
# notebook (NAME.png) and says why, so no figure goes missing.
import csv, io, os, pathlib, shlex, subprocess, textwrap
from IPython.display import Image, display

RESULTS = os.environ.get("SHATTERED_RESULTS", __RESULTS__)
HERE = pathlib.Path.cwd()


def _launcher():
    if os.environ.get("SHATTERED_LAUNCHER"):
        return shlex.split(os.environ["SHATTERED_LAUNCHER"]), None
    homes = [pathlib.Path(os.environ["SHATTERED_HOME"])] if os.environ.get("SHATTERED_HOME") else []
    homes += [HERE, *HERE.parents]
    for home in homes:
        if (home / "jobs" / "shattered").is_file() and (home / "pom.xml").is_file():
            return [str(home / "jobs" / "shattered")], None
    return None, "the project's jobs/shattered was not found above " + str(HERE) + " (set SHATTERED_HOME)"


LAUNCHER, WHY = _launcher()
if LAUNCHER is not None and not pathlib.Path(RESULTS).is_dir() and "://" not in RESULTS:
    LAUNCHER, WHY = None, "no results directory at " + RESULTS + " (set SHATTERED_RESULTS, or run the Reproduce commands)"
try:
    import matplotlib.pyplot as plt
except ImportError:
    plt = None
    WHY = WHY or "matplotlib is not installed"
print("reader:", " ".join(LAUNCHER) + " sql --results " + RESULTS if LAUNCHER and plt else "none: " + WHY)


def _value(s):
    try:
        return float(s)
    except ValueError:
        return s


def query(sql):
    """Runs SQL (statements separated by ';') with the reader; one list of row dicts per statement."""
    # a query that opens with a comment ("-- ...") would read as an option: a newline first
    run = subprocess.run(LAUNCHER + ["sql", "--results", RESULTS, "--format", "csv", "--limit", "100000000",
                                     "\n" + sql if sql.startswith("-") else sql],
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(run.stderr.strip().splitlines()[-1] if run.stderr.strip() else "exit %d" % run.returncode)
    blocks, cur = [], []
    for line in run.stdout.splitlines():
        if line == "" and cur:
            blocks.append(cur)
            cur = []
        elif line != "":
            cur.append(line)
    if cur:
        blocks.append(cur)
    return [[{k: _value(v) for k, v in row.items()} for row in csv.DictReader(io.StringIO("\n".join(b)))]
            for b in blocks]


_BATCH = None


def _batched(name, sql):
    """The results of figure NAME's statements from one run of the reader for every figure of QUERIES (set
    at the end of this cell): Spark starts once for the whole notebook instead of once per figure. Falls
    back to a query of its own when the figure is not there or the batch could not be split."""
    global _BATCH
    if _BATCH is None:
        _BATCH = {}
        try:
            blocks = query("\n;\n".join(q for _, _, q in QUERIES))  # a ';' after a closing comment line
            if len(blocks) == sum(n for _, n, _ in QUERIES):
                at = 0
                for figure_name, n, _ in QUERIES:
                    _BATCH[figure_name] = blocks[at:at + n]
                    at += n
        except Exception:  # each figure then runs its own query and reports its own error
            pass
    return _BATCH[name] if name in _BATCH else query(sql)


def _page_labels(fig, labels):
    """Gives the charts of `fig` the page's (title, x label, y label), one tuple per chart, when it has as
    many charts as the page's figure (colour bars aside); otherwise leaves them as drawn."""
    charts = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    if labels and len(charts) == len(labels):
        for ax, (title, x, y) in zip(charts, (t[:3] for t in labels)):
            ax.set_title(title, fontsize=10)
            ax.set_xlabel(x)
            ax.set_ylabel("\n".join(textwrap.wrap(y, 45)))  # a long label on two lines, not cut at the top
        fig.tight_layout(rect=(0, getattr(fig, "_legend_bottom", 0), 1, 1))


def figure(name, sql, plot, labels=None):
    """Recomputes figure NAME from the results (query, then plot, its charts titled and labelled as the page's
    `labels`), or shows the stored NAME.png and why not."""
    why = WHY if plot is not None else "computed by the report from its aggregates, not by one query"
    if plot is not None and LAUNCHER is not None and plt is not None:
        try:
            global _LEGENDS
            _LEGENDS = [t[3] if len(t) > 3 else [] for t in labels or []]
            fig = plot(_batched(name, sql))
            _page_labels(fig, labels)
            display(fig)
            plt.close(fig)
            print(name + ": recomputed from " + RESULTS)
            return
        except Exception as e:  # keep the stored figure
            why = "recomputing failed: %s" % e
    stored = HERE / (name + ".png")
    if stored.is_file():
        display(Image(filename=str(stored)))
        print(name + ": the figure stored beside this notebook (" + why + ")")
    else:
        print(name + ": not recomputed (" + why + ") and no " + stored.name + " beside this notebook")


_LEGENDS = []  # the page's legend of each chart of the figure being drawn: [(entry, colour), ...]


def _legend(panel):
    """The page's legend of chart `panel` (all charts' entries when the counts differ)."""
    if 0 <= panel < len(_LEGENDS) and _LEGENDS[panel]:
        return _LEGENDS[panel]
    return [e for legend in _LEGENDS for e in legend]


def _page_series(labels, panel):
    """Each of `labels` (the notebook's names of its curves, in drawing order) as the page names, colours and
    orders it on chart `panel`: (page index, page entry, colour), the entry that is the label or the label
    followed by a note (" [degenerate: ...]", " (coincides with ...)"); curves the page lacks keep their
    name and a colour of their own, after the page's."""
    legend = _legend(panel)
    out = []
    for i, label in enumerate(labels):
        hit = next((j for j, (entry, _) in enumerate(legend)
                    if entry == label or entry.startswith(label + " [") or entry.startswith(label + " (")), None)
        if hit is None:
            out.append((len(legend) + i, label, "C%d" % (i % 10)))
        else:
            out.append((hit, legend[hit][0], legend[hit][1] or "C%d" % (i % 10)))
    return out


def _log2_ticks(ax, xs):
    """A base-2 log x axis ticked at the data's x values, written as numbers (1, 2, 4, 24), as the page's."""
    import matplotlib.ticker as ticker
    ax.set_xscale("log", base=2)
    ax.set_xticks(sorted(set(xs)))
    ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: "%g" % v))
    ax.xaxis.set_minor_locator(ticker.NullLocator())


def _label(row, rows, extra=()):
    vary = lambda k: len({r.get(k) for r in rows}) > 1
    if row.get("family"):  # training rows carry the page's name of their family
        return str(row["family"]) + "".join(", %s=%d" % ("L" if k == "depth" else k, row[k]) for k in extra)
    s = str(row["architecture"])
    if vary("normalization"):
        s += ", batch norm" if row["normalization"] == "batch" else ", no norm"
    if row["architecture"] == "resnet":
        s += ", β=" + str(row["beta_rule"])
    if vary("width"):
        s += ", N=%d" % row["width"]
    for k in extra:
        s += ", %s=%d" % ("L" if k == "depth" else k, row[k])
    if row.get("gradient_mode") == "through-batch":  # as the page: frozen batch statistics unmarked
        s += ", through-batch"
    return s


def _number(v):
    return v if isinstance(v, float) else float("nan")


def lines(rows, x, panels, theory=None, extra=(), split=None, marks=()):
    """Line charts: one panel per (y, ci, title) or per value of `split`; mean with its 95% band, theory dashed;
    `marks`: reference lines of the co-activation panels."""
    if split is not None:
        panels = [(panels[0][0], panels[0][1], "%s (%s=%d)" % (panels[0][2], split, v), v)
                  for v in sorted({r[split] for r in rows})]
    fig, axes = plt.subplots(1, len(panels), figsize=(6 * len(panels), 4.2), squeeze=False)
    for pi, (ax, panel) in enumerate(zip(axes[0], panels)):
        y, ci, title = panel[:3]
        sel = [r for r in rows if split is None or r[split] == panel[3]]
        groups = {}
        for r in sel:
            groups.setdefault(_label(r, rows, extra), []).append(r)
        # named, coloured and in the order of the page's legend
        series = sorted(zip(_page_series(list(groups), pi), groups.values()), key=lambda s: s[0][0])
        for (_, label, color), g in series:
            g.sort(key=lambda r: r[x])
            xs = [r[x] for r in g]
            ys = [_number(r[y]) for r in g]
            ax.plot(xs, ys, marker="o", markersize=3, color=color, label=label)
            if ci is not None:
                h = [_number(r[ci]) for r in g]
                ax.fill_between(xs, [a - b for a, b in zip(ys, h)], [a + b for a, b in zip(ys, h)], color=color, alpha=0.2)
            if theory is not None:
                ax.plot(xs, [_number(r[theory]) for r in g], linestyle="--", color=color, linewidth=1)
        for m in ((1.0,) if "pair_ratio" in y else marks if "coactivation" in y else ()):
            ax.axhline(m, color="gray", linestyle=":", linewidth=1)
        xs_all = [r[x] for r in sel]
        if x == "depth" and xs_all and min(xs_all) >= 1 and max(xs_all) / min(xs_all) >= 8:
            _log2_ticks(ax, xs_all)
        ax.set_title(title)
        ax.set_xlabel({"depth": "depth L", "layer": "layer l", "lag": "lag k"}.get(x, x))
        ax.set_ylabel(title.split(" (")[0] if split is not None else title)
        ax.grid(alpha=0.3)
    _legend_below(fig, axes[0][-1])
    return fig


def _legend_below(fig, ax):
    """The legend of `ax` below the charts, in as many columns as fit, every entry whole (long entries are
    wrapped), as the page's legend under its charts; the charts are laid out above it."""
    import textwrap
    handles, names = ax.get_legend_handles_labels()
    if not handles:
        fig.tight_layout()
        return
    width = fig.get_figwidth() * 72 / (7 * 0.6)  # characters of a 7-pt legend across the figure
    names = ["\n".join(textwrap.wrap(n, 70)) for n in names]
    longest = max(max(len(line) for line in n.split("\n")) for n in names) + 8
    ncol = max(1, min(len(names), int(width // longest)))
    fig.legend(handles, names, fontsize=7, loc="lower center", ncol=ncol, frameon=False)
    lines = sum(max(n.count("\n") + 1 for n in names[i:i + ncol]) for i in range(0, len(names), ncol))
    fig._legend_bottom = min(0.6, (0.15 + 0.135 * lines) / fig.get_figheight())
    fig.tight_layout(rect=(0, fig._legend_bottom, 1, 1))


def figure1(tables, order=None, names=None, x_range=None):
    """Figure 1: per group, the first seed's gradient, the correlation matrix across seeds, the autocorrelation;
    columns in `order` (the page's, as key tuples) titled by `names`, gradients over the inputs in `x_range`."""
    gradients, matrix, acf = tables
    keys = ["architecture", "normalization", "width", "depth", "beta_rule", "points", "precision", "gradient_mode"]
    key = lambda r: tuple(r[k] for k in keys)
    by_key = {key(g): g for g in gradients}
    cols = [k for k in order if k in by_key] if order else list(by_key)
    title = {k: n for k, n in zip(order or [], names or [])}
    fig, axes = plt.subplots(3, len(cols), figsize=(3.6 * len(cols), 9.6), squeeze=False)
    for j, k in enumerate(cols):
        g = by_key[k]
        name = title.get(k) or (g["architecture"] if str(g["architecture"]).endswith("noise")
                                else "%s, L=%d" % (g["architecture"], g["depth"]))
        values = [float(v) for v in str(g["gradient"]).strip("[]").split(",")]
        n = len(values)
        lo, hi = x_range or (0, n - 1)
        xs = [lo + (hi - lo) * i / max(1, n - 1) for i in range(n)]
        axes[0][j].plot(xs, values, color="C%d" % j)
        axes[0][j].set_title(name, fontsize=9)
        axes[0][j].set_xlabel("input x" if x_range else "input index")
        axes[0][j].set_ylabel("dy/dx (one seed)")
        m = [[float("nan")] * n for _ in range(n)]
        for r in matrix:
            if key(r) == k:
                m[int(r["p"])][int(r["q"])] = m[int(r["q"])][int(r["p"])] = _number(r["correlation"])
        im = axes[1][j].imshow(m, cmap="bwr", vmin=-1, vmax=1)
        axes[1][j].set_title("correlation across seeds", fontsize=9)
        axes[1][j].set_xlabel("input index")
        axes[1][j].set_ylabel("input index")
        fig.colorbar(im, ax=axes[1][j], fraction=0.046, pad=0.04, label="correlation")
        a = sorted((r for r in acf if key(r) == k), key=lambda r: r["lag"])
        lags = [r["lag"] for r in a]
        mean = [_number(r["acf_mean"]) for r in a]
        h = [_number(r["acf_ci95"]) for r in a]
        axes[2][j].plot(lags, mean, marker="s", markersize=2, color="C%d" % j)
        axes[2][j].fill_between(lags, [u - v for u, v in zip(mean, h)], [u + v for u, v in zip(mean, h)], color="C%d" % j, alpha=0.2)
        axes[2][j].axhline(0, color="gray", linestyle=":", linewidth=1)
        axes[2][j].set_title("autocorrelation", fontsize=9)
        axes[2][j].set_xlabel("lag k")
        axes[2][j].set_ylabel("c_k (mean over seeds, 95% band)")
    fig.tight_layout()
    return fig


def scatter(rows, y, xs, color="family", filled="best"):
    """Scatter panels: y against each of `xs`, one colour per value of `color`; points whose `filled` column
    is true are filled, the others hollow (training pages: the best learning rate filled)."""
    fig, axes = plt.subplots(1, len(xs), figsize=(6 * len(xs), 4.6), squeeze=False)
    groups = sorted({r[color] for r in rows})
    for pi, (ax, x) in enumerate(zip(axes[0], xs)):
        for (_, label, c), g in sorted(zip(_page_series([str(g) for g in groups], pi), groups), key=lambda s: s[0][0]):
            sel = [r for r in rows if r[color] == g]
            best = [r for r in sel if str(r.get(filled)).lower() == "true"]
            rest = [r for r in sel if str(r.get(filled)).lower() != "true"]
            ax.scatter([_number(r[x]) for r in best], [_number(r[y]) for r in best], s=18, color=c, label=label)
            ax.scatter([_number(r[x]) for r in rest], [_number(r[y]) for r in rest], s=14, facecolors="none",
                       edgecolors=c, alpha=0.5)
        ax.set_xlabel(x)
        ax.set_ylabel(y)
        ax.grid(alpha=0.3)
    _legend_below(fig, axes[0][-1])
    return fig
