package org.shattered.spec;

/**
 * The estimated compute time of a task on one core, used to warn about ({@code plan}) and refuse
 * ({@code sweep}, {@code sweep.max-estimated-hours}) expensive grids before anything runs, and to
 * weight the progress line's remaining time. Deliberately simple: the matrix products (forward and
 * backward, about 4 x depth x width^2 x points flops) at an assumed sustained rate per core, plus a
 * fixed cost per layer and per task (network set-up, metrics, writing the rows), and tanh's cost per
 * pre-activation. The README's benchmark measures the real rate (45-50 GFLOP/s for the products
 * alone, 0.5-0.9 of that for whole tasks); the constants are fitted to whole tasks measured with
 * {@code task --json} (docs/commands.md: within a factor 1.75 of nine configurations, ReLU and tanh,
 * P = 64-256, depth 10-50).
 */
public final class CostModel {
  /** Assumed sustained rate of the engine, per core (see the README's benchmark). */
  public static final double FLOPS_PER_CORE = 20e9;
  /** Assumed fixed cost per task (network set-up, metrics, row writing). */
  public static final double SECONDS_PER_TASK = 0.002;
  /**
   * Assumed fixed cost per layer (the per-layer operations and statistics besides the products):
   * ReLU at P = 64, width 200, depth 30 takes 45 ms against 15 ms of products at the rate above.
   */
  public static final double SECONDS_PER_LAYER = 0.001;
  /**
   * Assumed cost of tanh per pre-activation (its value and derivative, {@code Math.tanh}): tanh at
   * P = 128, width 200, depth 30 takes 152 ms against ReLU's 59-75 ms (docs/commands.md). The other
   * activations cost about what ReLU does.
   */
  public static final double TANH_SECONDS_PER_ELEMENT = 116e-9;

  private CostModel() {
  }

  /** Estimated seconds of one task on one core. */
  public static double seconds(TaskSpec s) {
    return seconds(s, false);
  }

  /**
   * {@link #seconds(TaskSpec)}, plus with the path decomposition of a resnet its depth (depth + 1) / 2
   * products of points x width by width x width (2 width^2 points flops each).
   */
  public static double seconds(TaskSpec s, boolean pathDecomposition) {
    double seconds = 4 * s.cost() / FLOPS_PER_CORE + s.depth() * SECONDS_PER_LAYER + SECONDS_PER_TASK;
    if (s.activation().kind() == ActivationSpec.Kind.TANH) {
      seconds += TANH_SECONDS_PER_ELEMENT * s.depth() * s.width() * s.points();
    }
    if (pathDecomposition && PathDecompositionRule.hasRows(s)) {
      double products = s.depth() * (s.depth() + 1) / 2.0;
      seconds += products * 2.0 * s.width() * s.width() * s.points() / FLOPS_PER_CORE;
    }
    return seconds;
  }

  /** Estimated core-seconds of every task of {@code sweep} (streamed; duplicates counted twice). */
  public static double gridSeconds(SweepSpec sweep) {
    double[] sum = {0};
    sweep.grid().forEach(t -> sum[0] += seconds(t.spec(), sweep.pathDecomposition()));
    return sum[0];
  }

  /** An estimate as {@link #clock}, except that a positive time under half a second is "1s", not "0s". */
  public static String duration(double seconds) {
    return seconds > 0 && seconds < 0.5 ? "1s" : clock(seconds);
  }

  /** A time rounded to the second: "1h02m03s", "4m05s", "7s", "0s" (the progress line's too). */
  public static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format(java.util.Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
        : s >= 60 ? String.format(java.util.Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
  }

  /** A number of hours as the config would write it: 24, 0.5. */
  public static String hours(double h) {
    return h == Math.rint(h) && Math.abs(h) < 1e15 ? Long.toString((long) h) : Double.toString(h);
  }
}
