package org.shattered.bench;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.shattered.measure.TaskMeasurer;
import org.shattered.net.Networks;
import org.shattered.spec.Architecture;
import org.shattered.spec.BetaValue;
import org.shattered.spec.GradientMode;
import org.shattered.spec.GridAxes;
import org.shattered.spec.Normalization;
import org.shattered.spec.Precision;
import org.shattered.spec.SweepSpec;
import org.shattered.spec.TaskSpec;
import org.shattered.sweep.MeasuringEngine;
import org.shattered.sweep.Provenance;
import org.shattered.sweep.SweepRunner;
import org.shattered.sweep.SparkSessions;
import org.shattered.sweep.SweepSummary;

/**
 * The performance figures of the README, measured in one process: per-task time and useful
 * floating-point rate against one large matrix product's rate, the sweep's share of wall time spent
 * in tasks, and the cost of planning a million tasks. Every ratio compares two measurements of
 * this run, so the figures travel between machines.
 */
public final class Benchmark {
  private final Consumer<String> log;
  private final int repeats;

  /**
   * @param log receives one line per figure as it is measured
   * @param repeats timed repetitions per task configuration (the median is reported)
   */
  public Benchmark(Consumer<String> log, int repeats) {
    this.log = log;
    this.repeats = repeats;
  }

  /** Only the grid figures ({@code grid_speedup}, {@code grid_vs_numpy}; see {@link GridBenchmark}). */
  public Map<String, Object> runGrid(int seeds) {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> grid = new GridBenchmark(log, seeds).run();
    out.put("grid_speedup", grid.get("speedup"));
    out.put("grid_vs_numpy", ((Map<?, ?>) grid.get("numpy")).get("grid_vs_numpy"));
    out.put("grid", grid);
    out.put("machine", machine());
    return out;
  }

  /** Only the training step (see {@link TrainBenchmark}), with the gemm peaks it is compared with. */
  public Map<String, Object> runTrain() {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Double> gemm = new LinkedHashMap<>();
    for (Precision p : Precision.values()) {
      gemm.put(p.configName(), gemmGflops(2048, p));
      log.accept(String.format("gemm 2048 x 2048 %-6s %7.1f GFLOP/s", p.configName(), gemm.get(p.configName())));
    }
    out.put("gemm_gflops", gemm);
    out.put("train_step", new TrainBenchmark(log, repeats).run(gemm));
    out.put("machine", machine());
    return out;
  }

  /** Runs every measurement and returns them in the shape `bench --json` prints. */
  public Map<String, Object> run(boolean withSweep) throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Double> gemm = new LinkedHashMap<>();
    for (Precision p : Precision.values()) {
      gemm.put(p.configName(), gemmGflops(2048, p));
      log.accept(String.format("gemm 2048 x 2048 %-6s %7.1f GFLOP/s", p.configName(), gemm.get(p.configName())));
    }
    Map<String, Map<String, Map<String, Double>>> bounds = new LinkedHashMap<>();
    Map<String, Map<String, Double>> taskMs = new LinkedHashMap<>();
    Map<String, Map<String, Double>> taskGflops = new LinkedHashMap<>();
    Map<String, Map<String, Double>> efficiency = new LinkedHashMap<>();
    for (Architecture a : List.of(Architecture.FEEDFORWARD, Architecture.RESNET)) {
      for (Precision p : Precision.values()) {
        TaskSpec spec = spec(a, p, 50, 200);
        double ms = medianTaskMillis(spec);
        double gflops = usefulFlops(spec) / (ms * 1e6);
        taskMs.computeIfAbsent(a.configName(), k -> new LinkedHashMap<>()).put(p.configName(), ms);
        taskGflops.computeIfAbsent(a.configName(), k -> new LinkedHashMap<>()).put(p.configName(), gflops);
        efficiency.computeIfAbsent(a.configName(), k -> new LinkedHashMap<>())
            .put(p.configName(), gflops / gemm.get(p.configName()));
        log.accept(String.format("task %-11s %-6s L=50 N=200 P=256: %7.1f ms, %6.1f GFLOP/s, efficiency %.2f",
            a.configName(), p.configName(), ms, gflops, gflops / gemm.get(p.configName())));
        bounds.computeIfAbsent(a.configName(), k -> new LinkedHashMap<>()).put(p.configName(),
            bound(spec, ms, gemm.get(p.configName())));
      }
    }
    out.put("task_ms", taskMs);
    out.put("task_gflops", taskGflops);
    out.put("gemm_gflops", gemm);
    out.put("efficiency", efficiency);

    Map<String, Double> wide = new LinkedHashMap<>();
    for (Architecture a : List.of(Architecture.FEEDFORWARD, Architecture.RESNET)) {
      TaskSpec spec = spec(a, Precision.DOUBLE, 10, 1000);
      double ms = medianTaskMillis(spec);
      wide.put(a.configName(), usefulFlops(spec) / (ms * 1e6) / gemm.get("double"));
      log.accept(String.format("task %-11s double L=10 N=1000 P=256: %7.1f ms, efficiency %.2f", a.configName(), ms,
          wide.get(a.configName())));
      bounds.computeIfAbsent(a.configName() + "_width_1000", k -> new LinkedHashMap<>()).put("double",
          bound(spec, ms, gemm.get("double")));
    }
    out.put("bounds", bounds);
    out.put("width_1000_efficiency", wide.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow());
    out.put("width_1000", wide);

    out.put("train_step", new TrainBenchmark(log, repeats).run(gemm));

    out.put("path_decomposition", pathDecomposition());

    Map<String, Object> grid = runGrid(GridBenchmark.DEFAULT_SEEDS);
    grid.remove("machine");
    out.putAll(grid);

    if (withSweep) {
      SweepSummary[] s = sweep(2000);
      out.put("sweep_efficiency", s[0].taskShare());
      out.put("sweep_wall_s", s[0].wallSeconds());
      out.put("sweep_task_s", s[0].taskSeconds());
      out.put("sweep_efficiency_repeat", s[1].taskShare());
      log.accept(String.format("sweep of 2000 tasks (L=4, N=64, P=256) on local[*]: %s", s[0].timing()));
      log.accept(String.format("  the same sweep again in the same session (its code compiled): %s", s[1].timing()));
    }

    long[] plan = planMillion();
    out.put("plan_ms", (double) plan[0]);
    out.put("plan_heap_mb", plan[1] / 1048576.0);
    out.put("plan_peak_heap_mb", plan[2] / 1048576.0);
    log.accept(String.format("plan of 1,000,000 tasks: %d ms, heap held %.0f MB (peak with garbage not yet "
        + "collected %.0f MB)", plan[0], plan[1] / 1048576.0, plan[2] / 1048576.0));
    out.put("machine", machine());
    return out;
  }

  /**
   * The cost of {@code path-decomposition}: the median time of the same resnet task (batch norm,
   * frozen, double, N = 200, P = 256) with the option and without, at depths 16 and 50, and their
   * ratio.
   */
  Map<String, Map<String, Double>> pathDecomposition() {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    for (int depth : new int[] {16, 50}) {
      TaskSpec spec = spec(Architecture.RESNET, Precision.DOUBLE, depth, 200);
      double off = medianTaskMillis(spec);
      double on = medianMillis(seed -> TaskMeasurer.measure(spec.withSeed(seed), Networks::build, true));
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("off_ms", off);
      m.put("on_ms", on);
      m.put("ratio", on / off);
      out.put("resnet_L" + depth, m);
      log.accept(String.format("path decomposition, resnet double L=%d N=200 P=256: %7.1f ms against %7.1f ms "
          + "without, ratio %.1f", depth, on, off, on / off));
    }
    return out;
  }

  static TaskSpec spec(Architecture a, Precision p, int depth, int width) {
    return new TaskSpec(a, Normalization.BATCH, GradientMode.FROZEN, p, depth, width, 1.0, 0.0, 256,
        TaskSpec.DEFAULT_INPUT_MIN, TaskSpec.DEFAULT_INPUT_MAX, TaskSpec.DEFAULT_MAX_LAG, 0);
  }

  /** The matrix products of the forward and backward pass: about 4 x depth x width^2 x points. */
  static double usefulFlops(TaskSpec s) {
    return 4.0 * s.depth() * (double) s.width() * s.width() * s.points();
  }

  /**
   * What bounds a task's efficiency, measured in this process: {@code build_ms}, building the
   * network alone (drawing its weights into native memory), and {@code products_ms}, its matrix
   * products alone (the forward-mode products of a frozen task: one (2P x N) by (N x N)^T product
   * per layer matrix, on preallocated arrays). {@code max_efficiency} is the efficiency of a task
   * that did nothing else; {@code other_ms} is the rest of the measured task time (element-wise work,
   * copies, metrics).
   */
  Map<String, Double> bound(TaskSpec spec, double taskMs, double gemmGflops) {
    double buildMs = medianMillis(seed -> Networks.build(spec.withSeed(seed)).close());
    double productsMs = productsMillis(spec);
    Map<String, Double> b = new LinkedHashMap<>();
    b.put("build_ms", buildMs);
    b.put("products_ms", productsMs);
    b.put("other_ms", taskMs - buildMs - productsMs);
    b.put("max_efficiency", usefulFlops(spec) / ((buildMs + productsMs) * 1e6) / gemmGflops);
    log.accept(String.format("  bound: build %.1f ms + products %.1f ms (+ other %.1f ms); with nothing else, "
        + "efficiency %.2f", buildMs, productsMs, taskMs - buildMs - productsMs, b.get("max_efficiency")));
    return b;
  }

  /** Median time of the matrix products of one frozen task, alone (see {@link #bound}). */
  double productsMillis(TaskSpec spec) {
    DataType type = spec.precision() == Precision.DOUBLE ? DataType.DOUBLE : DataType.FLOAT;
    int n = spec.width();
    int matrices = spec.architecture().family().layerMatrices(spec.depth());
    try (INDArray in = Nd4j.rand(type, 2L * spec.points(), n);
        INDArray w = Nd4j.rand(type, n, n).subi(0.5);
        INDArray out = Nd4j.create(type, new long[] {2L * spec.points(), n}, 'c')) {
      return medianMillis(seed -> {
        for (int l = 0; l < matrices; l++) {
          Nd4j.gemm(in, w, out, false, true, 1.0, 0.0);
        }
      });
    }
  }

  /** Median wall time of a whole task (build, gradient, metrics) after warm-up, seeds varying. */
  double medianTaskMillis(TaskSpec spec) {
    return medianMillis(seed -> TaskMeasurer.measure(spec.withSeed(seed), Networks::build));
  }

  /**
   * Median wall time of {@code run}: three warm-up calls (seeds 1000..1002), then {@link #repeats}
   * timed calls with seeds 0, 1, ...
   */
  double medianMillis(java.util.function.LongConsumer run) {
    for (int w = 0; w < 3; w++) {
      run.accept(1000 + w);
    }
    double[] ms = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      long t = System.nanoTime();
      run.accept(r);
      ms[r] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    return ms[repeats / 2];
  }

  /** Best rate of an n x n x n product with Nd4j.gemm into a preallocated result. */
  static double gemmGflops(int n, Precision p) {
    DataType type = p == Precision.DOUBLE ? DataType.DOUBLE : DataType.FLOAT;
    SplittableRandom rng = new SplittableRandom(1);
    double[] values = new double[n * n];
    for (int i = 0; i < values.length; i++) {
      values[i] = rng.nextDouble() - 0.5;
    }
    try (INDArray a = Nd4j.create(values, new long[] {n, n}, type);
        INDArray b = Nd4j.create(values, new long[] {n, n}, type);
        INDArray c = Nd4j.create(type, new long[] {n, n}, 'c')) {
      double best = Double.MAX_VALUE;
      for (int r = 0; r < 5; r++) {
        long t = System.nanoTime();
        Nd4j.gemm(a, b, c, false, true, 1.0, 0.0);
        best = Math.min(best, (System.nanoTime() - t) / 1e9);
      }
      return 2.0 * n * n * (double) n / best / 1e9;
    }
  }

  /**
   * A local-mode sweep of {@code tasks} small networks into a temporary directory, in a session
   * warmed by a tiny sweep; then the same sweep again into another directory (the first run pays
   * for compiling the write path, as a user's first sweep in a fresh JVM does; the second shows the
   * steady state of a long sweep).
   */
  static SweepSummary[] sweep(int tasks) throws IOException {
    Path dir = Files.createTempDirectory("shattered-bench");
    GridAxes axes = new GridAxes(List.of(Architecture.FEEDFORWARD, Architecture.RESNET), List.of(Normalization.BATCH),
        List.of(GradientMode.FROZEN), List.of(Precision.DOUBLE), List.of(256), List.of(0.0), List.of(64),
        List.of(4), List.of(BetaValue.constant(1.0)), seeds(tasks / 2));
    SweepSpec sweep = new SweepSpec("bench", dir.resolve("out").toString(), axes, List.of(), List.of(), -2, 2, 32,
        false, 1000, 3, "bench");
    SparkSession spark = SparkSessions.create(ConfigFactory.parseString("spark.conf {\"spark.ui.enabled\" = false}")
        .withFallback(ConfigFactory.defaultReference()).resolve(), "local[*]", "bench"); // no UI: it measures
    try {
      // warm the session and the engine with a tiny sweep into another directory
      new SweepRunner(spark).run(sweep.withOutput(dir.resolve("warm").toString()).withAxes(axes.withSeeds(seeds(4))),
          SweepRunner.Options.defaults(new MeasuringEngine(), null));
      SweepSummary first = new SweepRunner(spark).run(sweep, SweepRunner.Options.defaults(new MeasuringEngine(), null));
      SweepSummary again = new SweepRunner(spark).run(sweep.withOutput(dir.resolve("again").toString()),
          SweepRunner.Options.defaults(new MeasuringEngine(), null));
      return new SweepSummary[] {first, again};
    } finally {
      spark.stop();
      deleteTree(dir);
    }
  }

  /** Deletes the bench's temporary results (Commons IO, the project's one recursive delete). */
  private static void deleteTree(Path dir) throws IOException {
    org.apache.commons.io.FileUtils.deleteDirectory(dir.toFile());
  }

  private static List<Long> seeds(int n) {
    List<Long> out = new ArrayList<>(n);
    for (long s = 0; s < n; s++) {
      out.add(s);
    }
    return out;
  }

  /**
   * Planning a 1,000,000-task grid as {@code plan} does (every key computed and remembered): time,
   * the heap it holds (live after a full GC, with the plan's key set still reachable), and the peak
   * heap use including garbage the collector had not reclaimed yet.
   */
  static long[] planMillion() {
    GridAxes axes = new GridAxes(List.of(Architecture.FEEDFORWARD, Architecture.RESNET), List.of(Normalization.BATCH,
        Normalization.NONE), List.of(GradientMode.FROZEN), List.of(Precision.DOUBLE), List.of(256), List.of(0.0),
        List.of(100, 200), intRange(1, 125), List.of(BetaValue.constant(1.0)), seeds(1000));
    SweepSpec sweep = new SweepSpec("plan", "unused", axes, List.of(), List.of(), -2, 2, 32, false, 1000, 3, "plan");
    System.gc();
    List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).toList();
    long before = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    long t = System.nanoTime();
    Set<Long> seen = new HashSet<>();
    long[] count = {0};
    sweep.grid().forEach(task -> {
      if (seen.add(task.spec().key().hash64())) {
        count[0]++;
      }
    });
    long ms = (System.nanoTime() - t) / 1_000_000;
    long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    System.gc();
    long live = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
    if (count[0] != 1_000_000 || seen.size() != 1_000_000) {
      throw new IllegalStateException("planned " + count[0] + " tasks, not 1,000,000");
    }
    return new long[] {ms, Math.max(0, live - before), Math.max(0, peak - before)};
  }

  private static List<Integer> intRange(int from, int to) {
    List<Integer> out = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      out.add(i);
    }
    return out;
  }

  /** CPU, cores and library versions. */
  static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpu", cpuModel());
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
    m.put("jvm", Provenance.jvm());
    m.put("nd4j", Provenance.nd4jBuildVersion());
    m.put("openblas", "0.3.19-1.5.7 (org.bytedeco:openblas)");
    m.put("spark", org.apache.spark.package$.MODULE$.SPARK_VERSION());
    m.put("shattered", Provenance.buildVersion());
    return m;
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }
}
