package org.shattered.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TaskSpecTest {

  @Test
  void keyIsStableAndIgnoresBetaWhereItDoesNotApply() {
    TaskSpec a = TaskSpec.of(Architecture.FEEDFORWARD, Normalization.BATCH, 8, 200, 1.0, 3);
    TaskSpec b = TaskSpec.of(Architecture.FEEDFORWARD, Normalization.BATCH, 8, 200, 0.5, 3);
    assertEquals(a, b);
    assertEquals(a.key(), b.key());
    assertEquals(24, a.key().value().length());
    assertNotEquals(a.key(), a.withSeed(4).key());
    assertNotEquals(a.key().hash64(), a.withSeed(4).key().hash64());
    TaskSpec r1 = TaskSpec.of(Architecture.RESNET, Normalization.BATCH, 8, 200, 1.0, 3);
    TaskSpec r2 = TaskSpec.of(Architecture.RESNET, Normalization.BATCH, 8, 200, 0.5, 3);
    assertNotEquals(r1.key(), r2.key());
  }

  /**
   * The key of a fixed spec never changes between builds without an engine version bump: it names
   * rows already on disk. Golden values taken at engine version 6, weights version 3.
   */
  @Test
  void keyAndWeightSeedOfAFixedSpecAreGolden() throws Exception {
    TaskSpec spec = TaskSpec.of(Architecture.RESNET, Normalization.BATCH, 50, 200, 1.0, 3);
    Golden.requireEngineVersion("the key of " + spec.label());
    Golden.assertGolden("v6;architecture=resnet;normalization=batch;gradient-mode=frozen;precision=double;depth=50;"
        + "width=200;beta=1.0;bias-std=0.0;points=256;input-min=-2.0;input-max=2.0;max-lag=32;seed=3",
        spec.canonical(), "the canonical text of " + spec.label(), "ENGINE_VERSION");
    Golden.assertGolden("5083c7cbab3437c3930dc407", spec.key().value(), "the key of " + spec.label(),
        "ENGINE_VERSION");
    // the definition, computed here without TaskKey: the first 96 bits of SHA-256 of the canonical text
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(spec.canonical().getBytes(StandardCharsets.UTF_8));
    assertEquals(HexFormat.of().formatHex(digest, 0, 12), spec.key().value());
    assertEquals(ByteBuffer.wrap(digest).getLong(), spec.key().hash64());

    Golden.requireWeightsVersion("the weight seed of " + spec.label());
    Golden.assertGolden("-6655710114122947549", Long.toString(spec.weightSeed()),
        "the weight seed of " + spec.label(), "WEIGHTS_VERSION");
    byte[] weights = MessageDigest.getInstance("SHA-256")
        .digest("v3;weights;architecture=resnet;width=200;seed=3".getBytes(StandardCharsets.UTF_8));
    assertEquals(ByteBuffer.wrap(weights).getLong(), spec.weightSeed());
  }

  @Test
  void weightsAreSharedByTasksThatDifferOnlyInHowTheNetworkIsRunOrNormalized() {
    TaskSpec a = TaskSpec.of(Architecture.RESNET, Normalization.BATCH, 8, 20, 1.0, 3);
    assertEquals(a.weightSeed(), a.withPrecision(Precision.FLOAT).withGradientMode(GradientMode.THROUGH_BATCH)
        .withBiasVariance(0.5).weightSeed());
    assertEquals(a.weightSeed(), TaskSpec.of(Architecture.RESNET, Normalization.NONE, 8, 20, 0.5, 3).weightSeed());
    assertNotEquals(a.weightSeed(), a.withSeed(4).weightSeed());
    // weights nest by depth: every depth of the same architecture, width and seed shares the seed
    assertEquals(a.weightSeed(), TaskSpec.of(Architecture.RESNET, Normalization.BATCH, 9, 20, 1.0, 3).weightSeed());
    assertNotEquals(a.weightSeed(), TaskSpec.of(Architecture.RESNET, Normalization.BATCH, 8, 21, 1.0, 3).weightSeed());
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

  @Test
  void lineTasksKeepTheirCanonicalTextAndSphereTasksAddTheirInputs() {
    TaskSpec line = TaskSpec.of(Architecture.RESNET, Normalization.BATCH, 8, 200, 1.0, 3);
    assertEquals("v" + TaskKey.ENGINE_VERSION + ";architecture=resnet;normalization=batch;gradient-mode=frozen;"
        + "precision=double;depth=8;width=200;beta=1.0;bias-std=0.0;points=256;input-min=-2.0;input-max=2.0;"
        + "max-lag=32;seed=3", line.canonical());
    // a golden key of engine 6 (SHA-256 of the text above, computed outside Java): it names rows on disk
    assertEquals(6, TaskKey.ENGINE_VERSION);
    assertEquals(GOLDEN_LINE_KEY, line.key().value());
    TaskSpec sphere = line.withInputs(InputKind.SPHERE, 100, 7);
    assertEquals(line.canonical() + ";inputs=sphere;input-dim=100;input-seed=7", sphere.canonical());
    assertNotEquals(sphere.key(), line.withInputs(InputKind.SPHERE, 100, 8).key());
    assertNotEquals(sphere.key(), line.withInputs(InputKind.SPHERE, 50, 7).key());
    assertEquals(line, line.withInputs(InputKind.LINE, 1, 0));
  }

  static final String GOLDEN_LINE_KEY = "60f41b3c07eeec6200a3032c";

  @Test
  void sphereInputsShareWeightsAcrossInputSeedsAndPointsButNotDimensions() {
    TaskSpec a = TaskSpec.of(Architecture.FEEDFORWARD, Normalization.BATCH, 4, 20, 1.0, 3)
        .withInputs(InputKind.SPHERE, 100, 0);
    assertEquals(a.weightSeed(), a.withInputs(InputKind.SPHERE, 100, 9).withPoints(128, 32).weightSeed());
    assertNotEquals(a.weightSeed(), a.withInputs(InputKind.SPHERE, 50, 0).weightSeed());
    TaskSpec line = TaskSpec.of(Architecture.FEEDFORWARD, Normalization.BATCH, 4, 20, 1.0, 3);
    assertEquals(line.weightSeed(), TaskSpec.of(Architecture.FEEDFORWARD, Normalization.NONE, 4, 20, 1.0, 3)
        .weightSeed());
    assertEquals(a.inputPointsSeed(), TaskSpec.of(Architecture.RESNET, Normalization.NONE, 9, 7, 0.5, 11)
        .withInputs(InputKind.SPHERE, 100, 0).inputPointsSeed(), "points depend on (input seed, d, P) only");
    assertNotEquals(a.inputPointsSeed(), a.withInputs(InputKind.SPHERE, 100, 1).inputPointsSeed());
    assertThrows(IllegalStateException.class, a::inputs);
  }

  @Test
  void badInputsNameTheirKey() {
    TaskSpec line = TaskSpec.of(Architecture.FEEDFORWARD, Normalization.BATCH, 4, 20, 1.0, 3);
    assertEquals("input-dim", assertThrows(SpecException.class, () -> line.withInputs(InputKind.LINE, 2, 0)).key());
    assertEquals("input-dim", assertThrows(SpecException.class, () -> line.withInputs(InputKind.SPHERE, 1, 0)).key());
    assertEquals("input-dim", assertThrows(SpecException.class, () -> line.withInputs(InputKind.SPHERE, 0, 0)).key());
    assertEquals("input-seed", assertThrows(SpecException.class, () -> line.withInputs(InputKind.SPHERE, 5, -1)).key());
    assertEquals("inputs", assertThrows(SpecException.class, () -> line.withInputs(null, 1, 0)).key());
    assertEquals("points", assertThrows(SpecException.class,
        () -> line.withInputs(InputKind.SPHERE, 5, 0).withPoints(2, 1)).key());
  }

  /**
   * sigma_w^2 = 2 is the baseline of the key and label, fixed in TaskSpec; the grid's default axis in
   * reference.conf must hold the same value, or a default sweep would write keys with
   * weight-variance in them. The other defaults are read from reference.conf.
   */
  @Test
  void theDefaultWeightVarianceIsReferenceConfs() {
    assertEquals(TaskSpec.DEFAULT_WEIGHT_VARIANCE, Double.parseDouble(Defaults.gridAxis("weight-variance")));
  }

  /** Every copy of a spec by its builder is the spec; a changed value is checked as the constructor checks it. */
  @Test
  void theBuilderCopiesEveryValueAndChecksTheChange() {
    TaskSpec a = new TaskSpec(Architecture.RESNET, Normalization.NONE, GradientMode.THROUGH_BATCH, Precision.FLOAT, 7,
        33, 0.25, 0.5, 40, -1.5, 3.0, 9, 11, InputKind.SPHERE, 5, 13, ActivationSpec.parse("activation", "tanh"), 1.5);
    assertEquals(a, a.toBuilder().build());
    assertEquals(a.canonical(), a.toBuilder().build().canonical());
    TaskSpec b = a.toBuilder().depth(8).seed(12).build();
    assertEquals(8, b.depth());
    assertEquals(12, b.seed());
    assertEquals(a.toBuilder().depth(8).seed(12).build(), a.withDepth(8).withSeed(12));
    assertThrows(SpecException.class, () -> a.toBuilder().maxLag(40).build());
  }
}
