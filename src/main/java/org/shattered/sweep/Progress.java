package org.shattered.sweep;

import static org.shattered.spec.CostModel.clock;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The live progress line of a sweep on the driver's console: tasks done / total, failures, rate,
 * elapsed and estimated remaining time. The remaining time weights tasks by their estimated cost
 * ({@link org.shattered.spec.CostModel}): the estimated cost still to do at the rate at which
 * estimated cost was done so far, so a grid whose cheap tasks finish first is not promised an
 * early end. On a terminal it redraws one line every second; otherwise
 * (a log file, CI) it prints a line every ten seconds, or every {@code -Dshattered.progress-seconds=N}.
 */
final class Progress implements AutoCloseable {
  private final PrintStream out;
  private final long total;
  private final LongSupplier done;
  private final LongSupplier failed;
  private final double totalCost;
  private final DoubleSupplier costDone;
  private final long start = System.nanoTime();
  private final boolean terminal = System.console() != null;
  private final ScheduledExecutorService timer;

  /**
   * @param totalCost estimated cost of the {@code total} tasks (any unit, e.g. CostModel seconds)
   * @param costDone estimated cost of the tasks done so far, in the same unit
   */
  Progress(PrintStream out, long total, LongSupplier done, LongSupplier failed, double totalCost,
      DoubleSupplier costDone) {
    this.out = out;
    this.total = total;
    this.done = done;
    this.failed = failed;
    this.totalCost = totalCost;
    this.costDone = costDone;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "shattered-progress");
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(1, Long.getLong("shattered.progress-seconds", terminal ? 1 : 10));
    timer.scheduleAtFixedRate(this::print, period, period, TimeUnit.SECONDS);
  }

  String line() {
    long d = done.getAsLong();
    double elapsed = (System.nanoTime() - start) / 1e9;
    double remaining = remainingSeconds(elapsed, d, total, costDone.getAsDouble(), totalCost);
    String eta = d >= total ? "0s" : Double.isNaN(remaining) ? "?" : clock(remaining);
    return String.format(Locale.ROOT, "tasks %d/%d (%.0f%%), failed %d, %s, elapsed %s, remaining %s",
        d, total, total == 0 ? 100.0 : 100.0 * d / total, failed.getAsLong(), rate(elapsed, d), clock(elapsed), eta);
  }

  /**
   * The rate as tasks per second, or as time per task when under 0.1 a second (training tasks take
   * minutes each: "0.0 tasks/s" said nothing); "0 tasks done" before the first.
   */
  static String rate(double elapsed, long done) {
    if (done == 0) {
      return "0 tasks done";
    }
    double perSecond = done / Math.max(elapsed, 1e-9);
    return perSecond >= 0.1 ? String.format(Locale.ROOT, "%.1f tasks/s", perSecond)
        : clock(elapsed / done) + " per task";
  }

  /**
   * Remaining seconds: the cost not yet done at the rate cost was done so far (by task count when
   * no cost is known); NaN before anything is done.
   */
  static double remainingSeconds(double elapsed, long done, long total, double costDone, double totalCost) {
    if (done >= total) {
      return 0;
    }
    if (done == 0) {
      return Double.NaN;
    }
    if (!(costDone > 0) || !(totalCost > 0)) {
      return elapsed * (total - done) / done;
    }
    return elapsed * Math.max(0, totalCost - costDone) / costDone;
  }

  private void print() {
    if (terminal) {
      out.print("\r" + line() + "   ");
    } else {
      out.println(line());
    }
    out.flush();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    if (terminal) {
      out.print("\r");
    }
    out.println(line());
    out.flush();
  }
}
