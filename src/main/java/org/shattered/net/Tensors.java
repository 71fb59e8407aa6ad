package org.shattered.net;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.api.ops.impl.transforms.same.Negative;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J arrays of one network, in one data type, all c-order and detached (no workspaces). Every
 * array is created here and closed by {@link #close()}; the few ND4J calls of the package go through
 * this class so that no operation allocates a result array behind the scenes.
 */
final class Tensors implements AutoCloseable {
  private final DataType type;
  private final List<INDArray> owned = new ArrayList<>();
  private boolean closed;

  Tensors(DataType type) {
    this.type = type;
  }

  DataType type() {
    return type;
  }

  /** A zero matrix of the network's data type. */
  INDArray zeros(long rows, long cols) {
    return own(Nd4j.create(type, new long[] {rows, cols}, 'c'));
  }

  /** A matrix holding {@code data} in row-major order, converted to the network's data type. */
  INDArray of(double[] data, long rows, long cols) {
    if (data.length != rows * cols) {
      throw new IllegalArgumentException(data.length + " values for a " + rows + " x " + cols + " matrix");
    }
    return own(Nd4j.create(data, new long[] {rows, cols}, type));
  }

  private INDArray own(INDArray a) {
    if (closed) {
      throw new IllegalStateException("network closed");
    }
    owned.add(a);
    return a;
  }

  /** Copies {@code values} into the first values.length elements of {@code target}'s buffer. */
  static void write(INDArray target, double[] values) {
    for (int i = 0; i < values.length; i++) {
      target.data().put(i, values[i]);
    }
  }

  /** The whole buffer of a non-view array as doubles, in c-order. */
  static double[] read(INDArray a) {
    return a.data().asDouble();
  }

  /** c = alpha op(a) op(b) + beta c, into the preallocated c. */
  static void gemm(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB, double alpha,
      double beta) {
    Nd4j.gemm(a, b, c, transposeA, transposeB, alpha, beta);
  }

  /** out = max(in, 0). */
  static void relu(INDArray in, INDArray out) {
    Nd4j.exec(new RectifiedLinear(in, out, 0.0));
  }

  /** out = (in &gt; 0) ? 1 : 0. */
  static void step(INDArray in, INDArray out) {
    Nd4j.exec(new Step(in, out, 0.0));
  }

  /** out = -in. */
  static void negate(INDArray in, INDArray out) {
    Nd4j.exec(new Negative(in, out));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (INDArray a : owned) {
      if (a.closeable()) {
        a.close();
      }
    }
    owned.clear();
  }
}
