package org.shattered.net;

import java.util.List;

/**
 * One forward and backward pass over the task's inputs.
 *
 * @param outputs y_p for every input (length P)
 * @param gradient g_p = dy/dx at every input, per the spec's gradient mode: P values for line inputs,
 *     P x d for inputs in R^d, point-major (g_p's d coordinates at p * d .. p * d + d - 1)
 * @param gates the gate matrix of every ReLU layer, first layer first (length L)
 * @param gains the batch-norm gains 1 / sqrt(var + eps) of every normalized layer, one value per
 *     normalized unit (N), first layer first; empty without normalization
 *
 * <p>Equality is identity (the record's own equals on its arrays): a pass's result, owned by the task that made it and never compared; tests compare its arrays.
 */
public record Backprop(double[] outputs, double[] gradient, List<GateMatrix> gates, List<double[]> gains) {
  public Backprop {
    gates = List.copyOf(gates);
    gains = List.copyOf(gains);
  }

  /** A pass without normalization gains. */
  public Backprop(double[] outputs, double[] gradient, List<GateMatrix> gates) {
    this(outputs, gradient, gates, List.of());
  }
}
