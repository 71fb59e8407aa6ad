package org.shattered.sweep;

import java.util.Locale;

/**
 * What one run of a sweep did.
 *
 * @param total tasks in the grid
 * @param skipped tasks already present from an earlier run
 * @param computed tasks computed by this run (ok or failed)
 * @param failed tasks of this run that failed
 * @param wallSeconds wall time of the run
 * @param taskSeconds sum of the tasks' own compute times
 * @param cores cores Spark used
 * @param complete false when the run stopped before its last batch (test hook, or interrupted)
 * @param interrupted the run was interrupted (Ctrl-C): {@code computed} counts the tasks it committed
 */
public record SweepSummary(long total, long skipped, long computed, long failed, double wallSeconds,
    double taskSeconds, int cores, boolean complete, boolean interrupted) {

  /** The one line an interrupted run ends with: how many tasks of the grid the directory keeps. */
  public String interruptedLine(String dir) {
    return "interrupted: " + (skipped + computed) + " tasks kept in " + dir + "; run the same command to resume";
  }

  /** The summary's last line, e.g. "tasks: total 24, skipped 0, computed 24, failed 0". */
  public String line() {
    return "tasks: total " + total + ", skipped " + skipped + ", computed " + computed + ", failed " + failed;
  }

  /** Share of wall time x cores spent inside tasks. */
  public double taskShare() {
    return wallSeconds <= 0 ? 0 : taskSeconds / (wallSeconds * cores);
  }

  public String timing() {
    return String.format(Locale.ROOT, "wall %.1f s, task time %.1f s on %d cores (%.0f%% of wall x cores)",
        wallSeconds, taskSeconds, cores, 100 * taskShare());
  }
}
