package org.shattered.measure;

import java.util.List;
import org.shattered.spec.TaskKey;
import org.shattered.spec.TaskSpec;

/**
 * Everything measured on one task (one network, one seed). Plain Java values only, so it crosses
 * Spark's serializer; no ND4J array survives the task.
 *
 * @param spec the task's parameters
 * @param key the task's key
 * @param gradient g_p for every input
 * @param acf the mean-centred autocorrelation c_k of g for k = 1..K (element k-1)
 * @param constantGradient true when g is numerically constant (variance below 1e-24 of its mean
 *     square); c_k is then 1 by convention
 * @param gradientMean mean of g over the inputs
 * @param gradientStd population standard deviation of g over the inputs
 * @param predictedCorrelation mean-field prediction prod_l coact_l(k) / active_l for k = 1..K
 * @param layers gate statistics of every ReLU layer, first layer first
 * @param millis compute time of the task (network, gradient and metrics)
 * @param paths the gradient split by path length, or null when not asked for or not a resnet
 */
public record Measurement(TaskSpec spec, TaskKey key, double[] gradient, double[] acf, boolean constantGradient,
    double gradientMean, double gradientStd, double[] predictedCorrelation, List<LayerStats> layers, double millis,
    PathDecomposition paths) {

  public Measurement {
    layers = List.copyOf(layers);
  }

  /** A measurement without the path decomposition. */
  public Measurement(TaskSpec spec, TaskKey key, double[] gradient, double[] acf, boolean constantGradient,
      double gradientMean, double gradientStd, double[] predictedCorrelation, List<LayerStats> layers, double millis) {
    this(spec, key, gradient, acf, constantGradient, gradientMean, gradientStd, predictedCorrelation, layers, millis,
        null);
  }

  /** The energy-weighted mean path length, or null without a path decomposition. */
  public Double meanPathLength() {
    return paths == null ? null : paths.meanPathLength();
  }

  /** c_1. */
  public double acfLag1() {
    return acf[0];
  }

  /** The statistics of the last ReLU layer. */
  public LayerStats lastLayer() {
    return layers.get(layers.size() - 1);
  }
}
