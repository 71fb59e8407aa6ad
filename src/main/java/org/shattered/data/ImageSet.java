package org.shattered.data;

/**
 * Images and their labels, as the raw bytes of the IDX files (pixels 0..255, item-major; labels
 * 0..classes-1): compact (47 MB for Fashion-MNIST's 60,000 training images) and what a sweep
 * broadcasts. {@link Scaling} turns pixels into network inputs.
 *
 * @param pixels count x dim unsigned bytes
 * @param labels count class indices
 * @param dim values per image (rows x cols)
 *
 * <p>Equality is identity (the record's own equals on its arrays): a data set of megabytes, loaded once and never compared.
 */
public record ImageSet(byte[] pixels, byte[] labels, int dim) implements java.io.Serializable {
  public ImageSet {
    if (dim < 1 || pixels.length != (long) labels.length * dim) {
      throw new IllegalArgumentException(pixels.length + " pixels for " + labels.length + " images of " + dim);
    }
  }

  public int count() {
    return labels.length;
  }

  public int label(int i) {
    return labels[i];
  }

  /** Pixel j of image i, 0..255. */
  public int pixel(int i, int j) {
    return pixels[i * dim + j] & 0xFF;
  }
}
