package org.shattered.theory;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.shattered.spec.Architecture;
import org.shattered.spec.Normalization;

/**
 * The Monte-Carlo check of {@link TheoryCurves} (docs/science.md, Theory curves): random He weights,
 * gates drawn at the two inputs x and x' independently of the weights, and the correlation of the
 * two gradients
 *
 * <pre>
 *   feedforward: g = w_out^T D_L W_{L-1} D_{L-1} ... W_1 D_1 W0
 *   resnet:      g = w_out^T (I + b_L W_L D_L) ... (I + b_1 W_1 D_1) W0
 * </pre>
 *
 * (g' the same with the gates D'_l), estimated as corr = E[g g'] / sqrt(E[g^2] E[g'^2]) over
 * {@code samples} independent draws. W0 is N x 1 with entries N(0, 2), W_l is N x N with entries
 * N(0, 2/N), w_out has entries N(0, 1/N).
 *
 * <p><b>Gates.</b> The table's curves draw each gate Bernoulli(1/2), independently at the two inputs
 * (active fraction 1/2, co-activation 1/4). {@link #replay} draws the pair (D_l[u], D'_l[u]) per
 * unit from the joint law with a given active fraction a_l and co-activation c_l (both on with
 * probability c_l, one only with a_l - c_l each, neither with 1 - 2 a_l + c_l), so the Monte Carlo
 * can replay a measured network's gate statistics. A batch-normalized branch multiplies its input
 * by the per-unit gain 1/sqrt(var + eps); the mean-field form replaces it by sqrt(kappa_l), so the
 * resnet branch scale is b_l = beta sqrt(kappa_l) (kappa_l = 1 without normalization). In
 * expectation over the weights the estimate is then the product {@link TheoryCurves#meanField}: the
 * check tests the algebra, not the independence assumption.
 *
 * <p><b>Sampling.</b> A weight matrix is used only through its product with the two vectors
 * (u, u') it multiplies, and it is independent of them; the rows of (W u, W u') are therefore iid
 * bivariate normal with covariance sigma^2 [[u.u, u.u'], [u.u', u'.u']]. Each layer draws those
 * N pairs directly (Cholesky of the 2 x 2 Gram matrix), and the output pair (g, g') the same way,
 * which has exactly the distribution of the explicit product at O(N) instead of O(N^2) per layer.
 * (The tests check it against an explicit-matrix simulation.)
 *
 * <p><b>Standard error</b> by the delta method: with a_s = g g', b_s = g^2, c_s = g'^2 and their
 * means A, B, C, corr = A / sqrt(B C) has influence h_s = a_s / sqrt(B C) - corr (b_s / B + c_s / C) / 2,
 * and SE = sqrt(mean h_s^2 / S).
 *
 * <p>Deterministic given the seed ({@link SplittableRandom}, Box-Muller normals with
 * {@link StrictMath}).
 */
public final class IndependentGateMonteCarlo {

  /**
   * A Monte-Carlo estimate.
   *
   * @param correlation the estimated gradient correlation
   * @param standardError its standard error (delta method)
   * @param samples number of independent draws
   */
  public record Estimate(double correlation, double standardError, int samples) {

    /** Whether |correlation - expected| is at most {@code sigmas} standard errors plus {@code tolerance}. */
    boolean agrees(double expected, double sigmas, double tolerance) {
      return Math.abs(correlation - expected) <= sigmas * standardError + tolerance;
    }
  }

  private IndependentGateMonteCarlo() {
  }

  /** Feedforward net of {@code depth} ReLU layers and width N. */
  public static Estimate feedforward(int depth, int width, int samples, long seed) {
    requireCommon(depth, width, samples);
    return run(false, new double[depth], null, null, width, samples, seed);
  }

  /** Resnet of {@code depth} blocks, every branch scaled by {@code beta}. */
  public static Estimate resnet(int depth, int width, double beta, int samples, long seed) {
    requireCommon(depth, width, samples);
    double[] betas = new double[depth];
    Arrays.fill(betas, beta);
    return resnet(betas, width, samples, seed);
  }

  /** Resnet with branch l scaled by {@code branchScales[l-1]}; the depth is the array's length. */
  public static Estimate resnet(double[] branchScales, int width, int samples, long seed) {
    requireCommon(branchScales.length, width, samples);
    requireFinite(branchScales);
    return run(true, branchScales.clone(), null, null, width, samples, seed);
  }

  /** The paper's batch-norm heuristic ({@link TheoryCurves#resnetBatchNormHeuristic}): branch l scaled by 1/sqrt(l). */
  public static Estimate resnetBatchNormHeuristic(int depth, int width, int samples, long seed) {
    double[] betas = new double[depth];
    for (int l = 1; l <= depth; l++) {
      betas[l - 1] = 1.0 / Math.sqrt(l);
    }
    return resnet(betas, width, samples, seed);
  }

  /**
   * The beta-aware batch-norm resnet ({@link TheoryCurves#resnetBatchNorm(double, int, double)}):
   * branch l scaled by beta sqrt(kappa_l), kappa_l = 1 / (v_1 + (1 - 1/pi) (l - 1) beta^2).
   */
  public static Estimate resnetBatchNorm(int depth, double beta, double stemVariance, int width, int samples,
      long seed) {
    double[] kappa = TheoryCurves.resnetBatchNormKappa(beta, depth, stemVariance);
    double[] scales = new double[depth];
    for (int l = 0; l < depth; l++) {
      scales[l] = beta * Math.sqrt(kappa[l]);
    }
    return resnet(scales, width, samples, seed);
  }

  /**
   * Replays given per-layer gate statistics (element l-1 for layer l): gates drawn per unit with
   * active fraction {@code active[l]} at each input and co-activation {@code coactivation[l]}, the
   * resnet's branch l scaled by beta sqrt(kappa[l]). Its expectation is
   * {@link TheoryCurves#meanField} of the same arguments. Looks-linear is exact (1, no error).
   *
   * @throws IllegalArgumentException when the arrays differ in length or a layer's (a, c) is not a
   *     joint law of two gates (0 &lt;= c &lt;= a &lt;= 1, c &gt;= 2a - 1)
   */
  public static Estimate replay(Architecture architecture, double beta, double[] active, double[] coactivation,
      double[] kappa, int width, int samples, long seed) {
    int depth = active.length;
    requireCommon(depth, width, samples);
    if (coactivation.length != depth || kappa.length != depth) {
      throw new IllegalArgumentException("need one active fraction, co-activation and kappa per layer, got "
          + depth + ", " + coactivation.length + ", " + kappa.length);
    }
    for (int l = 0; l < depth; l++) {
      double a = active[l];
      double c = coactivation[l];
      if (!(a >= 0 && a <= 1 && c >= 0 && c <= a && c >= 2 * a - 1 - 1e-12) || !(kappa[l] >= 0)) {
        throw new IllegalArgumentException("layer " + (l + 1) + ": active " + a + ", co-activation " + c
            + ", kappa " + kappa[l] + " are not gate statistics (need 0 <= c <= a <= 1, c >= 2a - 1, kappa >= 0)");
      }
    }
    double[] scales = new double[depth];
    for (int l = 0; l < depth; l++) {
      scales[l] = beta * Math.sqrt(kappa[l]);
    }
    return architecture.family().replayGates(scales, active.clone(), coactivation.clone(), width, samples, seed);
  }

  /**
   * The replay of checked gate statistics ({@link #replay}) with branch scales {@code scales}:
   * {@code residual} for a resnet (branches scaled, finite scales required), else a feedforward net.
   * The arrays become the replay's own.
   */
  public static Estimate replayed(boolean residual, double[] scales, double[] active, double[] coactivation,
      int width, int samples, long seed) {
    if (residual) {
      requireFinite(scales);
    }
    return run(residual, scales, active, coactivation, width, samples, seed);
  }

  /**
   * The check matching {@link TheoryCurves#forArchitecture}: feedforward, resnet with {@code beta}
   * (no normalization) or the beta-aware batch-norm form with stem variance v_1. Looks-linear is
   * exact: its gradient U_L ... U_1 W0 does not depend on the gates, so the correlation is 1 with no
   * sampling error.
   */
  public static Estimate forArchitecture(Architecture architecture, Normalization normalization, double beta,
      double stemVariance, int depth, int width, int samples, long seed) {
    return architecture.family().independentGates(normalization, beta, stemVariance, depth, width, samples, seed);
  }

  /** active/coact null: Bernoulli(1/2) gates drawn independently at the two inputs. */
  private static Estimate run(boolean residual, double[] betas, double[] active, double[] coact, int n, int samples,
      long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int depth = betas.length;
    double hiddenStd = Math.sqrt(2.0 / n);
    double outStd = Math.sqrt(1.0 / n);
    double[] v = new double[n];
    double[] w = new double[n];
    double[] u = new double[n];
    double[] uu = new double[n];
    double[] a = new double[n];
    double[] aa = new double[n];
    double[] z = new double[2 * n];
    double[] g = new double[1];
    double[] gg = new double[1];
    double[] prodGg = new double[samples];
    double[] sqG = new double[samples];
    double[] sqGg = new double[samples];
    for (int s = 0; s < samples; s++) {
      // stem: d z / dx = W0, the same at both inputs
      fillNormal(rng, z, n);
      for (int i = 0; i < n; i++) {
        v[i] = Math.sqrt(2.0) * z[i];
        w[i] = v[i];
      }
      for (int l = 0; l < depth; l++) {
        if (active == null) {
          gate(rng, v, u, n);
          gate(rng, w, uu, n);
        } else {
          jointGates(rng, active[l], coact[l], v, w, u, uu, n);
        }
        if (residual) {
          rowPairs(rng, u, uu, hiddenStd, n, a, aa, n, z);
          double b = betas[l];
          for (int i = 0; i < n; i++) {
            v[i] += b * a[i];
            w[i] += b * aa[i];
          }
        } else if (l < depth - 1) {
          rowPairs(rng, u, uu, hiddenStd, n, v, w, n, z);
        } else {
          System.arraycopy(u, 0, v, 0, n);
          System.arraycopy(uu, 0, w, 0, n);
        }
      }
      rowPairs(rng, v, w, outStd, n, g, gg, 1, z);
      prodGg[s] = g[0] * gg[0];
      sqG[s] = g[0] * g[0];
      sqGg[s] = gg[0] * gg[0];
    }
    return estimate(prodGg, sqG, sqGg);
  }

  static Estimate estimate(double[] ab, double[] aa, double[] bb) {
    int s = ab.length;
    double mA = 0;
    double mB = 0;
    double mC = 0;
    for (int i = 0; i < s; i++) {
      mA += ab[i];
      mB += aa[i];
      mC += bb[i];
    }
    mA /= s;
    mB /= s;
    mC /= s;
    double root = Math.sqrt(mB * mC);
    double corr = mA / root;
    double var = 0;
    for (int i = 0; i < s; i++) {
      double h = ab[i] / root - 0.5 * corr * (aa[i] / mB + bb[i] / mC);
      var += h * h;
    }
    return new Estimate(corr, Math.sqrt(var / s) / Math.sqrt(s), s);
  }

  /** out_i = D_i in_i with D_i iid Bernoulli(1/2). */
  private static void gate(SplittableRandom rng, double[] in, double[] out, int n) {
    long bits = 0;
    for (int i = 0; i < n; i++) {
      if ((i & 63) == 0) {
        bits = rng.nextLong();
      }
      out[i] = (bits >>> (i & 63) & 1L) != 0 ? in[i] : 0.0;
    }
  }

  /**
   * out = D in, outOther = D' inOther with (D_i, D'_i) iid per unit: both 1 with probability c,
   * only D_i with a - c, only D'_i with a - c.
   */
  static void jointGates(SplittableRandom rng, double a, double c, double[] in, double[] inOther, double[] out,
      double[] outOther, int n) {
    for (int i = 0; i < n; i++) {
      double r = rng.nextDouble();
      boolean first = r < a;
      boolean second = r < c || (r >= a && r < 2 * a - c);
      out[i] = first ? in[i] : 0.0;
      outOther[i] = second ? inOther[i] : 0.0;
    }
  }

  /**
   * Draws the rows of (W u, W u') for W with iid N(0, std^2) entries: {@code rows} iid bivariate
   * normal pairs with covariance std^2 Gram(u, u'), written to a[0..rows) and aa[0..rows).
   */
  private static void rowPairs(SplittableRandom rng, double[] u, double[] uu, double std, int n, double[] a,
      double[] aa, int rows, double[] z) {
    double p = 0;
    double q = 0;
    double c = 0;
    for (int i = 0; i < n; i++) {
      p += u[i] * u[i];
      q += uu[i] * uu[i];
      c += u[i] * uu[i];
    }
    // Cholesky factor [[l11, 0], [l21, l22]] of the Gram matrix [[p, c], [c, q]]
    double l11 = Math.sqrt(p);
    double l21 = p > 0 ? c / l11 : 0.0;
    double l22 = Math.sqrt(Math.max(0.0, q - l21 * l21));
    fillNormal(rng, z, 2 * rows);
    for (int i = 0; i < rows; i++) {
      double z1 = z[2 * i];
      double z2 = z[2 * i + 1];
      a[i] = std * l11 * z1;
      aa[i] = std * (l21 * z1 + l22 * z2);
    }
  }

  /** Fills out[0..count) with standard normals (Box-Muller, StrictMath). */
  static void fillNormal(SplittableRandom rng, double[] out, int count) {
    for (int i = 0; i < count; i += 2) {
      double r = StrictMath.sqrt(-2.0 * StrictMath.log(1.0 - rng.nextDouble()));
      double theta = 2.0 * StrictMath.PI * rng.nextDouble();
      out[i] = r * StrictMath.cos(theta);
      if (i + 1 < count) {
        out[i + 1] = r * StrictMath.sin(theta);
      }
    }
  }

  private static void requireFinite(double[] scales) {
    for (double b : scales) {
      if (!Double.isFinite(b)) {
        throw new IllegalArgumentException("branch scales must be finite, got " + b);
      }
    }
  }

  private static void requireCommon(int depth, int width, int samples) {
    if (depth < 1 || width < 1 || samples < 2) {
      throw new IllegalArgumentException("need depth >= 1, width >= 1 and samples >= 2; got depth " + depth
          + ", width " + width + ", samples " + samples);
    }
  }
}
