package org.shattered.data;

import java.nio.file.Path;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017): 60,000 training and 10,000 test images of 28 x 28
 * pixels in 10 classes, read from the four gzip IDX files in one folder, by default where Debian's
 * {@code dataset-fashion-mnist} installs them. Every file is checked (magic number, sizes, images
 * and labels of equal count, labels below 10, both splits of equal image size); any problem is a
 * {@link org.shattered.spec.SpecException} (see {@link DataProblem}) naming the folder and the install command.
 *
 * @param train the training split
 * @param test the test split
 */
public record FashionMnist(ImageSet train, ImageSet test) implements java.io.Serializable {
  public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
  public static final int CLASSES = 10;

  /** Reads and checks the dataset in {@code dir}. */
  public static FashionMnist read(Path dir) {
    if (!java.nio.file.Files.isDirectory(dir)) {
      throw DataProblem.of(dir.resolve("train-images-idx3-ubyte.gz"), "missing: no folder " + dir);
    }
    ImageSet train = split(dir, "train");
    ImageSet test = split(dir, "t10k");
    if (train.dim() != test.dim()) {
      throw DataProblem.of(dir.resolve("t10k-images-idx3-ubyte.gz"), "has images of " + test.dim()
          + " pixels, the training images " + train.dim());
    }
    return new FashionMnist(train, test);
  }

  /** One split: {@code prefix}-images-idx3-ubyte.gz and {@code prefix}-labels-idx1-ubyte.gz. */
  static ImageSet split(Path dir, String prefix) {
    Path imageFile = dir.resolve(prefix + "-images-idx3-ubyte.gz");
    Path labelFile = dir.resolve(prefix + "-labels-idx1-ubyte.gz");
    IdxFile images = IdxFile.read(imageFile, 3);
    IdxFile labels = IdxFile.read(labelFile, 1);
    if (images.count() != labels.count()) {
      throw DataProblem.of(labelFile, "has " + labels.count() + " labels for " + images.count() + " images");
    }
    for (byte b : labels.values()) {
      if ((b & 0xFF) >= CLASSES) {
        throw DataProblem.of(labelFile, "has label " + (b & 0xFF) + ", allowed 0.." + (CLASSES - 1));
      }
    }
    return new ImageSet(images.values(), labels.values(), images.itemSize());
  }
}
