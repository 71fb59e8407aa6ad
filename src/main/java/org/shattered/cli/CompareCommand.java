package org.shattered.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.shattered.report.Comparison;
import org.shattered.report.ReportGenerator;
import org.shattered.report.Table;
import org.shattered.spec.SpecException;
import org.shattered.sweep.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code shattered compare A B --out DIR}: the curves of two sweeps side by side as a page in the
 * report's style ({@link Comparison}). The per-group statistics are read with DuckDB over exactly the
 * committed files of each directory (no Spark, so it takes seconds); the results are only read.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Compare two sweeps: per measured quantity (c_1, pair_cosine) the curves against depth of A beside "
        + "those of B, with 95% t-intervals, a table of B - A with Welch intervals, and findings, as index.html "
        + "(with PNG, SVG, CSV and a notebook) in the output folder. Reads the committed files of both local results "
        + "directories; writes only the output folder.")
final class CompareCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "A", description = "Results directory of the first sweep.")
  String a;

  @Parameters(index = "1", paramLabel = "B", description = "Results directory of the second sweep.")
  String b;

  @Option(names = "--out", required = true, paramLabel = "FOLDER", description = "Output folder (new or empty, or "
      + "--replace); its name is the notebook's.")
  Path out;

  @Option(names = "--replace", description = "Replace the page already in the output folder.")
  boolean replace;

  @Override
  public Integer call() throws Exception {
    Path target = out.toAbsolutePath().normalize();
    if (Files.isDirectory(target) && !replace) {
      try (var entries = Files.list(target)) {
        if (entries.findAny().isPresent()) {
          throw SpecException.badValue("--out", target, "a new or empty folder; it holds files already (pass "
              + "--replace to replace that page)");
        }
      }
    }
    Preflight.outputDirectory("--out", target.toString());
    Table sa;
    Table sb;
    List<List<Object>> counts = new ArrayList<>();
    // both directories are checked (and read) before anything is written
    try (EmbeddedSql da = EmbeddedSql.openDirectory(a, "A"); EmbeddedSql db = EmbeddedSql.openDirectory(b, "B")) {
      sa = table(da.query(Comparison.SQL));
      sb = table(db.query(Comparison.SQL));
      for (Object[] side : new Object[][] {{a, da}, {b, db}}) {
        SqlCommand.Result c = ((EmbeddedSql) side[1]).query(
            "SELECT count(*) AS tasks, sum(CASE WHEN status = 'ok' THEN 1 ELSE 0 END) AS ok FROM tasks");
        counts.add(List.of(side[0], c.rows().get(0)[0], c.rows().get(0)[1]));
      }
    }
    String command = RunRecord.commandLine(spec.root().commandLine().getParseResult().originalArgs());
    String dirA = SqlCommand.localDirectory(a).toAbsolutePath().normalize().toString();
    String dirB = SqlCommand.localDirectory(b).toAbsolutePath().normalize().toString();
    Comparison comparison = new Comparison(a, sa, b, sb);
    ReportGenerator.Written w = FolderSwap.build(target, staged -> comparison.write(staged,
        Comparison.provenance(dirA, dirB, new Table(List.of("results", "tasks", "ok"), counts), command), dirA));
    spec.commandLine().getOut().println("compare: " + w.figures().size() + " figures, " + w.files().size()
        + " files -> " + target.resolve("index.html"));
    spec.commandLine().getOut().flush();
    return 0;
  }

  private static Table table(SqlCommand.Result r) {
    List<List<Object>> rows = new ArrayList<>();
    for (Object[] row : r.rows()) {
      rows.add(new ArrayList<>(Arrays.asList(row)));
    }
    return new Table(List.of(r.names()), rows);
  }
}
