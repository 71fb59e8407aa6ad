package org.shattered.net;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.shattered.spec.Normalization;
import org.shattered.spec.TaskSpec;
import org.shattered.theory.IndependentGateMonteCarlo;
import org.shattered.theory.MeanField;
import org.shattered.theory.TheoryCurves;

/**
 * Concatenated ReLU with mirrored orthogonal weights: L matrices N x 2N, exactly linear at
 * initialization, so its curve is 1 whatever the gates, and ReLU-only.
 */
public final class LooksLinearFamily extends ArchitectureFamily {

  @Override
  AbstractNetwork network(TaskSpec spec, Blas blas, AbstractNetwork.Draw draw, boolean forwardMode) {
    return new LooksLinearNetwork(spec, blas, draw);
  }

  /** Mirrored Haar-orthogonal matrices [U, -U] (N x 2N), which ignore sigma_w^2. */
  @Override
  INDArray[] layers(int n, double weightVariance, int count, GaussianStream rng, Blas blas) {
    double[][] mirrored = new double[count][];
    for (int l = 0; l < count; l++) {
      mirrored[l] = layerArray(n, weightVariance, rng);
    }
    return blas.matrices(mirrored, n, 2 * n);
  }

  /** [U, -U] with U Haar-orthogonal, N x 2N. */
  @Override
  double[] layerArray(int n, double weightVariance, GaussianStream rng) {
    return Weights.mirrored(Weights.haarOrthogonal(rng, n), n);
  }

  @Override
  public boolean mirrored() {
    return true;
  }

  /** None: the network is linear at initialization, its correlation 1 (mean_field_pair_corr stays empty). */
  @Override
  public MeanField.Layer meanFieldLayer(double beta) {
    return null;
  }

  @Override
  public String meanFieldRefusal() {
    return "looks-linear is linear at initialization (its correlation is 1)";
  }

  /** Its gradient always needs the backward pass. */
  @Override
  public boolean forwardMode() {
    return false;
  }

  @Override
  public long layerColumns(int width) {
    return 2L * width;
  }

  @Override
  public String reluOnlyBecause() {
    return "defined by the ReLU mirror";
  }

  /** Looks-linear has no residual branches; refused rather than skipped. */
  @Override
  public String pathDecompositionRefusal() {
    return "the path decomposition is defined for resnet (and feedforward, one path length), not for looks-linear";
  }

  /** 1: the gradient U_L ... U_1 W0 does not depend on the gates. */
  @Override
  public double meanFieldFactor(double beta, double weightVariance, double kappa, double coact, double active) {
    return 1.0;
  }

  @Override
  public double closedForm(Normalization normalization, double beta, int depth, double stemVariance) {
    return TheoryCurves.looksLinear(depth);
  }

  @Override
  public String closedFormLabel(Normalization normalization) {
    return "1";
  }

  /** Exact: correlation 1 with no sampling error. */
  @Override
  public IndependentGateMonteCarlo.Estimate independentGates(Normalization normalization, double beta,
      double stemVariance, int depth, int width, int samples, long seed) {
    return new IndependentGateMonteCarlo.Estimate(1.0, 0.0, samples);
  }

  @Override
  public IndependentGateMonteCarlo.Estimate replayGates(double[] scales, double[] active, double[] coactivation,
      int width, int samples, long seed) {
    return new IndependentGateMonteCarlo.Estimate(1.0, 0.0, samples);
  }
}
