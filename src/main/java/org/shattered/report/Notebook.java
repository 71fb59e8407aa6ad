package org.shattered.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The report as a Jupyter notebook (nbformat 4.4) for a stock Python 3 kernel: a markdown cell with
 * the commands that reproduce it, a code cell that chooses the reader (the project's
 * {@code jobs/shattered sql}, see {@code notebook-setup.py}), then per figure a markdown cell (title,
 * caption) and a code cell that runs the figure's Spark SQL and draws it with matplotlib. Each
 * figure cell is saved with the figure as its output (image/png), so the notebook renders without
 * running (on GitHub too); "Run All" recomputes every figure from the results, or keeps the stored
 * PNG beside the notebook where the reader, the results or matplotlib are missing.
 */
final class Notebook {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Notebook() {
  }

  /** {@link #render(String, List, Map, ProvenanceSection, PageFindings, String)} with plain-text findings. */
  static String render(String name, List<Figure> figures, Map<String, byte[]> pngs, ProvenanceSection prov,
      String findings, String results) {
    return render(name, figures, pngs, prov, PageFindings.text(findings), results);
  }

  static String render(String name, List<Figure> figures, Map<String, byte[]> pngs, ProvenanceSection prov,
      PageFindings findings, String results) {
    ObjectNode nb = JSON.createObjectNode();
    ArrayNode cells = nb.putArray("cells");
    markdown(cells, "# Shattered gradients: " + name + "\n\n"
        + (findings.isEmpty() ? "" : "## Findings\n\n" + findings.markdown() + "\n")
        + "Reproduction of Balduzzi et al., *The Shattered "
        + "Gradients Problem* (ICML 2017). Aggregates over seeds by Spark SQL; 95% intervals are Student-t intervals "
        + "of the mean. Reproduce with:\n\n```\n" + prov.reproduce() + "\n```\n"
        + "\nRun All recomputes every figure from the results with the project's Spark SQL "
        + "(`jobs/shattered sql`, which registers the views and functions the queries read: see the next cell); "
        + "where that is not possible a cell shows the figure stored beside the notebook and says why. The report "
        + "also writes its aggregates as Parquet to a cache directory (README, Report).");
    ObjectNode setup = cells.addObject();
    setup.put("cell_type", "code");
    setup.putNull("execution_count");
    setup.putObject("metadata");
    StringBuilder queries = new StringBuilder("\n\n\n# every recomputed figure's statements (name, count, SQL), read in "
        + "one run of the reader\nQUERIES = [");
    for (Figure f : figures) {
      if (!"None".equals(f.plot())) {
        queries.append("\n    (").append(pythonString(f.name())).append(", ").append(SqlStatements.split(f.sql()).size())
            .append(", ").append(pythonString(f.sql()).replace("\n", "\\n")).append("),");
      }
    }
    queries.append("\n]");
    source(setup, SETUP.replace("__RESULTS__", pythonString(results)).stripTrailing() + queries);
    setup.putArray("outputs");
    for (Figure f : figures) {
      markdown(cells, "## " + f.title() + "\n\n" + f.caption() + "\n\nData: `" + f.name() + ".csv`");
      ObjectNode code = cells.addObject();
      code.put("cell_type", "code");
      code.putNull("execution_count");
      code.putObject("metadata");
      source(code, "sql = \"\"\"\n" + f.sql().replace("\\", "\\\\").replace("\"\"\"", "\"\" \"") + "\n\"\"\"\n"
          + "figure(\"" + f.name() + "\", sql, " + f.plot() + ("None".equals(f.plot()) ? "" : ", " + labels(f.canvas()))
          + ")");
      ObjectNode out = code.putArray("outputs").addObject();
      out.put("output_type", "display_data");
      ObjectNode data = out.putObject("data");
      data.put("image/png", Base64.getEncoder().encodeToString(pngs.get(f.name())));
      data.putArray("text/plain").add("<figure " + f.name() + ">");
      out.putObject("metadata");
    }
    markdown(cells, "## " + ProvenanceSection.TITLE + "\n\n" + (prov.runs().isEmpty() ? "" : "Runs of the sweep (`DIR/_runs/RUN.conf`):\n\n"
        + markdownTable(prov.runs()) + "\n") + "```sql\n" + prov.sql() + "\n```\n\n" + markdownTable(prov.table()));
    ObjectNode meta = nb.putObject("metadata");
    ObjectNode ks = meta.putObject("kernelspec");
    ks.put("name", "python3");
    ks.put("display_name", "Python 3");
    ks.put("language", "python");
    meta.putObject("language_info").put("name", "python");
    nb.put("nbformat", 4);
    nb.put("nbformat_minor", 4);
    try {
      return JSON.writeValueAsString(nb) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The first code cell: the reader, and the helpers the figure cells call. */
  private static final String SETUP = resource("notebook-setup.py");

  private static String resource(String name) {
    try (java.io.InputStream in = Notebook.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException | NullPointerException e) {
      throw new IllegalStateException("missing resource " + name, e);
    }
  }

  /**
   * The page's (title, x label, y label, legend) of each chart of {@code c} as a Python list of tuples, the
   * legend a list of (entry, colour "#rrggbb" or "") in the page's order: the notebook's recomputed charts
   * take them, so they read as the page's, their curves named, ordered and coloured as its ("" where a chart
   * has none).
   */
  static String labels(Canvas c) {
    StringBuilder sb = new StringBuilder("[");
    for (Canvas.Panel p : c.panels()) {
      org.jfree.chart.JFreeChart chart = p.chart();
      String x = "";
      String y = "";
      if (chart.getPlot() instanceof org.jfree.chart.plot.XYPlot xy) {
        x = xy.getDomainAxis().getLabel();
        y = xy.getRangeAxis().getLabel();
      } else if (chart.getPlot() instanceof org.jfree.chart.plot.CategoryPlot cat) {
        x = cat.getDomainAxis().getLabel();
        y = cat.getRangeAxis().getLabel();
      }
      sb.append(sb.length() > 1 ? ", " : "").append('(').append(line(chart.getTitle() == null ? ""
          : chart.getTitle().getText())).append(", ").append(line(x)).append(", ").append(line(y)).append(", [");
      org.jfree.chart.LegendItemCollection items = chart.getLegend() == null ? null : chart.getPlot().getLegendItems();
      for (int i = 0; items != null && i < items.getItemCount(); i++) {
        org.jfree.chart.LegendItem item = items.get(i);
        java.awt.Paint paint = item.isLineVisible() ? item.getLinePaint() : item.getFillPaint();
        sb.append(i > 0 ? ", " : "").append('(').append(line(item.getLabel())).append(", ").append(line(
            paint instanceof java.awt.Color rgb ? String.format("#%06x", rgb.getRGB() & 0xffffff) : "")).append(')');
      }
      sb.append("])");
    }
    return sb.append(']').toString();
  }

  /** A Python string literal on one line ("" for null). */
  private static String line(String s) {
    return pythonString(s == null ? "" : s).replace("\n", "\\n");
  }

  /** A Python string literal. */
  static String pythonString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static void markdown(ArrayNode cells, String text) {
    ObjectNode c = cells.addObject();
    c.put("cell_type", "markdown");
    c.putObject("metadata");
    source(c, text);
  }

  /** Source as a list of lines, each but the last ending in a newline (nbformat's multiline string). */
  private static void source(ObjectNode cell, String text) {
    ArrayNode a = cell.putArray("source");
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      a.add(i < lines.length - 1 ? lines[i] + "\n" : lines[i]);
    }
  }

  static String markdownTable(Table t) {
    StringBuilder sb = new StringBuilder("| " + String.join(" | ", t.columns()) + " |\n|");
    t.columns().forEach(c -> sb.append(" --- |"));
    sb.append('\n');
    for (List<Object> r : t.rows()) {
      sb.append("| ");
      r.forEach(v -> sb.append(Table.cell(v, true).replace("|", "\\|")).append(" | "));
      sb.append('\n');
    }
    return sb.toString();
  }
}
