package org.shattered.net;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Native matrices kept per thread between networks, so that the tasks a thread runs one after
 * another reuse the weight block and staging matrices of the previous network of the same shape
 * instead of allocating them again (a fresh native allocation of 80 MB costs about 40 ms here, as
 * much as drawing the 10 million weights in it). An array handed out holds whatever its previous
 * user left: every user overwrites it completely before reading it.
 *
 * <p>At most {@link #MAX_BYTES} bytes stay pooled per thread; an array that does not fit is freed
 * when given back, and the least recently given ones are freed first.
 */
final class NativePool {
  /** Upper bound of the bytes kept per thread. */
  static final long MAX_BYTES = 256L << 20;

  private static final ThreadLocal<NativePool> POOL = ThreadLocal.withInitial(NativePool::new);

  private final ArrayDeque<INDArray> free = new ArrayDeque<>();
  private long bytes;

  private NativePool() {}

  /** This thread's pool. */
  static NativePool current() {
    return POOL.get();
  }

  /** A detached c-order array of this type and shape, uninitialized or left over from an earlier user. */
  INDArray take(DataType type, long[] shape) {
    for (Iterator<INDArray> it = free.iterator(); it.hasNext(); ) {
      INDArray a = it.next();
      if (a.dataType() == type && Arrays.equals(a.shape(), shape)) {
        it.remove();
        bytes -= size(a);
        return a;
      }
    }
    return Nd4j.createUninitializedDetached(type, 'c', shape);
  }

  /** Gives {@code a} (from {@link #take}) back; it must not be used afterwards. */
  void give(INDArray a) {
    long size = size(a);
    if (size > MAX_BYTES) {
      a.close();
      return;
    }
    free.addFirst(a);
    bytes += size;
    while (bytes > MAX_BYTES) {
      INDArray oldest = free.removeLast();
      bytes -= size(oldest);
      oldest.close();
    }
  }

  /** Sets every element of every pooled array to {@code value} (tests: a user must not read what it did not write). */
  void fillFree(double value) {
    for (INDArray a : free) {
      a.assign(value);
    }
  }

  private static long size(INDArray a) {
    return a.length() * a.dataType().width();
  }
}
