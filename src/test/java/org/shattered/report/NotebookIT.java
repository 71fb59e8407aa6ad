package org.shattered.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shattered.spec.SweepConfig;
import org.shattered.spec.SweepSpec;
import org.shattered.sweep.MeasuringEngine;
import org.shattered.sweep.SweepRunner;

/**
 * An exported notebook executed top to bottom with nbclient in a Python 3 kernel, as "Run All" in
 * Jupyter: no cell fails, every figure cell ends with a figure, and each was recomputed from the
 * results with the project's {@code sql} (not the stored PNG). Skipped, with the reason, on a
 * machine whose python3 lacks nbclient, ipykernel or matplotlib.
 */
class NotebookIT {

  static final List<String> FIGURES = List.of("figure1", "c1_vs_depth", "pair_corr_vs_depth", "gates_vs_layer",
      "gates_vs_depth");

  @TempDir
  Path tmp;

  @Test
  void runAllRecomputesEveryFigure() throws Exception {
    String python = pythonWithJupyter();
    Assumptions.assumeTrue(python != null, "no python3 with nbclient, ipykernel and matplotlib on this machine "
        + "(Debian: apt-get install python3-nbclient python3-ipykernel python3-matplotlib)");

    Path results = tmp.resolve("results");
    Path out = tmp.resolve("export").resolve("tiny");
    SparkSession spark = SparkSession.builder().master("local[2]").appName("NotebookIT")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    try {
      SweepSpec sweep = SweepConfig.sweepSpec(SweepConfig.load(Path.of("jobs", "quick.conf"), null, List.of(
          "sweep.grid.architecture=[feedforward, resnet]", "sweep.grid.depth=[1,3]", "sweep.grid.width=[8]",
          "sweep.grid.points=[32]", "sweep.max-lag=8", "sweep.grid.seed=3", "sweep.store-gradients=true")))
          .withOutput(results.toString());
      new SweepRunner(spark).run(sweep, SweepRunner.Options.defaults(new MeasuringEngine(), null));
      new ReportGenerator(spark).write(results.toString(), out, "jobs/shattered sweep (test)", "report (test)");
    } finally {
      spark.stop();
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }

    Path script = tmp.resolve("run.py");
    Files.writeString(script, String.join("\n",
        "import sys, nbformat",
        "from nbclient import NotebookClient",
        "nb = nbformat.read(sys.argv[1], as_version=4)",
        "NotebookClient(nb, timeout=1800, kernel_name='python3', resources={'metadata': {'path': sys.argv[2]}}).execute()",
        "for c in nb.cells:",
        "    if c.cell_type != 'code':",
        "        continue",
        "    kinds = [o.output_type for o in c.outputs]",
        "    pngs = sum('image/png' in o.get('data', {}) for o in c.outputs)",
        "    text = ''.join(o.get('text', '') for o in c.outputs if o.output_type == 'stream').strip().replace('\\n', ' | ')",
        "    print('CELL', 'error' in kinds, pngs, text)",
        ""));
    String home = System.getProperty("shattered.home", System.getProperty("user.dir"));
    String launcher = "java @" + Path.of(home, "conf", "jvm.options") + " -Xmx1g -cp '"
        + System.getProperty("java.class.path") + "' org.shattered.cli.Main";
    ProcessBuilder pb = new ProcessBuilder(python, script.toString(), out.resolve("tiny.ipynb").toString(),
        out.toString()).redirectErrorStream(true);
    pb.environment().put("SHATTERED_LAUNCHER", launcher);
    pb.environment().put("OMP_NUM_THREADS", "1");
    pb.environment().remove("SHATTERED_RESULTS");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(40, TimeUnit.MINUTES));
    assertEquals(0, p.exitValue(), output);

    List<String> cells = output.lines().filter(l -> l.startsWith("CELL ")).toList();
    assertEquals(FIGURES.size() + 1, cells.size(), output);
    assertTrue(cells.get(0).startsWith("CELL False 0 reader: "), cells.get(0));
    assertTrue(cells.get(0).contains("sql --results " + results), cells.get(0));
    for (int i = 0; i < FIGURES.size(); i++) {
      String c = cells.get(i + 1);
      assertEquals("CELL False 1 " + FIGURES.get(i) + ": recomputed from " + results, c, output);
    }
  }

  /** python3 (or Debian's /usr/bin/python3) when it has what executing a notebook needs, else null. */
  static String pythonWithJupyter() throws InterruptedException {
    List<String> candidates = new ArrayList<>(List.of("python3", "/usr/bin/python3"));
    for (String py : candidates) {
      try {
        Process p = new ProcessBuilder(py, "-c", "import nbclient, nbformat, ipykernel, matplotlib")
            .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
          return py;
        }
      } catch (IOException e) {
        // not there
      }
    }
    return null;
  }
}
