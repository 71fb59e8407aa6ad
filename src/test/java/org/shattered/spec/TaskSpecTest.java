package org.shattered.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TaskSpecTest {

  @Test
  void keyIsStableAndIgnoresBetaWhereItDoesNotApply() {
    TaskSpec a = TaskSpec.of(Architecture.FEEDFORWARD, Normalization.BATCH, 8, 200, 1.0, 3);
    TaskSpec b = TaskSpec.of(Architecture.FEEDFORWARD, Normalization.BATCH, 8, 200, 0.5, 3);
    assertEquals(a, b);
    assertEquals(a.key(), b.key());
    assertEquals(24, a.key().value().length());
    // the key of a fixed spec never changes between builds: it names rows already on disk
    assertEquals(TaskKey.of(a).value(), a.key().value());
    assertNotEquals(a.key(), a.withSeed(4).key());
    assertNotEquals(a.key().hash64(), a.withSeed(4).key().hash64());
    TaskSpec r1 = TaskSpec.of(Architecture.RESNET, Normalization.BATCH, 8, 200, 1.0, 3);
    TaskSpec r2 = TaskSpec.of(Architecture.RESNET, Normalization.BATCH, 8, 200, 0.5, 3);
    assertNotEquals(r1.key(), r2.key());
  }

  @Test
  void weightsAreSharedByTasksThatDifferOnlyInHowTheNetworkIsRunOrNormalized() {
    TaskSpec a = TaskSpec.of(Architecture.RESNET, Normalization.BATCH, 8, 20, 1.0, 3);
    assertEquals(a.weightSeed(), a.withPrecision(Precision.FLOAT).withGradientMode(GradientMode.THROUGH_BATCH)
        .withBiasStd(0.5).weightSeed());
    assertEquals(a.weightSeed(), TaskSpec.of(Architecture.RESNET, Normalization.NONE, 8, 20, 0.5, 3).weightSeed());
    assertNotEquals(a.weightSeed(), a.withSeed(4).weightSeed());
    assertNotEquals(a.weightSeed(), TaskSpec.of(Architecture.RESNET, Normalization.BATCH, 9, 20, 1.0, 3).weightSeed());
    assertNotEquals(a.weightSeed(), TaskSpec.of(Architecture.FEEDFORWARD, Normalization.BATCH, 8, 20, 1.0, 3)
        .weightSeed());
  }

  @Test
  void inputsAreTheLinspace() {
    double[] x = TaskSpec.of(Architecture.FEEDFORWARD, Normalization.BATCH, 1, 2, 1, 0).withPoints(5, 4).inputs();
    assertEquals(-2.0, x[0]);
    assertEquals(-1.0, x[1]);
    assertEquals(0.0, x[2]);
    assertEquals(2.0, x[4]);
  }

  @Test
  void badValuesNameTheirKey() {
    assertEquals("depth", assertThrows(SpecException.class,
        () -> TaskSpec.of(Architecture.FEEDFORWARD, Normalization.BATCH, 0, 2, 1, 0)).key());
    assertEquals("width", assertThrows(SpecException.class,
        () -> TaskSpec.of(Architecture.FEEDFORWARD, Normalization.BATCH, 1, 0, 1, 0)).key());
    assertEquals("beta", assertThrows(SpecException.class,
        () -> TaskSpec.of(Architecture.RESNET, Normalization.BATCH, 1, 2, Double.NaN, 0)).key());
    assertEquals("max-lag", assertThrows(SpecException.class,
        () -> TaskSpec.of(Architecture.RESNET, Normalization.BATCH, 1, 2, 1, 0).withPoints(10, 10)).key());
    assertEquals("architecture", assertThrows(SpecException.class,
        () -> Architecture.parse("architecture", "cnn")).key());
  }
}
