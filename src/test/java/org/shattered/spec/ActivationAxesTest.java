package org.shattered.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The activation, weight-variance and bias-variance axes: defaults keep every key; bad values are refused. */
class ActivationAxesTest {
  private static final TaskSpec BASE = TaskSpec.of(Architecture.FEEDFORWARD, Normalization.BATCH, 8, 200, 1.0, 3);

  @Test
  void defaultsLeaveTheCanonicalTextAndKeyAsTheyWere() {
    TaskSpec explicit = BASE.withActivation(ActivationSpec.parse("activation", "relu"), 2.0).withBiasVariance(0);
    assertEquals(BASE.canonical(), explicit.canonical());
    assertEquals(BASE.key(), explicit.key());
    assertEquals(BASE.weightSeed(), explicit.weightSeed());
    assertTrue(!BASE.canonical().contains("activation") && !BASE.canonical().contains("weight-variance"));
  }

  @Test
  void otherValuesEnterTheKey() {
    TaskSpec tanh = BASE.withActivation(ActivationSpec.parse("activation", "tanh"), 1.5).withBiasVariance(0.05);
    assertTrue(tanh.canonical().contains(";activation=tanh;weight-variance=1.5;"), tanh.canonical());
    assertTrue(tanh.canonical().contains(";bias-variance=0.05;"), tanh.canonical());
    assertNotEquals(BASE.key(), tanh.key());
    assertNotEquals(BASE.weightSeed(), tanh.weightSeed(), "other weight variance, other matrices");
    // the activation alone does not change the weights
    assertEquals(BASE.weightSeed(), BASE.withActivation(tanh.activation(), 2.0).weightSeed());
    assertEquals("leaky-relu:0.2", ActivationSpec.parse("activation", "Leaky-ReLU:0.2").configName());
  }

  @Test
  void badValuesAreRefusedNamingTheKey() {
    assertEquals("activation", assertThrows(SpecException.class, () -> ActivationSpec.parse("activation", "gelu"))
        .key());
    assertThrows(SpecException.class, () -> ActivationSpec.parse("activation", "leaky-relu:1"));
    assertThrows(SpecException.class, () -> ActivationSpec.parse("activation", "leaky-relu:-0.1"));
    assertThrows(SpecException.class, () -> ActivationSpec.parse("activation", "leaky-relu"));
    assertEquals("weight-variance", assertThrows(SpecException.class,
        () -> BASE.withActivation(ActivationSpec.RELU, -1)).key());
    assertEquals("bias-variance", assertThrows(SpecException.class, () -> BASE.withBiasVariance(-0.1)).key());
    TaskSpec ll = TaskSpec.of(Architecture.LOOKS_LINEAR, Normalization.NONE, 4, 16, 1.0, 0);
    SpecException e = assertThrows(SpecException.class,
        () -> ll.withActivation(ActivationSpec.parse("activation", "tanh"), 2.0));
    assertEquals("activation", e.key());
    assertTrue(e.getMessage().contains("looks-linear"), e.getMessage());
  }
}
