package org.shattered.report;

import java.util.List;

/**
 * The report page: every figure as the PNG file beside it (not embedded: the notebook embeds its
 * copy, and a figure is stored once more at most), with links to its SVG and CSV files, the Spark
 * SQL that produced it, a table of its numbers (scrolling in its own box, so the page fits a
 * laptop's window), the sweep's runs and provenance, and the commands that reproduce it.
 */
final class HtmlPage {

  private static final int MAX_ROWS = 80;

  private HtmlPage() {
  }

  /**
   * The page's HTML; {@code noSvg} holds the figures whose SVG was not written, with the reason the
   * page gives in place of the link.
   */
  static String render(String name, List<Figure> figures, java.util.Map<String, String> noSvg,
      ProvenanceSection prov, String findings, java.util.Map<String, String> views) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>shattered: ")
        .append(esc(name)).append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;max-width:1300px;margin:1em auto;padding:0 1em;color:#222}\n")
        .append("img{max-width:100%;height:auto;border:1px solid #ddd}\npre{background:#f6f6f6;padding:.6em;")
        .append("overflow-x:auto;font-size:12px}\np,li,summary{overflow-wrap:anywhere}\n")
        .append(".scroll{overflow-x:auto;max-width:100%}\n")
        .append("table{border-collapse:collapse;font-size:12px;margin:.5em 0}\n")
        .append("td,th{border:1px solid #ccc;padding:2px 6px;text-align:right;white-space:nowrap}th{background:#eee}\n")
        .append("details{margin:.4em 0}section{margin-bottom:2.5em}\n</style></head><body>\n");
    h.append("<h1>Shattered gradients: ").append(esc(name)).append("</h1>\n");
    h.append("<p>Reproduction of Balduzzi et al., <i>The Shattered Gradients Problem</i> (ICML 2017). Numbers are ")
        .append("aggregated over seeds with Spark SQL from the sweep's Parquet tables; intervals are 95% Student-t ")
        .append("intervals of the mean (mean ± t<sub>0.975,n-1</sub>·sd/√n). Each figure's numbers are in the CSV ")
        .append("beside it; the report also writes its aggregates as Parquet to a cache directory (README, Report).</p>\n");
    h.append("<h2>Reproduce</h2>\n<pre>").append(esc(prov.reproduce()))
        .append("</pre>\n");
    if (!findings.isBlank()) {
      h.append("<h2>What the figures show</h2>\n<pre>").append(esc(findings)).append("</pre>\n");
    }
    h.append("<h2>Contents</h2><ol>\n");
    for (Figure f : figures) {
      h.append("<li><a href=\"#").append(f.name()).append("\">").append(esc(f.title())).append("</a></li>\n");
    }
    h.append("</ol>\n");
    for (Figure f : figures) {
      h.append("<section id=\"").append(f.name()).append("\">\n<h2>").append(esc(f.title())).append("</h2>\n<p>")
          .append(esc(f.caption())).append("</p>\n<img alt=\"").append(esc(f.title()))
          .append("\" src=\"").append(f.name()).append(".png\">\n").append(files(f, noSvg.get(f.name())))
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
    h.append("<h2>ProvenanceSection</h2>\n<pre>").append(esc(prov.sql())).append("</pre>\n").append(table(prov.table()));
    h.append("<p>Results directory identity (<code>_sweep.properties</code>):</p><pre>")
        .append(esc(prov.sweepIdentity())).append("</pre>\n</body></html>\n");
    return h.toString();
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
