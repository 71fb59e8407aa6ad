package org.shattered.train;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training engine's only use of ND4J: native c-order matrices of one precision, copied to and
 * from row-major Java arrays, and {@link Nd4j#gemm} between them. Element-wise work stays in Java;
 * the copies cost O(rows x cols) against the product's O(rows x cols x inner). Owns what it creates.
 */
final class NativeMatrices implements AutoCloseable {
  private final DataType type;
  private final List<INDArray> owned = new ArrayList<>();
  private float[] floats = new float[0];

  NativeMatrices(boolean single) {
    type = single ? DataType.FLOAT : DataType.DOUBLE;
  }

  INDArray create(int rows, int cols) {
    INDArray a = Nd4j.createUninitializedDetached(type, 'c', rows, cols);
    owned.add(a);
    return a;
  }

  /** m = src (row-major, m's size; rounded to float in single precision). */
  void put(INDArray m, double[] src) {
    int n = (int) m.length();
    if (type == DataType.DOUBLE) {
      m.data().asNioDouble().put(0, src, 0, n);
    } else {
      float[] f = floats(n);
      for (int i = 0; i < n; i++) {
        f[i] = (float) src[i];
      }
      m.data().asNioFloat().put(0, f, 0, n);
    }
  }

  /** dst = m, row-major. */
  void get(INDArray m, double[] dst) {
    int n = (int) m.length();
    if (type == DataType.DOUBLE) {
      DoubleBuffer b = m.data().asNioDouble();
      b.get(0, dst, 0, n);
    } else {
      float[] f = floats(n);
      FloatBuffer b = m.data().asNioFloat();
      b.get(0, f, 0, n);
      for (int i = 0; i < n; i++) {
        dst[i] = f[i];
      }
    }
  }

  /** c = op(a) op(b), op the transpose where asked. */
  static void gemm(INDArray a, boolean transposeA, INDArray b, boolean transposeB, INDArray c) {
    Nd4j.gemm(a, b, c, transposeA, transposeB, 1.0, 0.0);
  }

  private float[] floats(int n) {
    if (floats.length < n) {
      floats = new float[n];
    }
    return floats;
  }

  @Override
  public void close() {
    for (INDArray a : owned) {
      a.close();
    }
    owned.clear();
  }
}
