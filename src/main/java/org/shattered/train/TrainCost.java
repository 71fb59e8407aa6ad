package org.shattered.train;

/**
 * The estimated compute time of a training task on one core ({@code plan}, the partitions' balance,
 * the progress line's remaining time). The model: a step costs about 3 forward passes of its batch
 * (the forward pass, and the backward pass's two products per matrix); a checkpoint costs the
 * forward passes of its evaluation (all 10,000 test images, the 10,000 training images of the
 * training accuracy, the 2,048 images of the batch-norm statistics) plus 3 passes of the 384 probe
 * inputs (the line's 256 points and the set's 128 images, with their input gradients). A forward
 * pass of one image costs 2 flops per weight (784 x N for the stem, N x N per further layer, or
 * N x 2N behind a concatenated ReLU, and the readout's N x 10, or 2N x 10). Steps run at
 * {@link #STEP_FLOPS}, evaluation at {@link #EVALUATION_FLOPS} (its per-image statistics and gate
 * counts are element-wise Java work), and batch norm multiplies both by {@link #BATCH_NORM_FACTOR}
 * (its forward and backward passes are element-wise Java work too); each checkpoint and each task
 * has a fixed cost besides. The rates were measured on this
 * 2-core machine while it was shared with other jobs (docs/training.md): width-100 products are far
 * too small for the blocked kernels' full rate, so they are well below the GEMM peak; on a quiet
 * machine tasks take about half as long.
 */
public final class TrainCost {
  /** Effective rate of whole SGD steps, per core, at width 100 without batch norm. */
  public static final double STEP_FLOPS = 11e9;
  /** Effective rate of a checkpoint's evaluation and probe, per core. */
  public static final double EVALUATION_FLOPS = 5.5e9;
  /** How much longer a network with batch norm takes (measured: 2.0-2.4 at depth 20). */
  public static final double BATCH_NORM_FACTOR = 2.2;
  /** Fixed cost per task (the probe's set-up, the rows). */
  public static final double SECONDS_PER_TASK = 0.2;
  /** Fixed cost per checkpoint (scaling its 22,048 evaluated images into doubles; measured at width 8). */
  public static final double SECONDS_PER_CHECKPOINT = 0.5;
  /** Images forwarded by one checkpoint's evaluation: test set, training subset, statistics images. */
  public static final int EVALUATED_IMAGES = 10_000 + Probe.TRAIN_SUBSET + Probe.STATISTICS_IMAGES;
  /** Probe inputs (line points and set images), each costing about 3 passes with its gradients. */
  public static final int PROBE_IMAGES = Probe.LINE_POINTS + Probe.SET_IMAGES;

  private TrainCost() {
  }

  /** Flops of one image's forward pass through {@code s}'s network on {@code dim} inputs and 10 classes. */
  public static double forwardFlops(TrainSpec s, int dim) {
    double fanIn = s.family().concatenated() ? 2.0 * s.width() : s.width();
    return 2.0 * (dim * (double) s.width() + (s.depth() - 1) * fanIn * s.width() + fanIn * 10);
  }

  /** Checkpoints of a task: step 0, every {@code checkpoint-every} steps, and the last step. */
  public static int checkpoints(TrainSpec s) {
    return 1 + s.steps() / s.checkpointEvery() + (s.steps() % s.checkpointEvery() == 0 ? 0 : 1);
  }

  /** Estimated seconds of {@code s} on one core, 784 inputs (the model above). */
  public static double seconds(TrainSpec s) {
    double f = forwardFlops(s, 784);
    double steps = 3.0 * s.batchSize() * s.steps() * f / STEP_FLOPS;
    double evaluation = checkpoints(s) * (EVALUATED_IMAGES + 3.0 * PROBE_IMAGES) * f / EVALUATION_FLOPS;
    double factor = s.normalization() == org.shattered.spec.Normalization.BATCH ? BATCH_NORM_FACTOR : 1;
    return factor * (steps + evaluation) + checkpoints(s) * SECONDS_PER_CHECKPOINT + SECONDS_PER_TASK;
  }
}
