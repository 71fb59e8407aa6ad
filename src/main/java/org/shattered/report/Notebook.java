package org.shattered.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The report as a Jupyter notebook (nbformat 4.4): a markdown cell with the provenance and
 * commands, then per figure a markdown cell (title, caption) and a code cell holding its Spark SQL
 * whose output is the figure as image/png, so it renders without re-running.
 */
final class Notebook {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Notebook() {
  }

  static String render(String name, List<Figure> figures, Map<String, byte[]> pngs, ProvenanceSection prov,
      String findings) {
    ObjectNode nb = JSON.createObjectNode();
    ArrayNode cells = nb.putArray("cells");
    markdown(cells, "# Shattered gradients: " + name + "\n\nReproduction of Balduzzi et al., *The Shattered "
        + "Gradients Problem* (ICML 2017). Aggregates over seeds by Spark SQL; 95% intervals are Student-t intervals "
        + "of the mean. Reproduce with:\n\n```\n" + prov.sweepCommand() + "\n" + prov.reportCommand() + "\n```\n"
        + (findings.isBlank() ? "" : "\n## What the figures show\n\n```\n" + findings + "\n```\n")
        + "\nThe views `tasks`, `layers` (raw Parquet), `series` and `baselines` are what the queries read; "
        + "Parquet aggregates are written to a cache directory (README, Report).");
    for (Figure f : figures) {
      markdown(cells, "## " + f.title() + "\n\n" + f.caption() + "\n\nData: `" + f.name() + ".csv`");
      ObjectNode code = cells.addObject();
      code.put("cell_type", "code");
      code.putNull("execution_count");
      code.putObject("metadata");
      source(code, "# Spark SQL that produced this figure\nsql = \"\"\"\n" + f.sql().replace("\"\"\"", "\"\" \"")
          + "\n\"\"\"\n# spark.sql(sql).show()");
      ObjectNode out = code.putArray("outputs").addObject();
      out.put("output_type", "display_data");
      ObjectNode data = out.putObject("data");
      data.put("image/png", Base64.getEncoder().encodeToString(pngs.get(f.name())));
      data.putArray("text/plain").add("<figure " + f.name() + ">");
      out.putObject("metadata");
    }
    markdown(cells, "## Provenance\n\n```sql\n" + prov.sql() + "\n```\n\n" + markdownTable(prov.table()));
    ObjectNode meta = nb.putObject("metadata");
    ObjectNode ks = meta.putObject("kernelspec");
    ks.put("name", "python3");
    ks.put("display_name", "Python 3 (PySpark)");
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

  private static String markdownTable(Table t) {
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
