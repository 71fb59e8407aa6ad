package org.shattered.train;

/**
 * One SGD step of a network on one batch: forward with the batch's statistics, softmax
 * cross-entropy, backward through the statistics, the momentum update. Shared by {@link Trainer}
 * and the benchmark, which times it.
 */
public final class TrainingStep implements AutoCloseable {
  final TrainNet net;
  private final Sgd sgd;
  private final TrainNet.Pass pass;
  private final double[] dLogits;
  private final int batch;

  /** The step of {@code spec}'s network at initialization, on inputs in R^dim. */
  public TrainingStep(TrainSpec spec, int dim, int classes) {
    this(TrainNet.build(spec, dim, classes), spec);
  }

  TrainingStep(TrainNet net, TrainSpec spec) {
    this.net = net;
    sgd = new Sgd(spec.learningRate(), spec.momentum());
    batch = spec.batchSize();
    pass = net.pass(batch, true);
    dLogits = new double[batch * net.classes];
  }

  /**
   * One step on inputs {@code x} (batch x d) with {@code labels}; returns the batch's mean loss. A
   * non-finite loss changes nothing (no backward pass, no update).
   */
  public double run(double[] x, int[] labels) {
    pass.input(x);
    net.forward(pass, null);
    double loss = Softmax.loss(pass.logits, batch, net.classes, labels, dLogits, 1.0 / batch, null) / batch;
    if (Double.isFinite(loss)) {
      net.backward(pass, dLogits, true, true, null, null);
      sgd.step(net);
    }
    return loss;
  }

  /**
   * The floating-point operations of the step's matrix products, 2 m n k each: per layer matrix
   * (N x N, or N x 2N) the forward product and the two backward ones (dW and dA; feedforward's first
   * matrix needs dA too), the stem's forward product and its dW (no input gradient in training).
   * Element-wise work and the readout (10 classes) are left out.
   */
  public double usefulFlops() {
    double layer = 2.0 * batch * net.width * net.actWidth;
    return net.w.length * 3 * layer + 2 * 2.0 * batch * net.dim * net.width;
  }

  @Override
  public void close() {
    net.close();
  }
}
