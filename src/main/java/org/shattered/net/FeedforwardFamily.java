package org.shattered.net;

import org.shattered.spec.Normalization;
import org.shattered.spec.TaskSpec;
import org.shattered.theory.IndependentGateMonteCarlo;
import org.shattered.theory.MeanField;
import org.shattered.theory.TheoryCurves;

/** Plain rectifier nets, a_{l+1} = rho(n(W_l a_l)): L - 1 hidden matrices N x N, curve 2^-L. */
public final class FeedforwardFamily extends ArchitectureFamily {

  @Override
  AbstractNetwork network(TaskSpec spec, Blas blas, AbstractNetwork.Draw draw, boolean forwardMode) {
    return new FeedforwardNetwork(spec, blas, draw, forwardMode);
  }

  /** L - 1: the stem takes the input to layer 1, each hidden matrix one layer further. */
  @Override
  public int layerMatrices(int depth) {
    return depth - 1;
  }

  /** coact / active: NaN for a dead layer (0/0; the gradient is identically zero). */
  @Override
  public double meanFieldFactor(double beta, double weightVariance, double kappa, double coact, double active) {
    return active > 0 ? coact / active : Double.NaN;
  }

  @Override
  public double closedForm(Normalization normalization, double beta, int depth, double stemVariance) {
    return TheoryCurves.feedforward(depth);
  }

  @Override
  public String closedFormLabel(Normalization normalization) {
    return "2^-L";
  }

  /** Each layer replaces its input. */
  @Override
  public MeanField.Layer meanFieldLayer(double beta) {
    return MeanField.Layer.REPLACES;
  }

  @Override
  public boolean stepOnLineUnnormalized() {
    return true;
  }

  @Override
  public IndependentGateMonteCarlo.Estimate independentGates(Normalization normalization, double beta,
      double stemVariance, int depth, int width, int samples, long seed) {
    return IndependentGateMonteCarlo.feedforward(depth, width, samples, seed);
  }

  @Override
  public IndependentGateMonteCarlo.Estimate replayGates(double[] scales, double[] active, double[] coactivation,
      int width, int samples, long seed) {
    return IndependentGateMonteCarlo.replayed(false, scales, active, coactivation, width, samples, seed);
  }
}
