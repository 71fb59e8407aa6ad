package org.shattered.train;

/** The readout's loss: softmax cross-entropy, accumulated in double with the log-sum-exp shift. */
final class Softmax {
  private Softmax() {}

  /**
   * The summed cross-entropy of the rows of {@code logits} (rows x classes) against {@code labels};
   * when {@code dLogits} is not null it receives d(scale x sum)/dlogits = scale (softmax - onehot).
   * {@code correct[0]} (if given) is increased by the rows whose largest logit is the label's (ties
   * to the lower class).
   */
  static double loss(double[] logits, int rows, int classes, int[] labels, double[] dLogits, double scale,
      long[] correct) {
    double total = 0;
    for (int r = 0; r < rows; r++) {
      int base = r * classes;
      double max = Double.NEGATIVE_INFINITY;
      int arg = 0;
      for (int c = 0; c < classes; c++) {
        if (logits[base + c] > max) {
          max = logits[base + c];
          arg = c;
        }
      }
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        sum += Math.exp(logits[base + c] - max);
      }
      double logSum = max + Math.log(sum);
      total += logSum - logits[base + labels[r]];
      if (correct != null && arg == labels[r]) {
        correct[0]++;
      }
      if (dLogits != null) {
        for (int c = 0; c < classes; c++) {
          dLogits[base + c] = scale * (Math.exp(logits[base + c] - logSum) - (c == labels[r] ? 1 : 0));
        }
      }
    }
    return total;
  }
}
