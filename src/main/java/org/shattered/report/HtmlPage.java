package org.shattered.report;

import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The self-contained report page: every figure embedded as a base64 PNG (with links to the SVG
 * and CSV files), the Spark SQL that produced it, a table of its numbers, the sweep's provenance
 * and the commands that reproduce it.
 */
final class HtmlPage {

  private static final int MAX_ROWS = 80;

  private HtmlPage() {
  }

  static String render(String name, List<Figure> figures, Map<String, byte[]> pngs, java.util.Set<String> svgs,
      ProvenanceSection prov, String findings) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>shattered: ")
        .append(esc(name)).append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;max-width:1900px;margin:1em auto;padding:0 1em;color:#222}\n")
        .append("img{max-width:100%;border:1px solid #ddd}\npre{background:#f6f6f6;padding:.6em;overflow-x:auto;")
        .append("font-size:12px}\ntable{border-collapse:collapse;font-size:12px;margin:.5em 0}\n")
        .append("td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}th{background:#eee}\n")
        .append("details{margin:.4em 0}section{margin-bottom:2.5em}\n</style></head><body>\n");
    h.append("<h1>Shattered gradients: ").append(esc(name)).append("</h1>\n");
    h.append("<p>Reproduction of Balduzzi et al., <i>The Shattered Gradients Problem</i> (ICML 2017). Numbers are ")
        .append("aggregated over seeds with Spark SQL from the sweep's Parquet tables; intervals are 95% Student-t ")
        .append("intervals of the mean (mean ± t<sub>0.975,n-1</sub>·sd/√n). Each figure's numbers are in the CSV ")
        .append("beside it; the report also writes its aggregates as Parquet to a cache directory (README, Report).</p>\n");
    h.append("<h2>Reproduce</h2>\n<pre>").append(esc(prov.sweepCommand())).append("\n").append(esc(prov.reportCommand()))
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
          .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(pngs.get(f.name())))
          .append("\">\n<p>Files: <a href=\"").append(f.name()).append(".png\">PNG</a>")
          .append(svgs.contains(f.name()) ? " · <a href=\"" + f.name() + ".svg\">SVG</a>" : "")
          .append(" · <a href=\"").append(f.name()).append(".csv\">CSV</a></p>\n")
          .append("<details><summary>Spark SQL</summary><pre>").append(esc(f.sql())).append("</pre></details>\n")
          .append(f.data().rows().size() <= 60 ? "<details open>" : "<details>").append("<summary>Numbers (")
          .append(f.data().rows().size()).append(" rows)</summary>").append(table(f.data())).append("</details>\n")
          .append("</section>\n");
    }
    h.append("<h2>Provenance</h2>\n<pre>").append(esc(prov.sql())).append("</pre>\n").append(table(prov.table()));
    h.append("<p>Results directory identity (<code>_sweep.properties</code>):</p><pre>")
        .append(esc(prov.sweepIdentity())).append("</pre>\n</body></html>\n");
    return h.toString();
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
    h.append("<table><tr>");
    shown.forEach(i -> h.append("<th>").append(esc(t.columns().get(i))).append("</th>"));
    h.append("</tr>\n");
    for (List<Object> r : t.rows().subList(0, Math.min(MAX_ROWS, t.rows().size()))) {
      h.append("<tr>");
      shown.forEach(i -> h.append("<td>").append(esc(Table.cell(r.get(i), true))).append("</td>"));
      h.append("</tr>\n");
    }
    h.append("</table>");
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
