package org.shattered.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.shattered.spec.SpecException;

/**
 * Runs one training task (docs/science.md, Training): SGD with momentum on mini-batches of the
 * training images in an order drawn from the task's order seed (a fresh Fisher-Yates permutation
 * per epoch from one {@link SplittableRandom}; an epoch's last partial batch is skipped), with a
 * {@link Checkpoint} at step 0, every {@code checkpoint-every} steps and at the last step. A
 * non-finite batch loss stops the task: a result with {@code divergedAtStep}, not a failure.
 * Deterministic: the same spec and data give the same bits in any thread or process.
 */
public final class Trainer {
  /** Batch losses averaged into a checkpoint's training loss. */
  static final int RECENT = 50;

  private Trainer() {}

  /** Refuses a batch larger than the training set (the other values are checked by {@link TrainSpec}). */
  public static void check(TrainSpec spec, TrainingData data) {
    SpecException.require(spec.batchSize() <= data.train().count(), "batch-size", spec.batchSize(),
        "an integer from 1 to the training set's " + data.train().count() + " images");
  }

  public static TrainResult run(TrainSpec spec, TrainingData data) {
    check(spec, data);
    long start = System.nanoTime();
    Probe probe = new Probe(data);
    List<Checkpoint> checkpoints = new ArrayList<>();
    int diverged = -1;
    try (TrainingStep sgd = new TrainingStep(spec, data.dim(), data.classes())) {
      TrainNet net = sgd.net;
      checkpoints.add(probe.checkpoint(net, 0, Double.NaN));
      int n = data.train().count();
      int batch = spec.batchSize();
      int perEpoch = n / batch;
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      SplittableRandom rng = new SplittableRandom(spec.orderSeed());
      int cursor = perEpoch;
      double[] recent = new double[RECENT];
      int[] labels = new int[batch];
      double[] x = new double[batch * data.dim()];
      for (int step = 1; step <= spec.steps(); step++) {
        if (cursor == perEpoch) {
          shuffle(order, rng);
          cursor = 0;
        }
        int from = cursor * batch;
        cursor++;
        data.scaling().rows(data.train(), order, from, batch, x);
        for (int r = 0; r < batch; r++) {
          labels[r] = data.train().label(order[from + r]);
        }
        double loss = sgd.run(x, labels);
        if (!Double.isFinite(loss)) {
          diverged = step;
          break;
        }
        recent[(step - 1) % RECENT] = loss;
        if (step % spec.checkpointEvery() == 0 || step == spec.steps()) {
          checkpoints.add(probe.checkpoint(net, step, mean(recent, Math.min(step, RECENT))));
        }
      }
    }
    return new TrainResult(spec, checkpoints, diverged, (System.nanoTime() - start) / 1e6);
  }

  private static double mean(double[] v, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += v[i];
    }
    return s / n;
  }

  /** Fisher-Yates, drawing j uniform in [0, i] for i = n-1 .. 1. */
  static void shuffle(int[] a, SplittableRandom rng) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
