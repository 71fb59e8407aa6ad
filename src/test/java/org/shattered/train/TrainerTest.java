package org.shattered.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.shattered.data.ImageSet;
import org.shattered.data.Scaling;
import org.shattered.spec.Normalization;
import org.shattered.spec.Precision;
import org.shattered.spec.SpecException;

/** Training on a small synthetic task the tests make: learning, determinism, divergence, evaluation statistics. */
class TrainerTest {
  /** Images of 16 pixels whose class (of 10) is written in their brightness pattern, plus noise. */
  static TrainingData synthetic(int train, int test) {
    return new TrainingData(images(train, 1), images(test, 2), new Scaling(0.5, 0.3), 10);
  }

  static ImageSet images(int count, long seed) {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
    byte[] px = new byte[count * 16];
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      int c = rnd.nextInt(10);
      labels[i] = (byte) c;
      for (int j = 0; j < 16; j++) {
        int base = ((c * 7 + j * 3) % 10) * 25;
        px[i * 16 + j] = (byte) Math.max(0, Math.min(255, base + rnd.nextInt(40) - 20));
      }
    }
    return new ImageSet(px, labels, 16);
  }

  static TrainSpec spec(Family f, Normalization n, double lr, int steps) {
    return new TrainSpec(f, n, Precision.DOUBLE, 4, 16, 1.0, 0, lr, 0.9, 32, steps, 20);
  }

  @Test
  void learnsTheSyntheticTaskAndRecordsCheckpoints() {
    TrainResult r = Trainer.run(spec(Family.RESNET, Normalization.BATCH, 0.05, 60), synthetic(600, 300));
    assertFalse(r.diverged());
    assertEquals(4, r.checkpoints().size()); // steps 0, 20, 40, 60
    assertEquals(60, r.last().step());
    assertTrue(r.initial().testAccuracy() < 0.4, "at init " + r.initial().testAccuracy());
    assertTrue(r.last().testAccuracy() > 0.9, "after training " + r.last().testAccuracy());
    assertTrue(r.last().trainLoss() < r.initial().trainLoss());
    assertEquals(4, r.last().layers().size());
    assertEquals(32, r.last().lineAcf().length);
  }

  @Test
  void sameSpecSameBits() {
    TrainingData data = synthetic(300, 200);
    for (Family f : Family.values()) {
      TrainSpec s = spec(f, Normalization.BATCH, 0.02, 25);
      TrainResult a = Trainer.run(s, data);
      TrainResult b = Trainer.run(s, data);
      for (int i = 0; i < a.checkpoints().size(); i++) {
        Checkpoint x = a.checkpoints().get(i);
        Checkpoint y = b.checkpoints().get(i);
        assertEquals(Double.doubleToRawLongBits(x.testLoss()), Double.doubleToRawLongBits(y.testLoss()));
        assertEquals(Double.doubleToRawLongBits(x.trainLoss()), Double.doubleToRawLongBits(y.trainLoss()),
            "" + x.trainLoss() + " " + y.trainLoss());
        assertArrayEquals(x.lineAcf(), y.lineAcf());
        assertEquals(x.layers(), y.layers());
      }
      assertNotEquals(a.last().testLoss(), Trainer.run(s.withSeed(1), data).last().testLoss());
    }
  }

  @Test
  void aNonFiniteLossEndsTheTaskAsAResult() {
    TrainResult r = Trainer.run(spec(Family.FEEDFORWARD, Normalization.NONE, 1e6, 50), synthetic(300, 200));
    assertTrue(r.diverged());
    assertTrue(r.divergedAtStep() >= 1 && r.divergedAtStep() <= 50, "" + r.divergedAtStep());
    assertTrue(Double.isFinite(r.last().testLoss()) || r.last().step() == 0);
  }

  @Test
  void batchLargerThanTheTrainingSetIsRefused() {
    TrainSpec s = new TrainSpec(Family.RESNET, Normalization.NONE, Precision.DOUBLE, 2, 8, 1.0, 0, 0.1, 0.9, 301, 5,
        5);
    SpecException e = assertThrows(SpecException.class, () -> Trainer.run(s, synthetic(300, 100)));
    assertEquals("batch-size", e.key());
  }

  @Test
  void evaluationUsesStatisticsRecomputedOnTheFirstTrainingImages() {
    TrainingData data = synthetic(300, 200);
    TrainSpec s = spec(Family.FEEDFORWARD, Normalization.BATCH, 0.02, 1);
    try (TrainNet net = TrainNet.build(s, 16, 10)) {
      Probe probe = new Probe(data);
      TrainNet.Statistics stats = probe.evaluationStatistics(net); // all 300 (fewer than 2048)
      // the same images as one batch in training mode: evaluation with those statistics gives the same logits
      TrainNet.Pass batch = net.pass(300, true);
      batch.input(data.scaling().rows(data.train(), 0, 300));
      net.forward(batch, null);
      double[] trainingMode = batch.logits.clone();
      net.forward(batch, stats);
      assertArrayEquals(trainingMode, batch.logits);
      // and other images' statistics give other logits
      TrainNet.Pass other = net.pass(200, true);
      other.input(data.scaling().rows(data.test(), 0, 200));
      net.forward(other, null);
      net.forward(batch, other.statistics());
      assertFalse(java.util.Arrays.equals(trainingMode, batch.logits));
      double[] viaProbe = probe.evaluate(net, data.train(), 300, stats);
      long[] correct = new long[1];
      int[] labels = new int[300];
      for (int i = 0; i < 300; i++) {
        labels[i] = data.train().label(i);
      }
      double loss = Softmax.loss(trainingMode, 300, 10, labels, null, 0, correct) / 300;
      assertEquals(loss, viaProbe[0], 1e-12);
      assertEquals(correct[0] / 300.0, viaProbe[1]);
    }
  }
}
