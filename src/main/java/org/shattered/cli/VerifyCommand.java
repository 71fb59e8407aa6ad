package org.shattered.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.shattered.sweep.ResultCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code shattered verify}: checks a results directory against its commit markers, without Spark and
 * without writing: one line per missing, truncated, unreadable, miscounted, bit-flipped (with
 * {@code --checksums}) or unexpected file. Exit code 0 when intact, {@link #DAMAGED} when not.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Check a results directory: every committed file is there with its recorded size, a valid "
        + "Parquet footer and its row count (and, with --checksums, its CRC32C), and no other file is in the "
        + "tables. Exit code 0: intact; 3: damage found (rerun the sweep to repair it).")
final class VerifyCommand implements Callable<Integer> {

  /** Exit code when damage is found. */
  static final int DAMAGED = 3;

  @Spec
  CommandSpec spec;

  @Option(names = "--results", required = true, paramLabel = "DIR", description = "Results directory of a sweep.")
  String results;

  @Option(names = "--checksums", description = "Also compare the CRC32C of every byte (reads all files).")
  boolean checksums;

  @Override
  public Integer call() {
    ResultCheck.Depth depth = checksums ? ResultCheck.Depth.CHECKSUMS : ResultCheck.Depth.FOOTERS;
    ResultCheck.Result r = ResultCheck.verify(results, depth);
    PrintWriter out = spec.commandLine().getOut();
    r.damage().forEach(d -> out.println(d.line()));
    out.println("verify: " + r.batches() + " committed batches, " + r.files() + " files, " + r.rows() + " rows; checked "
        + (checksums ? "sizes, footers, row counts and checksums" : "sizes, footers and row counts") + ": "
        + (r.clean() ? "intact" : r.damage().size() + " damaged (rerun the sweep to repair: damaged batches are moved "
        + "to DIR/_quarantine and their tasks computed again)"));
    out.flush();
    return r.clean() ? 0 : DAMAGED;
  }
}
