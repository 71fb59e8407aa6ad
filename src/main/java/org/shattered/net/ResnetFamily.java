package org.shattered.net;

import java.util.List;
import org.shattered.measure.PrecisionLoss;
import org.shattered.spec.Normalization;
import org.shattered.spec.TaskSpec;
import org.shattered.theory.IndependentGateMonteCarlo;
import org.shattered.theory.MeanField;
import org.shattered.theory.TheoryCurves;

/**
 * Residual nets, r_{l+1} = r_l + beta W_l rho(n(r_l)): L matrices N x N, the branch scale beta, a
 * gradient that splits by the number of branches a path goes through.
 */
public final class ResnetFamily extends ArchitectureFamily {

  @Override
  AbstractNetwork network(TaskSpec spec, Blas blas, AbstractNetwork.Draw draw, boolean forwardMode) {
    return new ResnetNetwork(spec, blas, draw, forwardMode);
  }

  @Override
  public boolean usesBeta() {
    return true;
  }

  @Override
  public boolean pathDecompositionRows() {
    return true;
  }

  /** The stream beside the normalized branch keeps its own error ({@link PrecisionLoss#resnetLayerBits}). */
  @Override
  public double precisionLossBits(List<double[]> gains, double beta, boolean stemIsProduct) {
    return PrecisionLoss.resnetTotalBits(gains, beta, stemIsProduct);
  }

  /** (1 + b coact) / (1 + b active), b = sigma_w^2 beta^2 kappa: 1 for a dead branch (the skip carries it). */
  @Override
  public double meanFieldFactor(double beta, double weightVariance, double kappa, double coact, double active) {
    double b = weightVariance * beta * beta * kappa;
    return (1 + b * coact) / (1 + b * active);
  }

  /** Without normalization the branch-scale formula; with batch norm the beta-aware product. */
  @Override
  public double closedForm(Normalization normalization, double beta, int depth, double stemVariance) {
    return normalization == Normalization.BATCH ? TheoryCurves.resnetBatchNorm(beta, depth, stemVariance)
        : TheoryCurves.resnet(beta, depth);
  }

  @Override
  public String closedFormLabel(Normalization normalization) {
    return normalization == Normalization.BATCH ? "∏(1+β²κ_l/2)/(1+β²κ_l), κ_l=1/(v_1+(1-1/π)(l-1)β²)"
        : "((1+β²/2)/(1+β²))^L";
  }

  /**
   * With batch norm at beta = 1 the paper's heuristic that branch l acts like beta_l^2 = 1/l
   * ({@link TheoryCurves#resnetBatchNormHeuristic}); it has no beta, so NaN at any other beta.
   */
  @Override
  public double heuristic(Normalization normalization, double beta, int depth) {
    return normalization == Normalization.BATCH && beta == 1.0 ? TheoryCurves.resnetBatchNormHeuristic(depth)
        : Double.NaN;
  }

  /** The stream adds beta^2 times its branch's (co)variance. */
  @Override
  public MeanField.Layer meanFieldLayer(double beta) {
    return MeanField.Layer.residual(beta);
  }

  @Override
  public boolean stepOnLineUnnormalized() {
    return true;
  }

  @Override
  public IndependentGateMonteCarlo.Estimate independentGates(Normalization normalization, double beta,
      double stemVariance, int depth, int width, int samples, long seed) {
    return normalization == Normalization.BATCH
        ? IndependentGateMonteCarlo.resnetBatchNorm(depth, beta, stemVariance, width, samples, seed)
        : IndependentGateMonteCarlo.resnet(depth, width, beta, samples, seed);
  }

  @Override
  public IndependentGateMonteCarlo.Estimate replayGates(double[] scales, double[] active, double[] coactivation,
      int width, int samples, long seed) {
    return IndependentGateMonteCarlo.replayed(true, scales, active, coactivation, width, samples, seed);
  }
}
