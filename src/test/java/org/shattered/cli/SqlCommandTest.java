package org.shattered.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shattered sql} runs only statements that read: writes are refused before they run, nothing changes. */
class SqlCommandTest {
  @TempDir
  Path tmp;

  record Run(int code, String out, String err) {
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }

  /** SHA-256 of every file under {@code dir}, hidden ones included, by relative path. */
  static Map<String, String> hashes(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.toList()) {
        String rel = dir.relativize(p).toString();
        if (Files.isDirectory(p)) {
          out.put(rel + "/", "dir");
        } else {
          out.put(rel, sha256(Files.readAllBytes(p)));
        }
      }
    }
    return out;
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void writingStatementsAreRefusedWithExit2AndTheResultsStayByteIdentical() throws IOException {
    Path conf = tmp.resolve("tiny.conf");
    Files.writeString(conf, "sweep { name = tiny, grid { architecture = [feedforward], depth = [1, 2], width = [8],"
        + " seed = 2, points = [32] }, max-lag = 4 }\nspark.master = \"local[2]\"");
    Path out = tmp.resolve("tiny");
    assertEquals(0, run("sweep", conf.toString(), "--out", out.toString()).code());
    Path cwd = Path.of("").toAbsolutePath();
    boolean warehouseBefore = Files.exists(cwd.resolve("spark-warehouse"));
    boolean metastoreBefore = Files.exists(cwd.resolve("metastore_db"));
    Map<String, String> before = hashes(out);

    String dir = out.toString().replace("'", "\\'");
    List<String[]> refused = List.of(
        new String[] {"INSERT INTO tasks SELECT * FROM tasks", "InsertIntoStatement"},
        new String[] {"INSERT OVERWRITE DIRECTORY '" + dir + "/layers' USING parquet SELECT 1 AS x", "InsertIntoDir"},
        new String[] {"DROP TABLE tasks", "DropTable"},
        new String[] {"CREATE TABLE t USING parquet AS SELECT * FROM tasks", "CreateTableAsSelect"},
        new String[] {"CACHE TABLE tasks", "CacheTable"},
        new String[] {"SET spark.sql.shuffle.partitions=3", "SetCommand"},
        new String[] {"WITH t AS (SELECT * FROM tasks) INSERT INTO tasks SELECT * FROM t", "InsertIntoStatement"},
        new String[] {"EXECUTE IMMEDIATE 'DROP TABLE tasks'", "UnresolvedExecuteImmediate"},
        new String[] {"EXPLAIN INSERT INTO tasks SELECT * FROM tasks", "InsertIntoStatement"},
        new String[] {"SELECT key FROM tasks WHERE key IN (SELECT reflect('java.lang.System', 'getenv', 'HOME'))",
            "function reflect"});
    for (String[] q : refused) {
      Run r = run("sql", "--results", out.toString(), "--master", "local[1]", q[0]);
      assertEquals(2, r.code(), q[0] + ": " + r.out() + r.err());
      String line = r.err().strip();
      assertEquals(1, line.lines().count(), line);
      assertTrue(line.startsWith("shattered: QUERY: statement kind " + q[1] + " refused"), line);
      assertTrue(line.contains("allowed: read-only statements"), line);
      assertEquals(before, hashes(out), q[0]);
    }

    for (String q : List.of("SELECT count(*) AS n FROM tasks", "WITH t AS (SELECT * FROM layers) SELECT count(*) FROM t",
        "SHOW TABLES", "DESCRIBE tasks", "EXPLAIN SELECT * FROM tasks")) {
      Run r = run("sql", "--results", out.toString(), "--master", "local[1]", "--format", "csv", q);
      assertEquals(0, r.code(), q + ": " + r.err());
    }
    assertEquals(List.of("n", "4"), run("sql", "--results", out.toString(), "--master", "local[1]", "--format", "csv",
        "SELECT count(*) AS n FROM tasks").out().strip().lines().toList());
    assertEquals(before, hashes(out));
    if (!warehouseBefore) {
      assertFalse(Files.exists(cwd.resolve("spark-warehouse")), "a query wrote spark-warehouse/ into " + cwd);
    }
    if (!metastoreBefore) {
      assertFalse(Files.exists(cwd.resolve("metastore_db")), "a query wrote metastore_db/ into " + cwd);
    }
  }

  @Test
  void everyStatementIsCheckedBeforeAnyRunsAndAnEmptyQueryIsRefused() throws IOException {
    Path conf = tmp.resolve("tiny.conf");
    Files.writeString(conf, "sweep { name = tiny, grid { architecture = [feedforward], depth = [1], width = [8],"
        + " seed = 2, points = [32] }, max-lag = 4 }\nspark.master = \"local[1]\"");
    Path out = tmp.resolve("tiny");
    assertEquals(0, run("sweep", conf.toString(), "--out", out.toString()).code());
    Map<String, String> before = hashes(out);

    // a harmless statement first, the write second (or third): refused as a whole, the SELECT never runs
    List<String[]> refused = List.of(
        new String[] {"SELECT count(*) FROM tasks; INSERT INTO tasks SELECT * FROM tasks", "InsertIntoStatement"},
        new String[] {"SELECT 1;\nDROP TABLE tasks", "DropTable"},
        new String[] {"SELECT 'a;b' AS x; SELECT 2 -- c;d\n; DROP TABLE layers;", "DropTable"},
        new String[] {"SELECT 1; SHOW TABLES; CREATE TABLE t USING parquet AS SELECT 1 AS x", "CreateTableAsSelect"});
    for (String[] q : refused) {
      Run r = run("sql", "--results", out.toString(), "--master", "local[1]", q[0]);
      assertEquals(2, r.code(), q[0] + ": " + r.out() + r.err());
      String line = r.err().strip();
      assertEquals(1, line.lines().count(), line);
      assertTrue(line.startsWith("shattered: QUERY: statement kind " + q[1] + " refused"), line);
      assertEquals("", r.out(), "nothing runs before every statement is checked: " + q[0]);
      assertEquals(before, hashes(out), q[0]);
    }

    for (String q : List.of("", ";", "  ;\n ; ", "\n-- only a comment\n;")) {
      Run r = run("sql", "--results", out.toString(), "--master", "local[1]", q);
      assertEquals(2, r.code(), "[" + q + "]: " + r.out() + r.err());
      String line = r.err().strip();
      assertEquals(1, line.lines().count(), line);
      assertTrue(line.startsWith("shattered: QUERY: bad value '"), line);
      assertTrue(line.contains("allowed: one or more statements separated by ';'"), line);
      assertEquals("", r.out());
    }
    assertEquals(before, hashes(out));
  }

  @Test
  void theDecisionIsOnTheParsedPlanNotTheText() throws Exception {
    // text that looks like a write but is a query, and a write hidden behind a comment and odd case
    assertNull(ReadOnlyStatement.refusedNode(ReadOnlyStatement.parse("SELECT 'INSERT INTO tasks' AS drop_table FROM tasks")));
    assertEquals("InsertIntoStatement", ReadOnlyStatement.refusedNode(
        ReadOnlyStatement.parse("/* SELECT */ iNsErT\n INTO tasks SELECT * FROM tasks")));
    assertEquals("DeleteFromTable", ReadOnlyStatement.refusedNode(ReadOnlyStatement.parse("DELETE FROM tasks")));
    assertEquals("AddJarsCommand", ReadOnlyStatement.refusedNode(ReadOnlyStatement.parse("ADD JAR /tmp/x.jar")));
    assertNull(ReadOnlyStatement.refusedNode(
        ReadOnlyStatement.parse("SELECT * FROM tasks t JOIN (SELECT key FROM layers) l ON t.key = l.key")));
  }
}
