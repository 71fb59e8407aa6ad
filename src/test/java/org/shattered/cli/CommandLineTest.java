package org.shattered.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line as a user meets it: output formats, and bad input rejected with exit code 2. */
class CommandLineTest {
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

  @Test
  void taskJsonHasOneObjectPerSeedWithTheDocumentedFields() throws IOException {
    Run r = run("task", "--architecture", "resnet", "--normalization", "batch", "--depth", "3", "--width", "16",
        "--beta", "0.5", "--seeds", "2", "--points", "64", "--json");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(2, lines.size());
    ObjectMapper mapper = new ObjectMapper();
    for (int s = 0; s < 2; s++) {
      JsonNode n = mapper.readTree(lines.get(s));
      for (String f : List.of("architecture", "normalization", "depth", "width", "beta", "seed", "points", "acf_lag1",
          "acf", "constant_gradient", "active_fraction_last", "constant_units_last", "coactivation_last",
          "coactivation_lag1_last", "coactivation_pair_sd_last", "coactivation_pair_sd_null_last", "millis")) {
        assertTrue(n.has(f), "missing " + f + " in " + lines.get(s));
      }
      assertEquals(s, n.get("seed").asInt());
      assertEquals(0.5, n.get("beta").asDouble());
      assertEquals(32, n.get("acf").size());
      assertEquals(n.get("acf_lag1").asDouble(), n.get("acf").get(0).asDouble());
    }
  }

  @Test
  void sphereTaskPrintsPairCosineAndItsJsonHasTheInputColumns() throws IOException {
    Run table = run("task", "--architecture", "feedforward", "--depth", "2", "--width", "32", "--inputs", "sphere",
        "--input-dim", "20", "--points", "48");
    assertEquals(0, table.code(), table.err());
    assertTrue(table.out().contains("pair_cosine") && table.out().contains("sphere d=20"), table.out());
    Run r = run("task", "--architecture", "resnet", "--depth", "2", "--width", "16", "--inputs", "sphere",
        "--input-dim", "6", "--input-seed", "3", "--points", "20", "--json", "--gradient");
    assertEquals(0, r.code(), r.err());
    JsonNode n = new ObjectMapper().readTree(r.out().lines().findFirst().orElseThrow());
    assertEquals("sphere", n.get("inputs").asText());
    assertEquals(6, n.get("input_dim").asInt());
    assertEquals(3, n.get("input_seed").asInt());
    assertTrue(n.get("acf_lag1").isNull() && n.get("acf").isNull(), "no autocorrelation for sphere inputs");
    assertTrue(n.get("pair_cosine").isNumber() && n.get("predicted_pair_corr").isNumber());
    assertTrue(n.get("precision_loss_bits").isNumber() && n.get("precision_flag").isBoolean());
    assertEquals(20 * 6, n.get("gradient").size(), "P x d values, point-major");
  }

  @Test
  void taskPathDecompositionInJsonAndAsATable() throws IOException {
    Run r = run("task", "--architecture", "resnet", "--depth", "4", "--width", "16", "--points", "32", "--seeds", "2",
        "--path-decomposition", "--json");
    assertEquals(0, r.code(), r.err());
    ObjectMapper mapper = new ObjectMapper();
    for (String line : r.out().lines().toList()) {
      JsonNode n = mapper.readTree(line);
      JsonNode paths = n.get("paths");
      assertEquals(5, paths.size(), line);
      double share = 0;
      double mean = 0;
      for (int k = 0; k < 5; k++) {
        JsonNode p = paths.get(k);
        for (String f : List.of("path_length", "paths", "rms", "energy_share", "cumulative_energy_share", "acf_lag1",
            "acf", "constant_gradient")) {
          assertTrue(p.has(f), "missing " + f + " in " + p);
        }
        assertEquals(k, p.get("path_length").asInt());
        share += p.get("energy_share").asDouble();
        mean += k * p.get("energy_share").asDouble();
      }
      assertEquals(1.0, share, 1e-12);
      assertEquals(mean, n.get("mean_path_length").asDouble(), 1e-12);
      assertEquals(6.0, paths.get(2).get("paths").asDouble()); // binomial(4, 2)
    }
    Run table = run("task", "--architecture", "resnet", "--depth", "3", "--width", "8", "--points", "32",
        "--path-decomposition");
    assertEquals(0, table.code(), table.err());
    assertTrue(table.out().contains("mean path length") && table.out().contains("energy_share"), table.out());
    Run feedforward = run("task", "--architecture", "feedforward", "--depth", "3", "--width", "8", "--points", "32",
        "--path-decomposition", "--json");
    assertEquals(0, feedforward.code(), feedforward.err());
    JsonNode f = mapper.readTree(feedforward.out().lines().findFirst().orElseThrow());
    assertEquals(0, f.get("paths").size());
    assertTrue(f.get("mean_path_length").isNull());
    Run sphere = run("task", "--architecture", "resnet", "--depth", "3", "--width", "8", "--points", "24",
        "--inputs", "sphere", "--input-dim", "5", "--path-decomposition", "--json");
    assertEquals(0, sphere.code(), sphere.err());
    JsonNode sp = mapper.readTree(sphere.out().lines().findFirst().orElseThrow()).get("paths");
    assertEquals(4, sp.size());
    assertTrue(sp.get(1).get("acf").isNull() && sp.get(1).get("pair_cosine").isNumber(), sp.toString());
    assertTrue(sp.get(0).get("constant_gradient").asBoolean(), "g^(0) = w_out W0 at every point");
    assertEquals(1.0, sp.get(0).get("pair_cosine").asDouble(), 1e-12);
    Run off = run("task", "--architecture", "resnet", "--depth", "3", "--width", "8", "--points", "32", "--json");
    JsonNode o = mapper.readTree(off.out().lines().findFirst().orElseThrow());
    assertFalse(o.has("paths"));
    assertTrue(o.get("mean_path_length").isNull());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--architecture looks-linear --depth 2 --path-decomposition | looks-linear",
      "--architecture resnet --depth 2 --gradient-mode through-batch --path-decomposition | through-batch"})
  void pathDecompositionIsRefusedWhereItHasNoMeaning(String args, String named) {
    Run r = run(("task " + args).split(" "));
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("--path-decomposition") && r.err().contains(named), r.err());
    assertEquals("", r.out());
  }

  @Test
  void sweepWithPathDecompositionRefusesLooksLinearBeforeSpark() throws IOException {
    Path conf = tmp.resolve("paths.conf");
    Files.writeString(conf, "sweep { name = p, path-decomposition = true, grid { architecture = [resnet, looks-linear],"
        + " depth = [1] } }");
    Path out = tmp.resolve("out");
    Run r = run("sweep", conf.toString(), "--out", out.toString());
    assertEquals(2, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("sweep.path-decomposition") && r.err().contains("looks-linear"), r.err());
    assertFalse(Files.exists(out));
  }

  /**
   * Issue 19's command as written (no --architecture, no --normalization: reference.conf's
   * feedforward with batch norm), at a small size: pair_cosine beside pred_pairs (the prediction from
   * the measured derivatives, finite), and one line saying why the parameter-only mean field is
   * absent; with --normalization none the mean_field column is a finite number.
   */
  @Test
  void issue19CommandPrintsPairCosineBesideAPrediction() {
    String args = "task --activation tanh --weight-variance 1.5 --bias-variance 0.05 --inputs sphere --input-dim 100 "
        + "--points 16 --depth 10 --width 24 --seeds 2";
    Run r = run(args.split(" "));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("feedforward/batch L=10 N=24 sphere d=100 tanh sw2=1.5 sb2=0.05"), r.out());
    List<String> lines = r.out().lines().toList();
    List<String> header = List.of(lines.get(1).trim().split("\\s+"));
    int cosine = header.indexOf("pair_cosine");
    int predicted = header.indexOf("pred_pairs");
    int meanField = header.indexOf("mean_field");
    for (String row : lines.subList(2, 4)) {
      String[] f = row.trim().split("\\s+");
      assertTrue(Double.isFinite(Double.parseDouble(f[cosine])), row);
      assertTrue(Double.isFinite(Double.parseDouble(f[predicted])), row);
      assertEquals("-", f[meanField], row);
    }
    assertEquals(5, lines.size(), r.out());
    assertTrue(lines.get(4).startsWith("mean_field: - because it needs normalization none (this task's is batch)"),
        lines.get(4));

    Run none = run((args + " --normalization none").split(" "));
    assertEquals(0, none.code(), none.err());
    List<String> noneLines = none.out().lines().toList();
    assertEquals(4, noneLines.size(), "no note when mean_field is given: " + none.out());
    for (String row : noneLines.subList(2, 4)) {
      double mf = Double.parseDouble(row.trim().split("\\s+")[meanField]);
      assertTrue(mf > 0 && mf < 1, row);
    }
  }

  @Test
  void taskTableIsReadable() {
    Run r = run("task", "--architecture", "looks-linear", "--depth", "2", "--width", "8", "--points", "32");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("acf_lag1"), r.out());
    assertTrue(r.out().contains(" yes "), "looks-linear gradient is constant: " + r.out());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--architecture cnn --depth 2 | --architecture",
      "--architecture resnet --depth 0 | --depth",
      "--architecture resnet --depth 2 --width 0 | --width",
      "--architecture resnet --depth 2 --beta -1 | --beta",
      "--architecture resnet --depth 2 --beta Infinity | --beta",
      "--architecture feedforward --depth 2 --beta -1 | --beta",
      "--architecture resnet --depth 2 --points 2 | --points",
      "--architecture resnet --depth 2 --precision half | --precision",
      "--architecture resnet --depth 2 --frobnicate | --frobnicate",
      "--architecture resnet --depth 2 --inputs cube | --inputs",
      "--architecture resnet --depth 2 --input-dim 3 | --input-dim",
      "--architecture resnet --depth 2 --inputs sphere | --input-dim",
      "--architecture resnet --depth 2 --inputs sphere --input-dim 0 | --input-dim",
      "--architecture resnet --depth 2 --inputs sphere --input-dim 10 --input-seed -1 | --input-seed",
      "--architecture resnet --depth 2 --inputs sphere --input-dim 10 --points 2 | --points",
      "--architecture resnet | --depth",
      "--depth 2 --weight-variance -1 | --weight-variance",
      "--depth 2 --weight-variance 0 | --weight-variance",
      "--depth 2 --bias-variance -0.05 | --bias-variance",
      "--depth 2 --activation sigmoid | --activation",
      "--depth 2 --architecture looks-linear --activation tanh | --activation",
      "--depth 2 --activation leaky-relu:1 | --activation",
      "--depth 2 --activation leaky-relu:-0.1 | --activation"})
  void badTaskArgumentsAreRejectedWithOneLineAndExitCode2(String args, String named) {
    Run r = run(("task " + args).split(" "));
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains(named), r.err());
    assertEquals("", r.out());
  }

  @Test
  void badSweepConfigurationIsRejectedBeforeSparkAndWritesNothing() throws IOException {
    Path conf = tmp.resolve("bad.conf");
    Files.writeString(conf, "sweep { name = bad, grid { dept = [1] } }");
    Path out = tmp.resolve("out");
    Run r = run("sweep", conf.toString(), "--out", out.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("sweep.grid.dept") && r.err().contains("did you mean 'sweep.grid.depth'"), r.err());
    assertFalse(Files.exists(out));
    Files.writeString(conf, "sweep { name = bad, grid { depth = [] } }");
    Run empty = run("sweep", conf.toString(), "--out", out.toString());
    assertEquals(2, empty.code());
    assertTrue(empty.err().contains("sweep.grid.depth") && empty.err().contains("empty axis"), empty.err());
    Run set = run("sweep", conf.toString(), "--out", out.toString(), "--set", "sweep.grid.depth=[1]",
        "--set", "sweep.grid.width=[wide]");
    assertEquals(2, set.code());
    assertTrue(set.err().contains("sweep.grid.width"), set.err());
    assertFalse(Files.exists(out));
    assertEquals(2, run("plan", tmp.resolve("missing.conf").toString()).code());
  }

  @Test
  void theoryPrintsTheMonteCarloCheckBesideTheFormulas() throws IOException {
    Run r = run("theory", "--max-depth", "3", "--samples", "3000", "--json");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().lines().toList();
    // feedforward, resnet at beta 1, 0.5, 0.1, batch-norm resnet at the same betas, the 1/l heuristic
    assertEquals(8 * 3, lines.size());
    ObjectMapper mapper = new ObjectMapper();
    assertEquals(java.util.Set.of("feedforward", "resnet beta=1.0", "resnet beta=0.5", "resnet beta=0.1",
        "resnet bn beta=1.0", "resnet bn beta=0.5", "resnet bn beta=0.1", "resnet bn 1/l"),
        lines.stream().map(l -> { try { return mapper.readTree(l).get("curve").asText(); }
          catch (IOException e) { throw new java.io.UncheckedIOException(e); } }).collect(java.util.stream.Collectors.toSet()));
    for (String line : lines) {
      JsonNode n = mapper.readTree(line);
      double gap = Math.abs(n.get("monte_carlo").asDouble() - n.get("theory").asDouble());
      assertTrue(gap <= 4 * n.get("standard_error").asDouble() + 0.01, line);
      assertEquals(n.get("theory").asDouble() > 3 * n.get("standard_error").asDouble(), n.get("testable").asBoolean(),
          line);
      if (n.get("curve").asText().equals("resnet bn beta=1.0")) {
        // the product with the stream's batch variance v_l = 2 + (1 - 1/pi) (l - 1) (issue 21), written out
        double c = 1;
        for (int l = 1; l <= n.get("depth").asInt(); l++) {
          double x = 1 / (2 + (1 - 1 / Math.PI) * (l - 1));
          c *= (1 + x / 2) / (1 + x);
        }
        assertEquals(c, n.get("theory").asDouble(), 1e-12, line);
      }
    }
    assertEquals(2, run("theory", "--samples", "1").code());
    Run bad = run("theory", "--stem-variance", "0");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--stem-variance"), bad.err());
  }

  @Test
  void planCountsByArchitecture() throws IOException {
    Path conf = tmp.resolve("plan.conf");
    Files.writeString(conf, "sweep { name = p, grid { architecture = [feedforward, resnet], depth = {from = 1, to = 100,"
        + " step = 1}, beta = [1, 0.5], seed = 10 } }");
    Run r = run("plan", conf.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().matches("(?s).*feedforward\\s+1000\\s.*"), r.out());
    assertTrue(r.out().matches("(?s).*resnet\\s+2000\\s.*"), r.out());
    assertTrue(r.out().matches("(?s).*total\\s+3000\\s.*"), r.out());
  }

  @Test
  void sweepThenSqlAsCsv() throws IOException {
    Path conf = tmp.resolve("tiny.conf");
    Files.writeString(conf, "sweep { name = tiny, grid { architecture = [feedforward], depth = [1, 2], width = [8],"
        + " seed = 2, points = [32] }, max-lag = 4 }\nspark.master = \"local[2]\"");
    Path out = tmp.resolve("tiny");
    Run sweep = run("sweep", conf.toString(), "--out", out.toString());
    assertEquals(0, sweep.code(), sweep.err());
    List<String> lines = sweep.out().strip().lines().toList();
    assertEquals("tasks: total 4, skipped 0, computed 4, failed 0", lines.get(lines.size() - 1));
    Run sql = run("sql", "--results", out.toString(), "--master", "local[2]", "--format", "csv",
        "SELECT depth, count(*) AS n FROM tasks GROUP BY depth ORDER BY depth");
    assertEquals(0, sql.code(), sql.err());
    assertEquals(List.of("depth,n", "1,2", "2,2"), sql.out().strip().lines().toList());
    Run badSql = run("sql", "--results", out.toString(), "--master", "local[2]", "SELECT nope FROM tasks");
    assertEquals(2, badSql.code());
    Run missing = run("sql", "--results", tmp.resolve("nothing").toString(), "--master", "local[2]", "SELECT 1");
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("--results"), missing.err());
  }
}
