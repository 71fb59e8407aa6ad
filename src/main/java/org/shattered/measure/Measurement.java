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
 * @param gradient g_p for every input: P values for line inputs, P x d point-major for sphere inputs
 * @param acf the mean-centred autocorrelation c_k of g over the line's point order for k = 1..K
 *     (element k-1); null for sphere inputs, whose point order means nothing
 * @param constantGradient true when g is numerically constant across the inputs (variance below
 *     1e-24 of its mean square, per coordinate for sphere inputs); c_k is then 1 by convention
 * @param gradientMean mean of g over the inputs (over all P x d values for sphere inputs)
 * @param gradientStd population standard deviation of g over the inputs (likewise)
 * @param predictedCorrelation mean-field prediction at lags k = 1..K (see {@link MeanFieldPrediction})
 * @param layers gate statistics of every ReLU layer, first layer first
 * @param millis compute time of the task (network, gradient and metrics)
 * @param paths the gradient split by path length, or null when not asked for or not a resnet
 * @param pairCosine mean over pairs p &lt; q of the cosine between g_p and g_q ({@link PairCosine})
 * @param predictedPairCorrelation mean-field prediction over all pairs ({@link MeanFieldPrediction})
 * @param precisionLossBits bits of precision the forward pass loses to batch norm ({@link PrecisionLoss})
 * @param precisionFlag precisionLossBits above {@link PrecisionLoss#FLAG_BITS}: gates, gains and a
 *     "constant" gradient may be rounding noise
 * @param meanFieldPairCorrelation the mean-field theory's prediction of the pair correlation from
 *     the task's parameters ({@link MeanFieldPairCorrelation}); NaN where it does not apply
 *
 * <p>Equality is identity (the record's own equals on its arrays): one task's result; {@link MeasurementDifference} compares two component by component, bit for bit, except the timing.
 */
public record Measurement(TaskSpec spec, TaskKey key, double[] gradient, double[] acf, boolean constantGradient,
    double gradientMean, double gradientStd, double[] predictedCorrelation, List<LayerStats> layers, double millis,
    PathDecomposition paths, double pairCosine, double predictedPairCorrelation, double precisionLossBits,
    boolean precisionFlag, double meanFieldPairCorrelation) {

  public Measurement {
    layers = List.copyOf(layers);
  }

  /** The same measurement with another {@code millis} (its share of work done for several tasks). */
  public Measurement withMillis(double newMillis) {
    return new Measurement(spec, key, gradient, acf, constantGradient, gradientMean, gradientStd,
        predictedCorrelation, layers, newMillis, paths, pairCosine, predictedPairCorrelation, precisionLossBits,
        precisionFlag, meanFieldPairCorrelation);
  }

  /** The energy-weighted mean path length, or null without a path decomposition. */
  public Double meanPathLength() {
    return paths == null ? null : paths.meanPathLength();
  }

  /** c_1, or NaN for sphere inputs (no autocorrelation). */
  public double acfLag1() {
    return acf == null ? Double.NaN : acf[0];
  }

  /** The statistics of the last ReLU layer. */
  public LayerStats lastLayer() {
    return layers.get(layers.size() - 1);
  }
}
