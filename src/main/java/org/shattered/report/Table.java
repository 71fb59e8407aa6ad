package org.shattered.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A small collected result (an aggregate or a figure's data): column names and rows of plain Java
 * values (numbers, strings, null). Written as CSV beside each figure and shown as the page's table.
 */
public record Table(List<String> columns, List<List<Object>> rows) {

  /** Collects a (small) dataset. */
  public static Table of(Dataset<Row> df) {
    return of(df.columns(), df.collectAsList());
  }

  /** A table of collected rows. */
  public static Table of(String[] columns, List<Row> collected) {
    List<String> cols = Arrays.asList(columns);
    List<List<Object>> rows = new ArrayList<>();
    for (Row r : collected) {
      List<Object> v = new ArrayList<>();
      for (int i = 0; i < r.length(); i++) {
        v.add(r.get(i));
      }
      rows.add(v);
    }
    return new Table(cols, rows);
  }

  /** Index of a column; throws when absent. */
  public int index(String column) {
    int i = columns.indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException("no column " + column + " in " + columns);
    }
    return i;
  }

  /** A cell as a double (NaN for null). */
  public double num(List<Object> row, String column) {
    Object v = row.get(index(column));
    return v == null ? Double.NaN : ((Number) v).doubleValue();
  }

  /** A cell as a string ("" for null). */
  public String str(List<Object> row, String column) {
    Object v = row.get(index(column));
    return v == null ? "" : String.valueOf(v);
  }

  /** The rows matching a predicate. */
  public Table where(Predicate<List<Object>> keep) {
    return new Table(columns, rows.stream().filter(keep).toList());
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The CSV text: a header line, then one line per row (doubles with full precision). */
  public String csv() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.join(",", columns.stream().map(Table::csvField).toList())).append('\n');
    for (List<Object> r : rows) {
      for (int i = 0; i < r.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(cell(r.get(i), false));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Writes the CSV to {@code file}. */
  public void writeCsv(Path file) {
    try {
      Files.writeString(file, csv(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A cell for display (short) or CSV (exact). */
  static String cell(Object v, boolean shortForm) {
    if (v == null) {
      return "";
    }
    if (v instanceof Double d) {
      if (d.isNaN()) {
        return "NaN";
      }
      return shortForm ? String.format(Locale.ROOT, "%.4g", d) : Double.toString(d);
    }
    return csvField(String.valueOf(v));
  }

  /**
   * One CSV field (RFC 4180): quoted, with its quotes doubled, when it holds a comma, a quote or a
   * line break; as it is otherwise. The one CSV quoting of the project (the report's files and
   * {@code shattered sql --format csv}).
   */
  public static String csvField(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }
}
