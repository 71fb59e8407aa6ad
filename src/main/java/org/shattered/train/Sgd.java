package org.shattered.train;

import java.util.List;

/**
 * Stochastic gradient descent with heavy-ball momentum, as PyTorch's SGD: v = m v + g, w = w - lr v
 * (v starts at 0; no weight decay, no dampening), each new weight rounded to the network's precision.
 */
final class Sgd {
  private final double learningRate;
  private final double momentum;
  private double[][] velocity;

  Sgd(double learningRate, double momentum) {
    this.learningRate = learningRate;
    this.momentum = momentum;
  }

  /** One step on the gradients of the network's last backward pass. */
  void step(TrainNet net) {
    List<double[]> w = net.parameters();
    List<double[]> g = net.gradients();
    if (velocity == null) {
      velocity = new double[w.size()][];
      for (int i = 0; i < velocity.length; i++) {
        velocity[i] = new double[w.get(i).length];
      }
    }
    for (int m = 0; m < velocity.length; m++) {
      double[] v = velocity[m];
      double[] wm = w.get(m);
      double[] gm = g.get(m);
      for (int i = 0; i < v.length; i++) {
        v[i] = net.round(momentum * v[i] + gm[i]);
        wm[i] = net.round(wm[i] - learningRate * v[i]);
      }
    }
    net.sync();
  }
}
