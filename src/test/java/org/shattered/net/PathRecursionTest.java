package org.shattered.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.shattered.spec.Architecture;
import org.shattered.spec.GradientMode;
import org.shattered.spec.InputKind;
import org.shattered.spec.Normalization;
import org.shattered.spec.Precision;
import org.shattered.spec.TaskSpec;

/**
 * The path decomposition of a resnet's gradient: its rows sum to the task's gradient, and they equal
 * an enumeration of all 2^L paths computed from an independent plain-Java forward pass.
 */
class PathRecursionTest {

  static TaskSpec resnet(Normalization n, int depth, int width, double beta, int points, double biasStd,
      Precision precision, long seed) {
    return new TaskSpec(Architecture.RESNET, n, GradientMode.FROZEN, precision, depth, width, beta, biasStd, points,
        TaskSpec.DEFAULT_INPUT_MIN, TaskSpec.DEFAULT_INPUT_MAX, 1, seed);
  }

  static Stream<Arguments> sums() {
    List<Arguments> cases = new ArrayList<>();
    for (Normalization n : Normalization.values()) {
      for (int depth : new int[] {1, 2, 5, 9, 17, 40}) {
        for (double beta : new double[] {1.0, 0.5, 0.1}) {
          cases.add(Arguments.of(resnet(n, depth, 24, beta, 40, 0.0, Precision.DOUBLE, depth)));
        }
      }
      cases.add(Arguments.of(resnet(n, 12, 20, 1.0 / Math.sqrt(12), 36, 0.3, Precision.DOUBLE, 5)));
      for (int depth : new int[] {1, 4, 15}) {
        cases.add(Arguments.of(resnet(n, depth, 16, 0.5, 24, 0.0, Precision.DOUBLE, depth)
            .withInputs(InputKind.SPHERE, 6, 3)));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("sums")
  void rowsSumToTheGradient(TaskSpec spec) {
    for (boolean forward : new boolean[] {true, false}) {
      try (Network net = Networks.build(spec, forward)) {
        double[] g = net.backprop(Inputs.of(spec)).gradient();
        double[][] paths = net.pathGradients();
        assertEquals(spec.depth() + 1, paths.length);
        double[] sum = new double[g.length];
        for (double[] row : paths) {
          assertEquals(g.length, row.length);
          for (int p = 0; p < g.length; p++) {
            sum[p] += row[p];
          }
        }
        double err = Specs.relativeError(sum, g);
        assertTrue(err < 1e-10, spec.label() + " forward=" + forward + ": relative error " + err);
      }
    }
  }

  @Test
  void floatRowsSumToTheGradientToFloatRounding() {
    TaskSpec spec = resnet(Normalization.BATCH, 20, 32, 1.0, 48, 0.0, Precision.FLOAT, 2);
    try (Network net = Networks.build(spec)) {
      double[] g = net.backprop(spec.inputs()).gradient();
      double[] sum = new double[g.length];
      for (double[] row : net.pathGradients()) {
        for (int p = 0; p < g.length; p++) {
          sum[p] += row[p];
        }
      }
      double err = Specs.relativeError(sum, g);
      assertTrue(err < 1e-4, "float: relative error " + err);
    }
  }

  static Stream<Arguments> smallNets() {
    List<Arguments> cases = new ArrayList<>();
    for (Normalization n : Normalization.values()) {
      for (int depth = 1; depth <= 6; depth++) {
        cases.add(Arguments.of(resnet(n, depth, 10, depth % 2 == 0 ? 1.0 : 0.5, 16, depth == 4 ? 0.5 : 0.0,
            Precision.DOUBLE, 11 + depth)));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("smallNets")
  void equalsEnumerationOfEveryPath(TaskSpec spec) {
    Reference ref = Reference.of(spec);
    double[][] brute = ref.enumeratePaths();
    try (Network net = Networks.build(spec)) {
      var bp = net.backprop(spec.inputs());
      for (int l = 0; l < spec.depth(); l++) {
        assertEquals(GateMatrices.fromPointMajor(ref.v[l], spec.points(), spec.width()), bp.gates().get(l),
            "the reference forward pass and the network agree on the gates of layer " + (l + 1));
      }
      double[][] paths = net.pathGradients();
      double scale = 0;
      for (double[] row : brute) {
        scale = Math.max(scale, Specs.rms(row));
      }
      for (int k = 0; k <= spec.depth(); k++) {
        for (int p = 0; p < spec.points(); p++) {
          assertEquals(brute[k][p], paths[k][p], 1e-12 * scale, spec.label() + " k=" + k + " p=" + p);
        }
      }
    }
  }

  @Test
  void refusesWhatHasNoDecomposition() {
    TaskSpec through = resnet(Normalization.BATCH, 3, 8, 1.0, 16, 0.0, Precision.DOUBLE, 1)
        .withGradientMode(GradientMode.THROUGH_BATCH);
    try (Network net = Networks.build(through)) {
      net.backprop(through.inputs());
      UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, net::pathGradients);
      assertTrue(e.getMessage().contains("through-batch"), e.getMessage());
    }
    for (Architecture a : new Architecture[] {Architecture.FEEDFORWARD, Architecture.LOOKS_LINEAR}) {
      TaskSpec spec = Specs.of(a, Normalization.NONE, GradientMode.FROZEN, 3, 8, 16, 0.0, 1);
      try (Network net = Networks.build(spec)) {
        net.backprop(spec.inputs());
        assertThrows(UnsupportedOperationException.class, net::pathGradients);
      }
    }
  }

  @Test
  void needsACurrentBackprop() {
    TaskSpec spec = resnet(Normalization.BATCH, 3, 8, 1.0, 16, 0.0, Precision.DOUBLE, 1);
    try (Network net = Networks.build(spec)) {
      assertThrows(IllegalStateException.class, net::pathGradients);
      net.backprop(spec.inputs());
      double[][] first = net.pathGradients();
      net.outputs(spec.inputs());
      assertThrows(IllegalStateException.class, net::pathGradients);
      net.backprop(spec.inputs());
      double[][] again = net.pathGradients();
      for (int k = 0; k < first.length; k++) {
        assertArrayEquals(first[k], again[k], 0.0);
      }
    }
  }

  /**
   * The resnet of docs/science.md (Networks) in plain Java, from the same drawn weights: r_1 = x w0 + b0,
   * v_l = n(r_l), r_{l+1} = r_l + beta (W_l rho(v_l) + b_l); keeps every v_l and batch-norm factor.
   */
  private record Reference(TaskSpec spec, double[] w0, double[][] w, double[] wOut, double[][] v, double[][] scale) {

    static Reference of(TaskSpec spec) {
      int n = spec.width();
      int points = spec.points();
      int depth = spec.depth();
      double[] w0;
      double[][] w = new double[depth][];
      double[] wOut;
      double[] b0;
      double[][] b;
      try (Blas blas = new Blas(AbstractNetwork.dataType(spec.precision()))) {
        AbstractNetwork.Draw d = Networks.draw(spec, new GaussianStream(spec.weightSeed()), blas);
        w0 = d.stem();
        wOut = d.out();
        for (int l = 0; l < depth; l++) {
          w[l] = d.layers()[l].dup().reshape(n * n).toDoubleVector();
        }
        b0 = d.stemBias();
        b = d.layerBiases();
      }
      double[] x = spec.inputs();
      double[] r = new double[points * n];
      for (int p = 0; p < points; p++) {
        for (int u = 0; u < n; u++) {
          r[p * n + u] = x[p] * w0[u] + (b0 == null ? 0 : b0[u]);
        }
      }
      double[][] v = new double[depth][points * n];
      double[][] scale = new double[depth][n];
      boolean bn = spec.normalization() == Normalization.BATCH;
      for (int l = 0; l < depth; l++) {
        for (int u = 0; u < n; u++) {
          double mean = 0;
          double var = 0;
          if (bn) {
            for (int p = 0; p < points; p++) {
              mean += r[p * n + u];
            }
            mean /= points;
            for (int p = 0; p < points; p++) {
              var += (r[p * n + u] - mean) * (r[p * n + u] - mean);
            }
            var /= points;
          }
          scale[l][u] = bn ? 1.0 / Math.sqrt(var + 1e-5) : 1.0;
          for (int p = 0; p < points; p++) {
            v[l][p * n + u] = bn ? (r[p * n + u] - mean) * scale[l][u] : r[p * n + u];
          }
        }
        double[] next = r.clone();
        for (int p = 0; p < points; p++) {
          for (int i = 0; i < n; i++) {
            double s = b == null ? 0 : b[l][i];
            for (int j = 0; j < n; j++) {
              s += w[l][i * n + j] * Math.max(v[l][p * n + j], 0);
            }
            next[p * n + i] += spec.beta() * s;
          }
        }
        r = next;
      }
      return new Reference(spec, w0, w, wOut, v, scale);
    }

    /**
     * g^(k)_p as the sum over every subset S of layers with |S| = k of
     * w_out . (prod_{l in S, descending} beta W_l M_l(p)) w0.
     */
    double[][] enumeratePaths() {
      int depth = spec.depth();
      int n = spec.width();
      int points = spec.points();
      double[][] out = new double[depth + 1][points];
      for (int subset = 0; subset < 1 << depth; subset++) {
        int k = Integer.bitCount(subset);
        for (int p = 0; p < points; p++) {
          double[] t = w0.clone();
          for (int l = 0; l < depth; l++) {
            if ((subset >> l & 1) == 0) {
              continue;
            }
            double[] next = new double[n];
            for (int i = 0; i < n; i++) {
              double s = 0;
              for (int j = 0; j < n; j++) {
                double gate = v[l][p * n + j] > 0 ? scale[l][j] : 0;
                s += w[l][i * n + j] * gate * t[j];
              }
              next[i] = spec.beta() * s;
            }
            t = next;
          }
          double y = 0;
          for (int i = 0; i < n; i++) {
            y += wOut[i] * t[i];
          }
          out[k][p] += y;
        }
      }
      return out;
    }
  }
}
