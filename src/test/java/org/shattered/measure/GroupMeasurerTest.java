package org.shattered.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shattered.net.Networks;
import org.shattered.spec.Architecture;
import org.shattered.spec.GradientMode;
import org.shattered.spec.InputKind;
import org.shattered.spec.Normalization;
import org.shattered.spec.Precision;
import org.shattered.spec.TaskSpec;

/**
 * Tasks measured together (shared weights, nested depths) give, field for field and bit for bit,
 * the measurement of each task computed alone; which other tasks share the group does not matter.
 */
class GroupMeasurerTest {

  private static final int[] DEPTHS = {1, 2, 4, 7};

  @Test
  void aGroupOfFeedforwardAndResnetChainsEqualsEveryTaskAlone() {
    for (Architecture a : List.of(Architecture.FEEDFORWARD, Architecture.RESNET)) {
      List<TaskSpec> group = new ArrayList<>();
      for (Normalization n : Normalization.values()) {
        for (double beta : a.usesBeta() ? new double[] {1.0, 0.5} : new double[] {1.0}) {
          for (int d : DEPTHS) {
            group.add(small(a, n, d, beta));
          }
        }
      }
      // a depth-dependent beta: its own chain of one task per depth
      for (int d : DEPTHS) {
        group.add(small(a, Normalization.BATCH, d, 1 / Math.sqrt(d)));
      }
      // through-batch gradients and biases: one task at a time on the shared weights
      for (int d : new int[] {3, 5}) {
        group.add(small(a, Normalization.BATCH, d, 1.0).withGradientMode(GradientMode.THROUGH_BATCH));
        group.add(small(a, Normalization.NONE, d, 1.0).withBiasVariance(0.2));
      }
      assertEqualsAlone(group, false);
    }
  }

  @Test
  void floatLooksLinearAndSphereGroupsEqualEveryTaskAlone() {
    List<TaskSpec> floats = new ArrayList<>();
    List<TaskSpec> looks = new ArrayList<>();
    List<TaskSpec> sphere = new ArrayList<>();
    for (int d : DEPTHS) {
      floats.add(small(Architecture.RESNET, Normalization.BATCH, d, 0.5).withPrecision(Precision.FLOAT));
      looks.add(small(Architecture.LOOKS_LINEAR, Normalization.NONE, d, 1.0));
      sphere.add(small(Architecture.FEEDFORWARD, Normalization.BATCH, d, 1.0).withInputs(InputKind.SPHERE, 5, 2));
    }
    assertEqualsAlone(floats, false);
    assertEqualsAlone(looks, false);
    assertEqualsAlone(sphere, false);
  }

  @Test
  void pathDecompositionGroupsEqualEveryTaskAlone() {
    List<TaskSpec> group = new ArrayList<>();
    for (int d : DEPTHS) {
      group.add(small(Architecture.RESNET, Normalization.BATCH, d, 0.5));
      group.add(small(Architecture.RESNET, Normalization.NONE, d, 1.0));
    }
    assertEqualsAlone(group, true);
  }

  @Test
  void aPartOfAGroupGivesTheSameBitsAsTheWholeGroup() {
    List<TaskSpec> whole = new ArrayList<>();
    for (double beta : new double[] {1.0, 0.5, 0.1}) {
      for (int d : DEPTHS) {
        whole.add(small(Architecture.RESNET, Normalization.BATCH, d, beta));
      }
    }
    List<TaskResult> all = GroupMeasurer.measure(whole, false);
    // one beta, two depths: as a resumed sweep that lost only these rows would compute them
    List<TaskSpec> part = List.of(whole.get(5), whole.get(7));
    List<TaskResult> some = GroupMeasurer.measure(part, false);
    assertSameMeasurement(all.get(5).measurement(), some.get(0).measurement(), part.get(0).label());
    assertSameMeasurement(all.get(7).measurement(), some.get(1).measurement(), part.get(1).label());
  }

  @Test
  void aTaskThatFailsInASharedPassFailsAsItWouldAlone() {
    // beta 1e200 overflows the stream after two layers: depths 1 and 2 are finite, deeper ones are not
    List<TaskSpec> group = new ArrayList<>();
    for (int d : new int[] {1, 2, 4, 7}) {
      group.add(small(Architecture.RESNET, Normalization.NONE, d, 1e200));
    }
    List<TaskResult> results = GroupMeasurer.measure(group, false);
    int failed = 0;
    for (int i = 0; i < group.size(); i++) {
      TaskResult alone = alone(group.get(i), false);
      assertEquals(alone.error(), results.get(i).error(), group.get(i).label());
      if (alone.error() == null) {
        assertSameMeasurement(alone.measurement(), results.get(i).measurement(), group.get(i).label());
      } else {
        failed++;
        assertNull(results.get(i).measurement());
        assertTrue(results.get(i).error().startsWith("NonFiniteResultException"), results.get(i).error());
      }
    }
    assertTrue(failed >= 1 && failed < group.size(), failed + " of " + group.size() + " failed");
  }

  @Test
  void tasksThatDoNotShareWeightsAreRefused() {
    List<TaskSpec> mixed = List.of(small(Architecture.RESNET, Normalization.NONE, 2, 1.0),
        small(Architecture.RESNET, Normalization.NONE, 2, 1.0).withSeed(9));
    assertThrows(IllegalArgumentException.class, () -> GroupMeasurer.measure(mixed, false));
    List<TaskSpec> precisions = List.of(small(Architecture.RESNET, Normalization.NONE, 2, 1.0),
        small(Architecture.RESNET, Normalization.NONE, 2, 1.0).withPrecision(Precision.FLOAT));
    assertThrows(IllegalArgumentException.class, () -> GroupMeasurer.measure(precisions, false));
  }

  private static TaskSpec small(Architecture a, Normalization n, int depth, double beta) {
    return TaskSpec.of(a, n, depth, 24, a.usesBeta() ? beta : Double.NaN, 3).withPoints(48, 6);
  }

  private static TaskResult alone(TaskSpec s, boolean paths) {
    try {
      return TaskResult.ok(TaskMeasurer.measure(s, Networks::build, paths));
    } catch (RuntimeException e) {
      return TaskResult.failed(s, e, 0);
    }
  }

  private static void assertEqualsAlone(List<TaskSpec> group, boolean paths) {
    List<TaskResult> results = GroupMeasurer.measure(group, paths);
    assertEquals(group.size(), results.size());
    for (int i = 0; i < group.size(); i++) {
      TaskSpec s = group.get(i);
      assertEquals(s, results.get(i).spec());
      assertNull(results.get(i).error(), s.label());
      assertNotNull(results.get(i).measurement());
      assertSameMeasurement(alone(s, paths).measurement(), results.get(i).measurement(), s.label());
      assertEquals(paths && s.architecture() == Architecture.RESNET, results.get(i).measurement().paths() != null);
    }
  }

  static void assertSameMeasurement(Measurement expected, Measurement actual, String where) {
    assertNotNull(actual, where);
    assertNull(MeasurementDifference.of(expected, actual), where);
  }
}
