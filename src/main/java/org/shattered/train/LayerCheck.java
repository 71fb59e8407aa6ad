package org.shattered.train;

/**
 * One ReLU layer of a trained network at a checkpoint, on the fixed set of test images
 * (docs/science.md, Training).
 *
 * @param layer 1-based
 * @param units gated units (2N for the concatenated ReLU)
 * @param activeFraction mean over the images of the fraction of units active
 * @param coactivation mean over image pairs of the fraction of units active at both
 * @param gradientNorm root mean square over the images of |dy/dh_l|, y the true-class logit, h_l the
 *     layer's ReLU input (batch statistics held fixed)
 */
public record LayerCheck(int layer, int units, double activeFraction, double coactivation, double gradientNorm) {}
