package org.shattered.train;

import java.util.ArrayList;
import java.util.List;
import org.shattered.data.ImageSet;
import org.shattered.measure.Autocorrelation;
import org.shattered.measure.GateStatistics;
import org.shattered.measure.LayerStats;
import org.shattered.measure.PairCosine;
import org.shattered.net.GateMatrix;

/**
 * The metrics of a checkpoint (docs/science.md, Training), on fixed data:
 *
 * <ul>
 *   <li>evaluation statistics (batch norm): the batch statistics of the first {@value #STATISTICS_IMAGES}
 *       training images, recomputed at every checkpoint with the current weights (one forward pass in
 *       training mode over them as one batch), then held fixed for every evaluated image;
 *   <li>test loss and accuracy over every test image, train accuracy (and, at step 0, loss) over the
 *       first {@value #TRAIN_SUBSET} training images, with those statistics;
 *   <li>shattering on the data, with the measurement engine's definitions (batch statistics of the
 *       measured points themselves, held fixed in the gradient): c_k of the directional derivative
 *       along the line x(t) = x_a + t (x_b - x_a), t in [0, 1] at {@value #LINE_POINTS} points, of the
 *       logit of x_a's class, x_a the first test image and x_b the first test image of another
 *       class; pair cosine of the input gradients of the true-class logits, gate statistics and
 *       per-layer gradient norms over the first {@value #SET_IMAGES} test images.
 * </ul>
 */
final class Probe {
  static final int STATISTICS_IMAGES = 2048;
  static final int TRAIN_SUBSET = 10_000;
  static final int LINE_POINTS = 256;
  static final int SET_IMAGES = 128;
  static final int MAX_LAG = 32;
  private static final int CHUNK = 500;

  private final TrainingData data;
  private final int dim;
  final double[] lineX;
  final double[] lineDirection;
  final int lineClass;
  final double[] setX;
  final int[] setLabels;

  Probe(TrainingData data) {
    this.data = data;
    dim = data.dim();
    ImageSet test = data.test();
    int a = 0;
    int b = 1;
    while (test.label(b) == test.label(a)) {
      b++;
    }
    double[] xa = data.scaling().rows(test, a, 1);
    double[] xb = data.scaling().rows(test, b, 1);
    lineClass = test.label(a);
    lineDirection = new double[dim];
    for (int j = 0; j < dim; j++) {
      lineDirection[j] = xb[j] - xa[j];
    }
    lineX = new double[LINE_POINTS * dim];
    for (int p = 0; p < LINE_POINTS; p++) {
      double t = p / (double) (LINE_POINTS - 1);
      for (int j = 0; j < dim; j++) {
        lineX[p * dim + j] = p == LINE_POINTS - 1 ? xb[j] : xa[j] + t * lineDirection[j];
      }
    }
    int set = Math.min(SET_IMAGES, test.count());
    setX = data.scaling().rows(test, 0, set);
    setLabels = labels(test, 0, set);
  }

  private static int[] labels(ImageSet s, int first, int n) {
    int[] l = new int[n];
    for (int i = 0; i < n; i++) {
      l[i] = s.label(first + i);
    }
    return l;
  }

  /** The checkpoint of {@code net} after {@code step} steps; {@code recentLoss}: mean recent batch loss (NaN at step 0). */
  Checkpoint checkpoint(TrainNet net, int step, double recentLoss) {
    TrainNet.Statistics stats = net.batchNorm ? evaluationStatistics(net) : null;
    double[] train = evaluate(net, data.train(), Math.min(TRAIN_SUBSET, data.train().count()), stats);
    double[] test = evaluate(net, data.test(), data.test().count(), stats);
    DataGradient line = gradient(net, lineX, constant(LINE_POINTS, lineClass), false);
    double[] directional = new double[LINE_POINTS];
    for (int p = 0; p < LINE_POINTS; p++) {
      double s = 0;
      for (int j = 0; j < dim; j++) {
        s += line.input()[p * dim + j] * lineDirection[j];
      }
      directional[p] = s;
    }
    Autocorrelation acf = Autocorrelation.of(directional, MAX_LAG);
    DataGradient set = gradient(net, setX, setLabels, true);
    double squares = 0;
    for (double v : set.input()) {
      squares += v * v;
    }
    List<LayerCheck> layers = new ArrayList<>(net.depth);
    for (int l = 0; l < net.depth; l++) {
      LayerStats s = GateStatistics.of(set.gates().get(l), 0, l + 1);
      layers.add(new LayerCheck(l + 1, s.units(), s.activeFraction(), s.coactivation(), set.layerNorms()[l]));
    }
    return new Checkpoint(step, step == 0 ? train[0] : recentLoss, train[1], test[0], test[1], acf.lag1(), acf.acf(),
        acf.constant(), PairCosine.of(set.input(), dim), Math.sqrt(squares / setLabels.length), layers);
  }

  private static int[] constant(int n, int c) {
    int[] l = new int[n];
    java.util.Arrays.fill(l, c);
    return l;
  }

  /** The batch statistics of the first training images under the current weights. */
  TrainNet.Statistics evaluationStatistics(TrainNet net) {
    int n = Math.min(STATISTICS_IMAGES, data.train().count());
    TrainNet.Pass p = net.pass(n, false);
    p.input(data.scaling().rows(data.train(), 0, n));
    net.forward(p, null);
    return p.statistics();
  }

  /** {mean loss, accuracy} over the first {@code n} images of {@code set}, with fixed statistics. */
  double[] evaluate(TrainNet net, ImageSet set, int n, TrainNet.Statistics stats) {
    double loss = 0;
    long[] correct = new long[1];
    int[] index = new int[CHUNK];
    for (int first = 0; first < n; first += CHUNK) {
      int rows = Math.min(CHUNK, n - first);
      TrainNet.Pass p = net.pass(rows, false);
      for (int i = 0; i < rows; i++) {
        index[i] = first + i;
      }
      double[] x = new double[rows * dim];
      data.scaling().rows(set, index, 0, rows, x);
      p.input(x);
      net.forward(p, stats);
      loss += Softmax.loss(p.logits, rows, net.classes, labels(set, first, rows), null, 0, correct);
    }
    return new double[] {loss / n, correct[0] / (double) n};
  }

  /**
   * Input gradients of the logits of {@code classes} (one per point) at the points {@code x}, batch
   * statistics of those points held fixed, with each layer's gates and gradient norm.
   *
   * @param input the gradients, points x d
   * @param gates per layer (N units, or 2N for the concatenated ReLU: [h &gt; 0 ; -h &gt; 0])
   * @param layerNorms per layer, root mean square over the points of |dy/dh_l|
   */
  record DataGradient(double[] input, List<GateMatrix> gates, double[] layerNorms) {}

  static DataGradient gradient(TrainNet net, double[] x, int[] classes, boolean withGates) {
    int rows = classes.length;
    TrainNet.Pass p = net.pass(rows, true);
    p.input(x);
    net.forward(p, null);
    double[] dLogits = new double[rows * net.classes];
    for (int r = 0; r < rows; r++) {
      dLogits[r * net.classes + classes[r]] = 1.0;
    }
    double[] dx = new double[rows * net.dim];
    double[] norms = new double[net.depth];
    net.backward(p, dLogits, false, false, dx, norms);
    List<GateMatrix> gates = new ArrayList<>();
    if (withGates) {
      for (int l = 0; l < net.depth; l++) {
        gates.add(gates(p.h[l], rows, net.width, net.family.concatenated()));
      }
    }
    return new DataGradient(dx, gates, norms);
  }

  /** The gate matrix of a layer from its ReLU input h (rows x N): unit u active at point p when h &gt; 0. */
  static GateMatrix gates(double[] h, int points, int width, boolean concatenated) {
    int units = concatenated ? 2 * width : width;
    int words = GateMatrix.words(points);
    long[] bits = new long[units * words];
    for (int p = 0; p < points; p++) {
      long bit = 1L << (p & 63);
      int word = p >>> 6;
      for (int u = 0; u < width; u++) {
        double v = h[p * width + u];
        if (v > 0) {
          bits[u * words + word] |= bit;
        }
        if (concatenated && -v > 0) {
          bits[(width + u) * words + word] |= bit;
        }
      }
    }
    return new GateMatrix(units, points, bits);
  }
}
