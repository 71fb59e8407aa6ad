package org.shattered.net;

import java.util.List;

/**
 * One forward and backward pass over the task's inputs.
 *
 * @param outputs y_p for every input (length P)
 * @param gradient g_p = dy/dx at every input (length P), per the spec's gradient mode
 * @param gates the gate matrix of every ReLU layer, first layer first (length L)
 */
public record Backprop(double[] outputs, double[] gradient, List<GateMatrix> gates) {
  public Backprop {
    gates = List.copyOf(gates);
  }
}
