package org.shattered.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.shattered.measure.GroupMeasurer;
import org.shattered.measure.Measurement;
import org.shattered.measure.MeasurementDifference;
import org.shattered.measure.TaskMeasurer;
import org.shattered.measure.TaskResult;
import org.shattered.net.Networks;
import org.shattered.spec.Architecture;
import org.shattered.spec.Normalization;
import org.shattered.spec.TaskSpec;

/**
 * The grid figures of {@code bench}: one realistic grid (feedforward and resnet, batch norm and
 * none, depths 1, 2, 4, 8, 16, 24, 50, resnet betas 1, 0.5, 0.1 and 1/sqrt(depth), width 200, 256
 * points, frozen statistics, double) computed task by task ({@link TaskMeasurer}, as the engine did
 * before tasks were grouped) and with sharing ({@link GroupMeasurer}, as a sweep computes it), in
 * one thread, with the rows checked equal; and the same grid's time in the numpy script
 * {@code bench/grid_numpy.py} when python3 with numpy is present.
 */
final class GridBenchmark {
  static final int[] DEPTHS = {1, 2, 4, 8, 16, 24, 50};
  static final double[] BETAS = {1.0, 0.5, 0.1};
  static final int WIDTH = 200;
  /** Seeds of the bench's grid: 2 x 112 tasks. */
  static final int DEFAULT_SEEDS = 2;

  private final Consumer<String> log;
  private final int seeds;

  GridBenchmark(Consumer<String> log, int seeds) {
    this.log = log;
    this.seeds = seeds;
  }

  /** The grid's tasks, grouped by shared weights (architecture, seed). */
  static List<List<TaskSpec>> groups(int seeds) {
    List<List<TaskSpec>> out = new ArrayList<>();
    for (Architecture a : List.of(Architecture.FEEDFORWARD, Architecture.RESNET)) {
      for (long seed = 0; seed < seeds; seed++) {
        List<TaskSpec> group = new ArrayList<>();
        for (Normalization n : Normalization.values()) {
          for (int d : DEPTHS) {
            if (!a.usesBeta()) {
              group.add(TaskSpec.of(a, n, d, WIDTH, Double.NaN, seed));
              continue;
            }
            for (double beta : BETAS) {
              group.add(TaskSpec.of(a, n, d, WIDTH, beta, seed));
            }
            double scaled = 1 / Math.sqrt(d);
            if (Arrays.stream(BETAS).noneMatch(b -> b == scaled)) { // 1/sqrt(1) is beta 1, already there
              group.add(TaskSpec.of(a, n, d, WIDTH, scaled, seed));
            }
          }
        }
        out.add(group);
      }
    }
    return out;
  }

  Map<String, Object> run() {
    List<List<TaskSpec>> groups = groups(seeds);
    int tasks = groups.stream().mapToInt(List::size).sum();
    // warm-up: one small group both ways
    List<TaskSpec> warm = groups(1).get(1).stream().filter(s -> s.depth() <= 8).toList();
    warm.forEach(s -> TaskMeasurer.measure(s, Networks::build));
    GroupMeasurer.measure(warm, false);

    long t0 = System.nanoTime();
    List<Measurement> alone = new ArrayList<>(tasks);
    for (List<TaskSpec> g : groups) {
      for (TaskSpec s : g) {
        alone.add(TaskMeasurer.measure(s, Networks::build));
      }
    }
    double aloneS = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    List<TaskResult> shared = new ArrayList<>(tasks);
    for (List<TaskSpec> g : groups) {
      shared.addAll(GroupMeasurer.measure(g, false));
    }
    double sharedS = (System.nanoTime() - t1) / 1e9;
    for (int i = 0; i < tasks; i++) {
      if (shared.get(i).measurement() == null) {
        throw new IllegalStateException(shared.get(i).spec().label() + " failed: " + shared.get(i).error());
      }
      String diff = MeasurementDifference.of(alone.get(i), shared.get(i).measurement());
      if (diff != null) {
        throw new IllegalStateException("grid_speedup: " + alone.get(i).spec().label()
            + " differs between task by task and shared: " + diff);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("tasks", tasks);
    out.put("seeds", seeds);
    out.put("task_by_task_s", aloneS);
    out.put("shared_s", sharedS);
    out.put("speedup", aloneS / sharedS);
    out.put("rows_identical", true);
    log.accept(String.format("grid of %d tasks (2 architectures, 2 normalizations, depths %s, 4 betas, width %d, "
        + "P=256, %d seeds), one thread: task by task %.2f s, shared %.2f s, grid_speedup %.2f (rows identical)",
        tasks, Arrays.toString(DEPTHS), WIDTH, seeds, aloneS, sharedS, aloneS / sharedS));
    out.put("numpy", numpy(sharedS));
    out.put("stacking", stacking());
    return out;
  }

  /**
   * Whether stacking the rows of tasks that share W_l into one product would pay: the rate of one
   * forward-mode layer product (2P x N by (N x N)^T, P = 256) against the same rows of six tasks
   * stacked into one (12P x N), at widths 200 and 1000, on preallocated native arrays.
   */
  Map<String, Map<String, Double>> stacking() {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    for (int n : new int[] {200, 1000}) {
      double single = productGflops(512, n);
      double stacked = productGflops(6 * 512, n);
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("gflops_512_rows", single);
      m.put("gflops_3072_rows", stacked);
      m.put("ratio", stacked / single);
      out.put("width_" + n, m);
      log.accept(String.format("stacking: width %d, product of 512 rows %.1f GFLOP/s, of 3072 rows (6 tasks) %.1f "
          + "GFLOP/s, ratio %.2f", n, single, stacked, stacked / single));
    }
    return out;
  }

  /** Best of 7 rates of (rows x n) by (n x n)^T with Nd4j.gemm into a preallocated result, double. */
  private static double productGflops(int rows, int n) {
    try (INDArray a = Nd4j.rand(DataType.DOUBLE, rows, n); INDArray w = Nd4j.rand(DataType.DOUBLE, n, n);
        INDArray c = Nd4j.create(DataType.DOUBLE, new long[] {rows, n}, 'c')) {
      int reps = Math.max(1, (int) (2e9 / (2.0 * rows * n * n)));
      double best = Double.MAX_VALUE;
      for (int r = 0; r < 7; r++) {
        long t = System.nanoTime();
        for (int i = 0; i < reps; i++) {
          Nd4j.gemm(a, w, c, false, true, 1.0, 0.0);
        }
        best = Math.min(best, (System.nanoTime() - t) / 1e9 / reps);
      }
      return 2.0 * rows * n * (double) n / best / 1e9;
    }
  }

  /**
   * The numpy script on the same grid, or null figures when python3 with numpy is not there: its
   * wall time, and its ratio to the shared computation's.
   */
  private Map<String, Object> numpy(double sharedS) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("seconds", null);
    out.put("grid_vs_numpy", null);
    Path script = Path.of(System.getProperty("shattered.home", "."), "bench", "grid_numpy.py");
    if (!Files.isRegularFile(script)) {
      log.accept("grid_vs_numpy: null (" + script + " not found)");
      return out;
    }
    try {
      Path json = Files.createTempFile("grid-numpy", ".json");
      Process p = new ProcessBuilder("python3", script.toString(), "--seeds", Integer.toString(seeds))
          .redirectOutput(json.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
        p.destroyForcibly();
        log.accept("grid_vs_numpy: null (python3 " + script + " failed or lacks numpy)");
        return out;
      }
      JsonNode node = new ObjectMapper().readTree(Files.readString(json, StandardCharsets.UTF_8));
      Files.deleteIfExists(json);
      double seconds = node.get("seconds").asDouble();
      out.put("seconds", seconds);
      out.put("tasks", node.get("tasks").asInt());
      out.put("numpy_version", node.path("numpy").asText());
      out.put("grid_vs_numpy", seconds / sharedS);
      log.accept(String.format("numpy loop on the same grid (%d tasks, one thread): %.2f s; grid_vs_numpy %.2f",
          node.get("tasks").asInt(), seconds, seconds / sharedS));
    } catch (IOException e) {
      log.accept("grid_vs_numpy: null (python3 not available: " + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out;
  }
}
