package org.shattered.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.shattered.spec.Normalization;
import org.shattered.spec.Precision;
import org.shattered.train.Family;
import org.shattered.train.TrainSpec;
import org.shattered.train.TrainingStep;

/**
 * One training step (docs/training.md, Performance): depth 50, width 200, batch 128, 784 inputs, 10
 * classes, feedforward with batch norm, double and float, on random inputs (no dataset needed). For
 * each: the median step time, the useful GFLOP/s of its matrix products ({@link
 * TrainingStep#usefulFlops}) and that against the gemm peak measured in this process, and the bound:
 * the same products alone on preallocated native matrices ({@code products_ms}), the rest being
 * element-wise work in Java and copies between Java and native memory ({@code other_ms}).
 */
final class TrainBenchmark {
  static final int DEPTH = 50;
  static final int WIDTH = 200;
  static final int BATCH = 128;
  static final int DIM = 784;

  private final Consumer<String> log;
  private final int repeats;

  TrainBenchmark(Consumer<String> log, int repeats) {
    this.log = log;
    this.repeats = repeats;
  }

  Map<String, Object> run(Map<String, Double> gemmPeak) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Precision p : Precision.values()) {
      TrainSpec spec = new TrainSpec(Family.FEEDFORWARD, Normalization.BATCH, p, DEPTH, WIDTH, 1.0, 0, 1e-3, 0.9,
          BATCH, 1, 1);
      SplittableRandom rnd = new SplittableRandom(7);
      double[] x = new double[BATCH * DIM];
      int[] labels = new int[BATCH];
      for (int i = 0; i < x.length; i++) {
        x[i] = rnd.nextGaussian();
      }
      for (int i = 0; i < BATCH; i++) {
        labels[i] = rnd.nextInt(10);
      }
      double ms;
      double flops;
      try (TrainingStep step = new TrainingStep(spec, DIM, 10)) {
        flops = step.usefulFlops();
        ms = median(() -> step.run(x, labels));
      }
      double products = productsMillis(p);
      double gflops = flops / (ms * 1e6);
      double peak = gemmPeak.get(p.configName());
      Map<String, Double> f = new LinkedHashMap<>();
      f.put("step_ms", ms);
      f.put("gflops", gflops);
      f.put("efficiency", gflops / peak);
      f.put("products_ms", products);
      f.put("other_ms", ms - products);
      f.put("max_efficiency", flops / (products * 1e6) / peak);
      out.put(p.configName(), f);
      log.accept(String.format("train step feedforward/batch %-6s L=50 N=200 B=128: %7.1f ms, %6.1f GFLOP/s, "
          + "efficiency %.2f (products alone %.1f ms: at most %.2f)", p.configName(), ms, gflops, gflops / peak,
          products, f.get("max_efficiency")));
    }
    return out;
  }

  /** The step's products alone: per layer matrix B x N x N forward and two backward, the stem's two. */
  private double productsMillis(Precision p) {
    DataType t = p == Precision.DOUBLE ? DataType.DOUBLE : DataType.FLOAT;
    try (INDArray a = Nd4j.rand(t, BATCH, WIDTH); INDArray w = Nd4j.rand(t, WIDTH, WIDTH);
        INDArray z = Nd4j.create(t, new long[] {BATCH, WIDTH}, 'c');
        INDArray gw = Nd4j.create(t, new long[] {WIDTH, WIDTH}, 'c');
        INDArray x = Nd4j.rand(t, BATCH, DIM); INDArray w0 = Nd4j.rand(t, WIDTH, DIM);
        INDArray gw0 = Nd4j.create(t, new long[] {WIDTH, DIM}, 'c')) {
      return median(() -> {
        Nd4j.gemm(x, w0, z, false, true, 1.0, 0.0);
        Nd4j.gemm(z, x, gw0, true, false, 1.0, 0.0);
        for (int l = 0; l < DEPTH - 1; l++) {
          Nd4j.gemm(a, w, z, false, true, 1.0, 0.0);
          Nd4j.gemm(z, a, gw, true, false, 1.0, 0.0);
          Nd4j.gemm(z, w, a, false, false, 1.0, 0.0);
        }
      });
    }
  }

  /** Median of {@code repeats} timed calls after three warm-up calls, in milliseconds. */
  private double median(Runnable r) {
    for (int i = 0; i < 3; i++) {
      r.run();
    }
    double[] ms = new double[repeats];
    for (int i = 0; i < repeats; i++) {
      long t = System.nanoTime();
      r.run();
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    return ms[repeats / 2];
  }
}
