package org.shattered.spec;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The largest task the engine can hold, checked where a task's parameters are read (the config,
 * the {@code task} options) so that a task too large is refused with one line instead of failing
 * inside with an index error.
 *
 * <p>Why these limits: the net package reads and writes every native matrix through one
 * {@code java.nio} view of its buffer, and such a view holds at most {@code Integer.MAX_VALUE}
 * bytes: 268,435,455 doubles or 536,870,911 floats (measured: a feedforward net of width 200 and
 * depth 6,711 in double, 6,710 matrices of 200 x 200, runs; depth 6,712 failed with "Range
 * [268427264, 268427264 + 8192) out of bounds for length 268435455"; in float 13,422 runs and 13,423
 * fails). Two kinds of native matrix grow with a task:
 *
 * <ul>
 *   <li>the weight block: all layer matrices of a network in one allocation (Blas.gaussianMatrices,
 *       Blas.matrices), depth x width^2 values (feedforward has depth - 1 matrices; looks-linear's
 *       are width x 2 width);
 *   <li>the staging matrices of a product: 2 x points x width values (forward mode stacks values and
 *       tangents; looks-linear's concatenated ReLU is points x 2 width).
 * </ul>
 *
 * Java arrays of the same tasks (points x width, 2 x points x width) stay below these counts, so
 * the native view is the binding limit. Memory is a separate matter: a task within these bounds
 * may still need more native memory (8 bytes a weight in double) or heap than an executor has.
 */
public final class TaskBounds {
  private TaskBounds() {
  }

  /** The longest Java array the JVM allocates (as java.util's own collections assume). */
  static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  /** Values one native matrix of this precision can hold: Integer.MAX_VALUE bytes. */
  public static long maxValues(Precision precision) {
    return Integer.MAX_VALUE / (precision == Precision.FLOAT ? Float.BYTES : Double.BYTES);
  }

  /** Number of layer matrices of a network (the weight block holds all of them). */
  static long layerMatrices(Architecture a, int depth) {
    return a.family().layerMatrices(depth);
  }

  /** Values of the weight block: all layer matrices of the network. */
  public static long weightValues(Architecture a, int depth, int width) {
    long cols = a.family().layerColumns(width);
    return layerMatrices(a, depth) * width * cols;
  }

  /** Values of the largest staging matrix of a product: 2 x points x width. */
  public static long stagingValues(int points, int width) {
    return 2L * points * width;
  }

  /**
   * Why a task of this shape does not fit the engine, as "what; allowed: ..." (no key), or null when
   * it fits.
   */
  public static String violation(Architecture a, Precision precision, int depth, int width, int points) {
    return violation(a, precision, depth, width, points, 1);
  }

  /**
   * {@link #violation(Architecture, Precision, int, int, int)} with sphere inputs of dimension
   * {@code inputDim}: the inputs (points x d) and the stem (width x d) are Java arrays.
   */
  public static String violation(Architecture a, Precision precision, int depth, int width, int points,
      int inputDim) {
    long inputs = (long) Math.max(points, width) * inputDim;
    if (inputs > MAX_ARRAY) {
      return String.format(Locale.ROOT, "%s width %d, points %d, input-dim %d needs %,d values in one Java array "
          + "(the inputs or the stem); allowed: at most %,d, i.e. max(points, width) x input-dim at most that",
          a.configName(), width, points, inputDim, inputs, MAX_ARRAY);
    }
    long max = maxValues(precision);
    String p = precision.configName();
    long weights = weightValues(a, depth, width);
    if (weights > max) {
      long perMatrix = weights / layerMatrices(a, depth);
      // the family's depth minus its matrix count is the same at every depth (1 for feedforward)
      long maxDepth = max / perMatrix + (depth - layerMatrices(a, depth));
      return String.format(Locale.ROOT, "%s depth %d x width %d (points %d, %s) needs %,d weights in one native "
          + "block; allowed: at most %,d values (2^31 - 1 bytes of %ss), i.e. depth at most %,d at width %d",
          a.configName(), depth, width, points, p, weights, max, p, maxDepth, width);
    }
    long staging = stagingValues(points, width);
    if (staging > max) {
      return String.format(Locale.ROOT, "%s depth %d x width %d (points %d, %s) needs 2 x points x width = %,d "
          + "values in one native matrix; allowed: at most %,d values (2^31 - 1 bytes of %ss), i.e. points x width "
          + "at most %,d", a.configName(), depth, width, points, p, staging, max, p, max / 2);
    }
    return null;
  }

  /** Throws a {@link SpecException} naming {@code key} when {@code spec} does not fit the engine. */
  public static void check(String key, TaskSpec spec) {
    String v = violation(spec.architecture(), spec.precision(), spec.depth(), spec.width(), spec.points(),
        spec.inputDim());
    if (v != null) {
      throw new SpecException(key, v);
    }
  }

  /**
   * Refuses a sweep with at least one task (after only/exclude) that does not fit the engine. Only
   * the shapes (architecture, precision, points, width, depth) are scanned; the tasks of a shape that
   * does not fit are expanded to see whether the rules keep one of them, so a normal grid costs a
   * few microseconds.
   *
   * @param where the origin of a config key ("jobs/x.conf: 12"), for the message
   */
  static void checkGrid(SweepSpec sweep, Function<String, String> where) {
    GridAxes a = sweep.axes();
    for (Architecture arch : a.architecture()) {
      for (Precision prec : a.precision()) {
        for (int points : a.points()) {
          for (InputKind inputs : a.inputs()) {
            for (int dim : a.inputDims(inputs)) {
              for (int width : a.width()) {
                for (int depth : a.depth()) {
                  String v = violation(arch, prec, depth, width, points, dim);
                  if (v != null && anyKept(sweep, arch, prec, points, inputs, dim, width, depth)) {
                    String key = "sweep.grid.depth";
                    throw new SpecException(key, v + " (" + where.apply(key) + ")");
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  /**
   * Whether the rules keep a task of this shape: the grid narrowed to the shape, walked by
   * {@link Grid} itself until its first kept task.
   */
  private static boolean anyKept(SweepSpec sweep, Architecture arch, Precision prec, int points, InputKind inputs,
      int dim, int width, int depth) {
    GridAxes a = sweep.axes();
    GridAxes shape = new GridAxes(List.of(arch), a.normalization(), a.gradientMode(), List.of(prec), List.of(points),
        a.biasVariance(), List.of(width), List.of(depth), a.beta(), a.seed(), List.of(inputs), List.of(dim),
        a.activation(), a.weightVariance());
    return sweep.withAxes(shape).grid().first(t -> Boolean.TRUE) != null;
  }
}
