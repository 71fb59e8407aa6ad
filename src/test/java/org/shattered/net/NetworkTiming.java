package org.shattered.net;

import java.util.Locale;
import org.shattered.spec.Architecture;
import org.shattered.spec.GradientMode;
import org.shattered.spec.Normalization;
import org.shattered.spec.Precision;
import org.shattered.spec.TaskSpec;

/**
 * Prints per-task timings (build, backprop) at depth 50, width 200, P 256, batch norm. Not a test:
 * run with OMP_NUM_THREADS=1, e.g. {@code java -cp target/test-classes:target/classes:$(cat
 * target/classpath.txt) org.shattered.net.NetworkTiming}.
 */
public final class NetworkTiming {
  private NetworkTiming() {}

  public static void main(String[] args) {
    int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    for (Architecture a : Architecture.values()) {
      for (Precision p : Precision.values()) {
        for (GradientMode m : GradientMode.values()) {
          TaskSpec spec = new TaskSpec(a, Normalization.BATCH, m, p, 50, 200, 1.0, 0.0, 256, -2, 2, 32, 0);
          time(spec, repeats);
        }
      }
    }
  }

  private static void time(TaskSpec spec, int repeats) {
    double[] x = spec.inputs();
    long best = Long.MAX_VALUE;
    long bestBuild = Long.MAX_VALUE;
    for (int r = 0; r < repeats; r++) {
      long t0 = System.nanoTime();
      try (Network net = Networks.build(spec.withSeed(r))) {
        long t1 = System.nanoTime();
        net.backprop(x);
        long t2 = System.nanoTime();
        best = Math.min(best, t2 - t1);
        bestBuild = Math.min(bestBuild, t1 - t0);
      }
    }
    System.out.printf(Locale.ROOT, "%-40s %-6s %-13s build %7.1f ms  backprop %7.1f ms%n", spec.label(),
        spec.precision().configName(), spec.gradientMode().configName(), bestBuild / 1e6, best / 1e6);
  }
}
