package org.shattered.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.shattered.net.InitialWeights;
import org.shattered.spec.Normalization;
import org.shattered.spec.Precision;

/**
 * The weight gradients of the training loss (through the batch statistics) against central finite
 * differences of the loss, on several entries of every matrix, for every family x normalization x
 * precision. Float: the finite differences are taken in double on a network holding the float
 * network's (rounded) weights and inputs, and the float gradient must agree within 2e-3 of the
 * matrix's largest gradient entry plus 1% (float keeps 24 bits; the loss sums rounded products).
 * Double: within 1e-6 relative to the same scale (the central difference's error is O(h^2)).
 */
class WeightGradientTest {
  static final int DIM = 6;
  static final int CLASSES = 3;
  static final int ROWS = 9;

  static List<Arguments> cases() {
    List<Arguments> out = new java.util.ArrayList<>();
    for (Family f : Family.values()) {
      for (Normalization n : Normalization.values()) {
        for (Precision p : Precision.values()) {
          out.add(Arguments.of(f, n, p));
        }
      }
    }
    return out;
  }

  static TrainSpec spec(Family f, Normalization n, Precision p, int depth, int width) {
    return new TrainSpec(f, n, p, depth, width, 0.7, 3, 0.01, 0.9, ROWS, 1, 1);
  }

  /** A network of {@code spec} whose weights are {@code weights} rounded to {@code precision}. */
  static TrainNet net(TrainSpec spec, InitialWeights weights, Precision precision) {
    return new TrainNet(spec.family(), spec.normalization(), precision, spec.depth(), spec.width(), spec.beta(),
        DIM, CLASSES, weights);
  }

  static InitialWeights floatRounded(InitialWeights w) {
    double[][] layers = new double[w.layers().length][];
    for (int l = 0; l < layers.length; l++) {
      layers[l] = floats(w.layers()[l]);
    }
    return new InitialWeights(floats(w.stem()), layers, floats(w.readout()));
  }

  static double[] floats(double[] v) {
    double[] r = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = (float) v[i];
    }
    return r;
  }

  static double loss(TrainNet net, double[] x, int[] labels) {
    TrainNet.Pass p = net.pass(ROWS, true);
    p.input(x);
    net.forward(p, null);
    return Softmax.loss(p.logits, ROWS, CLASSES, labels, null, 1.0 / ROWS, null) / ROWS;
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("cases")
  void weightGradientsMatchFiniteDifferences(Family f, Normalization n, Precision precision) {
    TrainSpec spec = spec(f, n, precision, 3, 5);
    InitialWeights init = InitialWeights.draw(spec.measured(DIM, 3), f == Family.CRELU, CLASSES);
    SplittableRandom rnd = new SplittableRandom(11);
    double[] x = new double[ROWS * DIM];
    int[] labels = new int[ROWS];
    for (int i = 0; i < x.length; i++) {
      x[i] = precision == Precision.FLOAT ? (float) rnd.nextGaussian() : rnd.nextGaussian();
    }
    for (int r = 0; r < ROWS; r++) {
      labels[r] = r % CLASSES;
    }
    if (precision == Precision.FLOAT) {
      init = floatRounded(init);
    }
    // perturb the weights away from the mirrored initialization so that looks-linear is not trivially linear
    perturb(init, rnd);
    try (TrainNet net = net(spec, init, precision); TrainNet exact = net(spec, init, Precision.DOUBLE)) {
      TrainNet.Pass p = net.pass(ROWS, true);
      p.input(x);
      net.forward(p, null);
      double[] dLogits = new double[ROWS * CLASSES];
      Softmax.loss(p.logits, ROWS, CLASSES, labels, dLogits, 1.0 / ROWS, null);
      net.backward(p, dLogits, true, true, null, null);
      List<double[]> params = exact.parameters();
      List<double[]> grads = net.gradients();
      double tolerance = precision == Precision.FLOAT ? 2e-3 : 1e-6;
      double relative = precision == Precision.FLOAT ? 1e-2 : 0;
      for (int m = 0; m < params.size(); m++) {
        double[] w = params.get(m);
        double[] g = grads.get(m);
        double scale = 0;
        for (double v : g) {
          scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(scale > 0, "matrix " + m + " has an all-zero gradient");
        for (int k = 0; k < 5; k++) {
          int i = (int) ((k * 0.618034 + 0.1) * w.length) % w.length;
          double keep = w[i];
          double step = 1e-5;
          w[i] = keep + step;
          exact.sync();
          double up = loss(exact, x, labels);
          w[i] = keep - step;
          exact.sync();
          double down = loss(exact, x, labels);
          w[i] = keep;
          exact.sync();
          double fd = (up - down) / (2 * step);
          assertTrue(Math.abs(g[i] - fd) <= tolerance * scale + relative * Math.abs(fd),
              f + "/" + n + "/" + precision + " matrix " + m + " entry " + i + ": backprop " + g[i] + ", finite difference "
                  + fd + " (largest " + scale + ")");
        }
      }
    }
  }

  private static void perturb(InitialWeights w, SplittableRandom rnd) {
    for (double[] layer : w.layers()) {
      for (int i = 0; i < layer.length; i++) {
        layer[i] = (float) (layer[i] + 0.2 * rnd.nextGaussian());
      }
    }
  }
}
