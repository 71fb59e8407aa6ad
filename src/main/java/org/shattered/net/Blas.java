package org.shattered.net;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.shattered.spec.Precision;
import org.shattered.spec.TaskBounds;

/**
 * The one use of ND4J in the package: matrix products in float or double BLAS. Activations live
 * in Java arrays (points as rows, row-major); a product copies its left operand into a native
 * staging matrix, runs {@link Nd4j#gemm} into a preallocated native result and copies the result
 * back. Weights are native matrices created once. All native arrays are c-order, detached from
 * workspaces, taken from the thread's {@link NativePool} (so they start with stale contents, which
 * every use overwrites) and given back by {@link #close()}.
 */
final class Blas implements AutoCloseable {
  /** Values drawn per chunk by {@link #gaussianMatrices}: small enough to stay in cache. */
  private static final int CHUNK = 1 << 13;

  private final DataType type;
  private final List<INDArray> owned = new ArrayList<>();
  private final Map<Long, INDArray> staging = new HashMap<>();
  private float[] floats = new float[0];
  private boolean closed;

  Blas(DataType type) {
    this.type = type;
  }

  boolean single() {
    return type == DataType.FLOAT;
  }

  /**
   * Native rows x cols matrices holding {@code rowMajor[i]}, in one native allocation (one large
   * allocation costs a fraction of many small ones); each returned matrix is a view of it.
   */
  INDArray[] matrices(double[][] rowMajor, int rows, int cols) {
    INDArray[] out = new INDArray[rowMajor.length];
    if (out.length == 0) {
      return out;
    }
    INDArray block = allocate(new long[] {out.length, rows, cols});
    for (int i = 0; i < out.length; i++) {
      if (rowMajor[i].length != rows * cols) {
        throw new IllegalArgumentException(rowMajor[i].length + " values for a " + rows + " x " + cols + " matrix");
      }
      out[i] = block.slice(i);
      put(out[i], rowMajor[i], rows * cols);
    }
    return out;
  }

  /**
   * count native rows x cols matrices of N(0, std^2) values drawn from {@code rng} in order, each
   * row-major (the same numbers as {@link GaussianStream#fill(int, double)} of count x rows x cols
   * values, rounded to float in single precision), written straight into one uninitialized native
   * allocation through a small reused Java chunk.
   */
  INDArray[] gaussianMatrices(GaussianStream rng, int count, int rows, int cols, double std) {
    INDArray[] out = new INDArray[count];
    if (count == 0) {
      return out;
    }
    INDArray block = allocate(new long[] {count, rows, cols});
    long total = (long) count * rows * cols;
    if (total > TaskBounds.maxValues(single() ? Precision.FLOAT : Precision.DOUBLE)) {
      // refused earlier where tasks are read (TaskBounds); this guards callers that bypass that
      throw new IllegalArgumentException(total + " weights do not fit one native block (see TaskBounds)");
    }
    double[] chunk = new double[(int) Math.min(total, CHUNK)];
    View view = view(block);
    for (long done = 0; done < total; done += chunk.length) {
      int n = (int) Math.min(chunk.length, total - done);
      rng.fill(chunk, 0, n, std);
      write(view, (int) done, chunk, 0, n);
    }
    for (int i = 0; i < count; i++) {
      out[i] = block.slice(i);
    }
    return out;
  }

  /**
   * out (rows x op(w).cols) = a (rows x op(w).rows) op(w), op the transpose when
   * {@code transposeW}. a and out are row-major Java arrays.
   */
  void multiply(double[] a, int rows, INDArray w, boolean transposeW, double[] out) {
    int inner = transposeW ? w.columns() : w.rows();
    int cols = transposeW ? w.rows() : w.columns();
    INDArray in = stage(rows, inner, 0);
    INDArray result = stage(rows, cols, 1);
    put(in, a, rows * inner);
    Nd4j.gemm(in, w, result, false, transposeW, 1.0, 0.0);
    get(result, out, rows * cols);
  }

  /**
   * The product of a native rows x inner input with a weight matrix into a native rows x cols
   * output, both reused across calls and filled and read in blocks of rows, so that element-wise
   * work can stream through them without whole Java copies.
   */
  Product product(int rows, int inner, int cols) {
    return new Product(stage(rows, inner, 0), stage(rows, cols, 1), inner, cols);
  }

  /** See {@link #product}. */
  final class Product {
    private final INDArray in;
    private final INDArray out;
    private final int inner;
    private final int cols;
    private final View inView;
    private final View outView;

    private Product(INDArray in, INDArray out, int inner, int cols) {
      this.in = in;
      this.out = out;
      this.inner = inner;
      this.cols = cols;
      inView = view(in);
      outView = view(out);
    }

    /** Input rows [firstRow, firstRow + count) = src[from ..], row-major. */
    void put(int firstRow, int count, double[] src, int from) {
      write(inView, firstRow * inner, src, from, count * inner);
    }

    /** output = input op(w), op the transpose when {@code transposeW}. */
    void multiply(INDArray w, boolean transposeW) {
      Nd4j.gemm(in, w, out, false, transposeW, 1.0, 0.0);
    }

    /** dst[to ..] = input rows [firstRow, firstRow + count), row-major, as last written. */
    void getInput(int firstRow, int count, double[] dst, int to) {
      read(inView, firstRow * inner, count * inner, dst, to);
    }

    /** dst[to ..] = output rows [firstRow, firstRow + count), row-major. */
    void get(int firstRow, int count, double[] dst, int to) {
      read(outView, firstRow * cols, count * cols, dst, to);
    }
  }

  private INDArray stage(int rows, int cols, int slot) {
    long key = ((long) rows << 33) | ((long) cols << 1) | slot;
    INDArray a = staging.get(key);
    if (a == null) {
      a = allocate(new long[] {rows, cols});
      staging.put(key, a);
    }
    return a;
  }

  private void put(INDArray target, double[] values, int n) {
    write(view(target), (int) target.offset(), values, 0, n);
  }

  private void get(INDArray source, double[] values, int n) {
    read(view(source), (int) source.offset(), n, values, 0);
  }

  /** The whole native buffer behind an array, as doubles or as floats (the other is null). */
  private record View(DoubleBuffer doubles, FloatBuffer floats) {}

  private View view(INDArray a) {
    return type == DataType.DOUBLE ? new View(a.data().asNioDouble(), null) : new View(null, a.data().asNioFloat());
  }

  /** Buffer elements [at, at + n) = src[from ..], rounded to float in single precision. */
  private void write(View target, int at, double[] src, int from, int n) {
    if (target.doubles() != null) {
      target.doubles().put(at, src, from, n);
    } else {
      float[] f = floats(n);
      for (int i = 0; i < n; i++) {
        f[i] = (float) src[from + i];
      }
      target.floats().put(at, f, 0, n);
    }
  }

  /** dst[to ..] = buffer elements [at, at + n). */
  private void read(View source, int at, int n, double[] dst, int to) {
    if (source.doubles() != null) {
      source.doubles().get(at, dst, to, n);
    } else {
      float[] f = floats(n);
      source.floats().get(at, f, 0, n);
      for (int i = 0; i < n; i++) {
        dst[to + i] = f[i];
      }
    }
  }

  private float[] floats(int n) {
    if (floats.length < n) {
      floats = new float[n];
    }
    return floats;
  }

  /** A native c-order array of this precision from the thread's {@link NativePool}, owned here. */
  private INDArray allocate(long[] shape) {
    if (closed) {
      throw new IllegalStateException("network closed");
    }
    INDArray a = NativePool.current().take(type, shape);
    owned.add(a);
    return a;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    NativePool pool = NativePool.current();
    for (INDArray a : owned) {
      pool.give(a);
    }
    owned.clear();
    staging.clear();
  }
}
