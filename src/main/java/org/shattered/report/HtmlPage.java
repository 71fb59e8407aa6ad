package org.shattered.report;

import java.util.List;

/**
 * The report page: the findings first (wrapped prose and a table, not preformatted text), then every
 * figure (its SVG where one was written, else the PNG, each chart of a figure cropped into its own
 * box of a grid that reflows to the window, so a phone shows one readable chart a row), with links
 * to its SVG and CSV files, the Spark SQL that produced it, a table of its numbers (scrolling in its
 * own box), the sweep's runs and provenance, the commands that reproduce it and a link to the
 * notebook beside it. Pages of other kinds ({@code TrainingReport}, ...) are rendered here too, so
 * they share the layout.
 */
final class HtmlPage {

  private static final int MAX_ROWS = 80;

  /**
   * A chart is never shown narrower than this share of its drawn width (its box scrolls sideways
   * instead): with {@link Charts#TICK_FONT} that keeps tick labels at about 8.5 px or more.
   */
  static final double MIN_SCALE = 0.7;

  private HtmlPage() {
  }

  /**
   * The page's HTML; {@code noSvg} holds the figures whose SVG was not written, with the reason the
   * page gives in place of the link; {@code narrow} the file of each figure drawn for a narrow window
   * ({@link Canvas#narrow()}), shown instead when the window is too narrow for its charts. The page
   * links the notebook NAME.ipynb that the report writes beside it.
   */
  static String render(String name, List<Figure> figures, java.util.Map<String, String> noSvg,
      java.util.Map<String, String> narrow, ProvenanceSection prov, PageFindings findings,
      java.util.Map<String, String> views) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>shattered: ")
        .append(esc(name)).append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;max-width:1300px;margin:1em auto;padding:0 1em;color:#222;line-height:1.4}\n")
        .append("pre{background:#f6f6f6;padding:.6em;white-space:pre-wrap;overflow-wrap:anywhere;font-size:12px}\n")
        .append("p,li,summary{overflow-wrap:anywhere}\n")
        .append(".scroll{overflow-x:auto;max-width:100%}\n")
        .append("table{border-collapse:collapse;font-size:12px;margin:.5em 0}\n")
        .append("td,th{border:1px solid #ccc;padding:2px 6px;text-align:right;white-space:nowrap}th{background:#eee}\n")
        .append("details{margin:.4em 0}section{margin-bottom:2.5em}\n")
        .append("ul.findings>li{margin:.5em 0}\n")
        .append(".figbox{overflow-x:auto;max-width:100%}\n.fig{display:grid;gap:6px}\n")
        .append(".panel{position:relative;overflow:hidden;border:1px solid #ddd;background:#fff}\n")
        .append(".panel img{position:absolute;max-width:none;height:auto}\n")
        .append(".narrow{display:none;max-width:").append(Canvas.NARROW_WIDTH).append("px}.narrow .panel{margin-bottom:6px}\n");
    // each figure drawn for a narrow window replaces its wide charts below the width they need
    new java.util.TreeSet<>(figures.stream().filter(f -> narrow.containsKey(f.name())).map(HtmlPage::narrowBelow)
        .toList()).forEach(w -> h.append("@media (max-width:").append(w).append("px){.nb").append(w)
            .append(">.figbox{display:none}.nb").append(w).append(">.narrow{display:block}}\n"));
    h.append("</style></head><body>\n");
    h.append("<h1>Shattered gradients: ").append(esc(name)).append("</h1>\n");
    String notebook = name + ".ipynb";
    if (!findings.isEmpty()) {
      h.append("<section id=\"findings\">\n<h2>Findings</h2>\n").append(findings.html()).append("</section>\n");
    }
    h.append("<p>Reproduction of Balduzzi et al., <i>The Shattered Gradients Problem</i> (ICML 2017). Numbers are ")
        .append("aggregated over seeds with SQL (the queries below) from the sweep's Parquet tables; intervals are 95% Student-t ")
        .append("intervals of the mean (mean ± t<sub>0.975,n-1</sub>·sd/√n) unless a figure says otherwise. Each ")
        .append("figure's numbers are in the CSV beside it; the report also writes its aggregates as Parquet to a cache ")
        .append("directory (README, Report). The notebook <a href=\"").append(esc(notebook)).append("\">")
        .append(esc(notebook)).append("</a> beside this page holds the same figures and recomputes them from the ")
        .append("results.</p>\n");
    h.append("<h2>Reproduce</h2>\n<pre>").append(esc(prov.reproduce()))
        .append("</pre>\n");
    h.append("<h2>Contents</h2><ol>\n");
    for (Figure f : figures) {
      h.append("<li><a href=\"#").append(f.name()).append("\">").append(esc(f.title())).append("</a></li>\n");
    }
    h.append("</ol>\n");
    for (Figure f : figures) {
      String whyNoSvg = noSvg.get(f.name());
      h.append("<section id=\"").append(f.name()).append("\">\n<h2>").append(esc(f.title())).append("</h2>\n<p>")
          .append(esc(f.caption())).append("</p>\n")
          .append(image(f, f.svg() && whyNoSvg == null ? f.name() + ".svg" : f.name() + ".png", narrow.get(f.name())))
          .append(files(f, whyNoSvg))
          .append("<details><summary>Spark SQL</summary><pre>").append(esc(f.sql())).append("</pre></details>\n")
          .append(f.data().rows().size() <= 60 ? "<details open>" : "<details>").append("<summary>Numbers (")
          .append(f.data().rows().size()).append(" rows)</summary>").append(table(f.data())).append("</details>\n")
          .append("</section>\n");
    }
    h.append("<h2>Views the queries read</h2>\n<p>Registered by the report and by <code>jobs/shattered sql")
        .append(" --results DIR</code> (with the tables <code>tasks</code>, <code>layers</code>, the views ")
        .append("<code>series</code>, <code>baselines</code>, the function <code>t975</code>, and the ")
        .append("aggregates this report wrote, such as <code>theory</code>), so every query above runs there as shown.</p>\n");
    for (java.util.Map.Entry<String, String> v : views.entrySet()) {
      h.append("<details><summary><code>").append(esc(v.getKey())).append("</code></summary><pre>")
          .append(esc(v.getValue())).append("</pre></details>\n");
    }
    if (!prov.runs().isEmpty()) {
      h.append("<h2>Runs</h2>\n<p>One row per run of the sweep into its results directory, from the run records "
          + "<code>DIR/_runs/RUN.conf</code> (each holds the command line, the build, the machine, the versions "
          + "and the resolved configuration).</p>\n").append(table(prov.runs()));
    }
    h.append("<h2>").append(ProvenanceSection.TITLE).append("</h2>\n<pre>").append(esc(prov.sql())).append("</pre>\n")
        .append(table(prov.table()));
    h.append("<p>Results directory identity (<code>_sweep.properties</code>):</p><pre>")
        .append(esc(prov.sweepIdentity())).append("</pre>\n</body></html>\n");
    return h.toString();
  }

  /**
   * The figure's drawing from {@code src}: each chart of its canvas cropped from the one image into a
   * box of a grid. The grid has at most the canvas's columns and never shows a chart narrower than
   * {@link #MIN_SCALE} of its drawn width (the figure's box scrolls sideways below that) nor wider
   * than drawn, so on a narrow window the charts stack one a row at a legible size.
   */
  static String image(Figure f, String src) {
    return image(f, src, null);
  }

  /**
   * The window width (px) below which the figure's wide charts would be shown under {@link #MIN_SCALE}
   * (their smallest size plus the page's margins): there the page shows its narrow drawing instead.
   */
  static int narrowBelow(Figure f) {
    return (int) Math.round(f.canvas().panelWidth() * MIN_SCALE) + 34 - 1;
  }

  /**
   * {@link #image(Figure, String)}, and when {@code narrowSrc} is given, the figure's narrow drawing
   * ({@link Canvas#narrow()}, one chart a row) from it, which the page's style shows in place of the
   * wide charts in a window narrower than {@link #narrowBelow}.
   */
  static String image(Figure f, String src, String narrowSrc) {
    String wide = grid(f, src);
    Canvas c = f.canvas().narrow();
    if (narrowSrc == null || c == null) {
      return wide;
    }
    StringBuilder h = new StringBuilder("<div class=\"nb").append(narrowBelow(f)).append("\">\n").append(wide)
        .append("<div class=\"narrow\">\n");
    int n = c.panels().size();
    for (int i = 0; i < n; i++) {
      h.append("<div class=\"panel\" style=\"aspect-ratio:").append(c.panelWidth()).append('/').append(c.panelHeight())
          .append("\"><img src=\"").append(esc(narrowSrc)).append("\" alt=\"").append(esc(f.title()))
          .append(n > 1 ? " (chart " + (i + 1) + " of " + n + ")" : "").append("\" style=\"width:100%;left:0;top:-")
          .append(i * 100).append("%\"></div>\n");
    }
    return h.append("</div></div>\n").toString();
  }

  private static String grid(Figure f, String src) {
    Canvas c = f.canvas();
    int n = c.panels().size();
    int cols = c.columns();
    int min = (int) Math.round(c.panelWidth() * MIN_SCALE);
    StringBuilder h = new StringBuilder();
    h.append("<div class=\"figbox\"><div class=\"fig\" style=\"max-width:").append(Math.min(n, cols) * c.panelWidth())
        .append("px;min-width:").append(min).append("px;grid-template-columns:repeat(auto-fit,minmax(max(").append(min)
        .append("px,calc(").append(100 / Math.min(n, cols)).append("% - 6px)),1fr))\">\n");
    for (int i = 0; i < n; i++) {
      h.append("<div class=\"panel\" style=\"aspect-ratio:").append(c.panelWidth()).append('/').append(c.panelHeight())
          .append("\"><img src=\"").append(esc(src)).append("\" alt=\"").append(esc(f.title()))
          .append(n > 1 ? " (chart " + (i + 1) + " of " + n + ")" : "").append("\" style=\"width:").append(cols * 100)
          .append("%;left:-").append((i % cols) * 100).append("%;top:-").append((i / cols) * 100).append("%\"></div>\n");
    }
    return h.append("</div></div>\n").toString();
  }

  /**
   * The line of links to the figure's files: PNG, SVG (or, when {@code whyNoSvg} is given, why there
   * is none) and CSV.
   */
  static String files(Figure f, String whyNoSvg) {
    String n = f.name();
    String svg = whyNoSvg != null ? " · no SVG: " + esc(whyNoSvg)
        : f.svg() ? " · <a href=\"" + n + ".svg\">SVG</a>" : "";
    return "<p>Files: <a href=\"" + n + ".png\">PNG</a>" + svg + " · <a href=\"" + n + ".csv\">CSV</a></p>\n";
  }

  /** The table, without the columns that are the same on every row (those are listed above it). */
  static String table(Table t) {
    StringBuilder constants = new StringBuilder();
    List<Integer> shown = new java.util.ArrayList<>();
    for (int i = 0; i < t.columns().size(); i++) {
      final int c = i;
      boolean same = t.rows().size() > 1 && t.rows().stream().map(r -> Table.cell(r.get(c), true)).distinct().count() == 1;
      if (same) {
        constants.append(constants.length() == 0 ? "" : ", ").append(t.columns().get(i)).append(" = ")
            .append(Table.cell(t.rows().get(0).get(i), true));
      } else {
        shown.add(i);
      }
    }
    StringBuilder h = new StringBuilder();
    if (constants.length() > 0) {
      h.append("<p><small>On every row: ").append(esc(constants.toString())).append("</small></p>");
    }
    h.append("<div class=\"scroll\"><table><tr>");
    shown.forEach(i -> h.append("<th>").append(esc(t.columns().get(i))).append("</th>"));
    h.append("</tr>\n");
    for (List<Object> r : t.rows().subList(0, Math.min(MAX_ROWS, t.rows().size()))) {
      h.append("<tr>");
      shown.forEach(i -> h.append("<td>").append(esc(Table.cell(r.get(i), true))).append("</td>"));
      h.append("</tr>\n");
    }
    h.append("</table></div>");
    if (t.rows().size() > MAX_ROWS) {
      h.append("<p><small>First ").append(MAX_ROWS).append(" of ").append(t.rows().size())
          .append(" rows; all are in the CSV.</small></p>");
    }
    return h.toString();
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
