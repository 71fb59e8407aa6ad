package org.shattered.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.types.StructField;
import org.shattered.spec.SpecException;
import org.shattered.sweep.ResultSchema;

/**
 * {@code shattered sql}'s fast path: DuckDB, embedded (JDBC, in memory), over exactly the committed
 * files ({@link org.shattered.sweep.CommittedFiles}), answering in a second or two where starting
 * Spark (and even Spark's SQL parser) takes many. The statements are Spark SQL; {@link #means}
 * sends a statement here only when DuckDB's own parser reads it as one SELECT whose meaning is the
 * same in both engines: it reads only {@code tasks}, {@code layers} and {@code paths} (and its own
 * CTEs), and is built from projections, filters, grouping, joins, unions, subqueries, ordering and
 * limits, with comparisons, arithmetic, CASE and the functions of {@link #SAME_FUNCTIONS}. Anything
 * else runs on Spark: the report's views and {@code t975}, array subscripts (from 0 in Spark, from 1
 * in DuckDB), casts (Spark truncates a double cast to an integer, DuckDB rounds), {@code log}
 * (natural in Spark, decimal in DuckDB), double-quoted text (a string in Spark, a name in DuckDB),
 * table functions, windows, and every statement that is not a SELECT. NULLs sort as in Spark (first
 * ascending, last descending).
 *
 * <p>DuckDB may read only the committed files: {@code allowed_paths} lists them, external access is
 * then switched off and the configuration locked, so no statement reaches any other file.
 */
final class EmbeddedSql implements AutoCloseable {

  /** Functions (DuckDB's names after parsing) whose results are the same in Spark SQL and DuckDB. */
  static final Set<String> SAME_FUNCTIONS = Set.of("count", "count_star", "sum", "avg", "mean", "min", "max",
      "stddev", "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop", "corr", "covar_samp", "covar_pop",
      "abs", "sqrt", "exp", "ln", "log10", "coalesce", "lower", "upper", "greatest", "least", "nullif",
      "+", "-", "*", "/", "%", "~~", "!~~");

  /** Expression classes (DuckDB's parse tree) that mean the same in both engines. */
  static final Set<String> SAME_CLASSES = Set.of("FUNCTION", "COLUMN_REF", "CONSTANT", "COMPARISON", "CONJUNCTION",
      "OPERATOR", "CASE", "STAR", "SUBQUERY", "BETWEEN");

  /** Operators that mean the same in both engines (no subscripts or struct access). */
  static final Set<String> SAME_OPERATORS = Set.of("OPERATOR_NOT", "OPERATOR_IS_NULL", "OPERATOR_IS_NOT_NULL",
      "COMPARE_IN", "COMPARE_NOT_IN");

  /** Query nodes, table references and result modifiers that mean the same in both engines. */
  static final Set<String> SAME_NODES = Set.of("SELECT_NODE", "SET_OPERATION_NODE", "CTE_NODE", "BASE_TABLE",
      "JOIN", "SUBQUERY", "EMPTY", "ORDER_MODIFIER", "LIMIT_MODIFIER", "DISTINCT_MODIFIER", "ORDER_DEFAULT",
      "ORDER_ASCENDING", "ORDER_DESCENDING", "ASCENDING", "DESCENDING", "ORDER_DEFAULT_NULLS_ORDER", "NULLS_FIRST", "NULLS_LAST",
      "INVALID", "INNER", "LEFT", "RIGHT", "OUTER", "SEMI", "ANTI", "REGULAR", "CROSS", "NATURAL", "UNION",
      "UNION_BY_NAME", "EXCEPT", "INTERSECT", "SCALAR", "EXISTS", "ANY", "NOT_EXISTS", "NONE");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Connection c;

  private EmbeddedSql(Connection c) {
    this.c = c;
  }

  /** Whether {@code sql} is one SELECT that means the same in DuckDB as in Spark SQL (see the class comment). */
  boolean means(String sql) {
    if (sql.indexOf('"') >= 0) {
      return false;
    }
    JsonNode tree;
    try (PreparedStatement ps = c.prepareStatement("SELECT json_serialize_sql(CAST(? AS VARCHAR))")) {
      ps.setString(1, sql);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        tree = JSON.readTree(rs.getString(1));
      }
    } catch (SQLException | java.io.IOException e) {
      return false;
    }
    if (tree.path("error").asBoolean(true) || tree.path("statements").size() != 1) {
      return false;
    }
    Set<String> names = new HashSet<>(ResultSchema.TABLES);
    collectCtes(tree, names);
    return same(tree, names);
  }

  private static void collectCtes(JsonNode n, Set<String> names) {
    if (n.isObject() && n.has("cte_map")) {
      for (JsonNode e : n.path("cte_map").path("map")) {
        names.add(e.path("key").asText().toLowerCase(Locale.ROOT));
      }
    }
    n.forEach(child -> collectCtes(child, names));
  }

  private static boolean same(JsonNode n, Set<String> tables) {
    if (n.isObject()) {
      String cls = n.path("class").asText("");
      String type = n.path("type").asText("");
      if (!cls.isEmpty()) {
        if (!SAME_CLASSES.contains(cls)) {
          return false;
        }
        if (cls.equals("FUNCTION") && (!SAME_FUNCTIONS.contains(n.path("function_name").asText())
            || !n.path("schema").asText("").isEmpty() || !n.path("filter").isNull()
            || n.path("order_bys").path("orders").size() > 0)) {
          return false;
        }
        if (cls.equals("OPERATOR") && !SAME_OPERATORS.contains(type)) {
          return false;
        }
      } else if (!type.isEmpty() && !SAME_NODES.contains(type) && !type.startsWith("COMPARE_")
          && !type.startsWith("CONJUNCTION_")) {
        return false;
      }
      if (type.equals("BASE_TABLE") && (!n.path("schema_name").asText("").isEmpty()
          || !n.path("catalog_name").asText("").isEmpty()
          || !tables.contains(n.path("table_name").asText().toLowerCase(Locale.ROOT)))) {
        return false;
      }
      if (n.has("sample") && !n.path("sample").isNull() || n.has("qualify") && !n.path("qualify").isNull()) {
        return false;
      }
      for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
        if (!same(it.next(), tables)) {
          return false;
        }
      }
      return true;
    }
    for (JsonNode child : n) {
      if (!same(child, tables)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Opens DuckDB with the views {@code tasks}, {@code layers} and (when committed) {@code paths} over
   * exactly {@code files}, columns in {@link ResultSchema}'s order; columns that files of an older engine
   * lack read as on the Spark path (a default, else NULL).
   */
  static EmbeddedSql open(Map<String, List<String>> files) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement st = c.createStatement()) {
      List<String> all = new ArrayList<>();
      boolean training = files.containsKey(org.shattered.sweep.TrainingSchema.TASKS);
      for (String table : ResultSchema.TABLES) {
        List<String> list = files.get(table);
        String select;
        if (list == null) {
          // the paths table and the tables of the other kind of task are absent, as on the Spark path
          if (table.equals("paths") || org.shattered.sweep.TrainingSchema.TABLES.contains(table) != training) {
            continue;
          }
          select = "SELECT " + typedNulls(ResultSchema.schemaOf(table)) + " WHERE false";
        } else {
          all.addAll(list);
          String source = "read_parquet(" + literalList(list) + ", hive_partitioning = true, hive_types = {'"
              + ResultSchema.PARTITION + "': VARCHAR})";
          Set<String> present = new HashSet<>();
          try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + source)) {
            while (rs.next()) {
              present.add(rs.getString(1));
            }
          }
          // columns an older engine did not write read as the Spark path reads them: a default, else NULL
          List<String> cols = new ArrayList<>();
          for (StructField f : ResultSchema.schemaOf(table).fields()) {
            Object old = ResultSchema.defaultOfOldRows(f.name());
            cols.add(present.contains(f.name()) ? ident(f.name())
                : "CAST(" + (old == null ? "NULL" : old instanceof String v ? "'" + v + "'" : old.toString()) + " AS "
                    + duckType(f.dataType()) + ") AS " + ident(f.name()));
          }
          select = "SELECT " + String.join(", ", cols) + " FROM " + source;
        }
        st.execute("CREATE VIEW " + table + " AS " + select);
      }
      st.execute("SET default_null_order = 'nulls_first_on_asc_last_on_desc'"); // Spark's order
      st.execute("SET allowed_paths = " + literalList(all));
      st.execute("SET enable_external_access = false");
      st.execute("SET lock_configuration = true");
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
    return new EmbeddedSql(c);
  }

  /**
   * DuckDB over the committed files of the local results directory {@code location}, for commands
   * that read results without Spark ({@code runs}, {@code compare}); a directory that is missing,
   * empty, damaged or not local is refused in one line naming {@code option}.
   */
  static EmbeddedSql openDirectory(String location, String option) throws SQLException {
    Preflight.resultsDirectory(option, location);
    java.nio.file.Path dir = SqlCommand.localDirectory(location);
    if (dir == null) {
      throw SpecException.badValue(option, location, "a local results directory (read with DuckDB, without Spark)");
    }
    Map<String, List<String>> files = org.shattered.sweep.CommittedFiles.local(dir)
        .orElseGet(() -> org.shattered.sweep.CommittedFiles.of(location, option));
    return open(files);
  }

  /** One statement's columns and rows (arrays as lists, as the Spark path prints them). */
  SqlCommand.Result query(String sql) {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      String[] names = new String[md.getColumnCount()];
      for (int i = 0; i < names.length; i++) {
        names[i] = md.getColumnLabel(i + 1);
      }
      List<Object[]> rows = new ArrayList<>();
      while (rs.next()) {
        Object[] r = new Object[names.length];
        for (int i = 0; i < names.length; i++) {
          r[i] = value(rs.getObject(i + 1));
        }
        rows.add(r);
      }
      return new SqlCommand.Result(names, rows);
    } catch (SQLException e) {
      String m = String.valueOf(e.getMessage()).lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst()
          .orElse(e.toString());
      throw new SpecException("QUERY", m + " (DuckDB; --engine spark runs it on Spark)");
    }
  }

  private static Object value(Object v) throws SQLException {
    if (v instanceof Array a) {
      Object[] items = (Object[]) a.getArray();
      List<Object> out = new ArrayList<>(items.length);
      for (Object o : items) {
        out.add(value(o));
      }
      return out;
    }
    return v;
  }

  private static String typedNulls(org.apache.spark.sql.types.StructType schema) {
    List<String> cols = new ArrayList<>();
    for (StructField f : schema.fields()) {
      cols.add("CAST(NULL AS " + duckType(f.dataType()) + ") AS " + ident(f.name()));
    }
    return String.join(", ", cols);
  }

  private static String duckType(org.apache.spark.sql.types.DataType t) {
    if (t instanceof org.apache.spark.sql.types.ArrayType a) {
      return duckType(a.elementType()) + "[]";
    }
    return switch (t.typeName()) {
      case "string" -> "VARCHAR";
      case "integer" -> "INTEGER";
      case "long" -> "BIGINT";
      case "double" -> "DOUBLE";
      case "boolean" -> "BOOLEAN";
      case "timestamp" -> "TIMESTAMPTZ";
      default -> "VARCHAR";
    };
  }

  private static String ident(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  private static String literalList(List<String> items) {
    return "[" + String.join(", ", items.stream().map(s -> "'" + s.replace("'", "''") + "'").toList()) + "]";
  }

  @Override
  public void close() throws SQLException {
    c.close();
  }
}
