package org.shattered.measure;

import java.util.List;

/**
 * How many bits of precision batch normalization costs a task's forward pass (per task:
 * {@code precision_loss_bits}, and {@code precision_flag} above {@value #FLAG_BITS} bits).
 *
 * <p>After a product with a dense matrix (W_l, U_l, or the stem W0 for d &gt; 1) every unit of a
 * pre-activation carries a rounding error of about the same absolute size, since each is a sum over
 * the same inputs. Batch norm then multiplies unit u by its gain s_u = 1 / sqrt(var_u + eps): the
 * signal of every unit becomes unit-variance, while the error of unit u is scaled by s_u. Over the
 * layer, the error norm grows by sqrt(mean_u s_u^2) and the signal norm by 1 / sqrt(mean_u (1 /
 * s_u^2)), so the relative error grows by
 *
 * <pre>
 *   2^{b_l},   b_l = (1/2) log2( mean_u s_u^2  *  mean_u 1/s_u^2 )  &gt;= 0,
 * </pre>
 *
 * which is 0 when every unit has the same spread and large when a few units have a tiny one. The
 * next product mixes the amplified errors into every unit, so the losses of successive layers add:
 * {@code precision_loss_bits} = sum of b_l over the layers whose input is such a product (layers
 * 2..L, and layer 1 for inputs in R^d, d &gt; 1; with d = 1 the stem is one rounded multiplication
 * per unit, whose relative error batch norm leaves unchanged). Resnets keep a stream beside the
 * normalized branch, so their layers lose less ({@link #resnetLayerBits}). Double precision carries 53 bits and
 * float 24: a task that loses more than {@value #FLAG_BITS} bits has gates and gains that may be
 * rounding noise, and is flagged.
 *
 * <p>Why mean and not max over units: a single tiny-spread unit amplifies only its own error; its
 * share of the error norm is what the next layer mixes in. For looks-linear with batch norm and 1-D
 * inputs, unit u of layer l &gt;= 2 is a_u x-hat with a_u about N(0, 1), so mean_u 1/a_u^2 is dominated
 * by the smallest |a_u| (about 1/N): about 3.5 bits a layer at N = 200, the "tenfold per layer"
 * growth of rounding noise measured there, and gates that are noise from depth ~15 on in double.
 * Without normalization no unit is rescaled and the loss is 0.
 */
public final class PrecisionLoss {
  /** Bits lost above which a task is flagged. */
  public static final double FLAG_BITS = 20.0;

  private PrecisionLoss() {
  }

  /** b_l of one layer from its gains s_u = 1 / sqrt(var_u + eps). */
  public static double layerBits(double[] gains) {
    double meanSq = 0;
    double meanInvSq = 0;
    for (double s : gains) {
      meanSq += s * s;
      meanInvSq += 1.0 / (s * s);
    }
    meanSq /= gains.length;
    meanInvSq /= gains.length;
    return Math.max(0.0, 0.5 * Math.log(meanSq * meanInvSq) / Math.log(2));
  }

  /**
   * The bits lost by a whole forward pass whose layers replace their input (feedforward,
   * looks-linear): the sum of {@link #layerBits} over layers 2..L, and layer 1 too when
   * {@code stemIsProduct} (inputs in R^d, d &gt; 1). 0 without normalization (no gains).
   */
  public static double totalBits(List<double[]> gains, boolean stemIsProduct) {
    double bits = 0;
    for (int l = stemIsProduct ? 0 : 1; l < gains.size(); l++) {
      bits += layerBits(gains.get(l));
    }
    return bits;
  }

  /**
   * One resnet layer's bits: the stream r_{l+1} = r_l + beta W rho(n(r_l)) keeps its own error
   * e_l and adds the branch's, whose norm is that of s * e_l (the gates drop half, W doubles it
   * back): per unit, E_{l+1}^2 = E_l^2 (1 + beta^2 kappa_l), kappa_l = mean s_u^2, while the signal's
   * variance grows from v_l = mean_u 1/s_u^2 to v_l + beta^2 (a unit-variance branch scaled by beta).
   * The relative error grows by
   *
   * <pre>
   *   2^{b_l},   b_l = (1/2) log2( (1 + beta^2 kappa_l) / (1 + beta^2 / v_l) )  &gt;= 0,
   * </pre>
   *
   * 0 when every unit has the same spread (kappa_l = 1 / v_l), and the errors of successive layers
   * multiply (the b_l add). Unlike {@link #layerBits}, a branch's amplified error is diluted by the
   * stream it is added to, so deep resnets lose little.
   */
  public static double resnetLayerBits(double[] gains, double beta) {
    double kappa = kappa(gains);
    double v = 0;
    for (double s : gains) {
      v += 1.0 / (s * s);
    }
    v /= gains.length;
    double b2 = beta * beta;
    return Math.max(0.0, 0.5 * Math.log((1 + b2 * kappa) / (1 + b2 / v)) / Math.log(2));
  }

  /**
   * The bits lost by a resnet's forward pass: the sum of {@link #resnetLayerBits} over the layers
   * whose stream comes out of a product (2..L, and 1 too when {@code stemIsProduct}).
   */
  public static double resnetTotalBits(List<double[]> gains, double beta, boolean stemIsProduct) {
    double bits = 0;
    for (int l = stemIsProduct ? 0 : 1; l < gains.size(); l++) {
      bits += resnetLayerBits(gains.get(l), beta);
    }
    return bits;
  }

  /** Whether {@code bits} exceeds {@link #FLAG_BITS}. */
  public static boolean flagged(double bits) {
    return bits > FLAG_BITS;
  }

  /** kappa_l = mean over units of s_u^2 = 1 / (var_u + eps): the squared batch-norm gain of a layer. */
  public static double kappa(double[] gains) {
    double k = 0;
    for (double s : gains) {
      k += s * s;
    }
    return k / gains.length;
  }
}
