package org.shattered.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shattered.spec.SpecException;

class FashionMnistTest {
  @TempDir
  Path dir;

  @Test
  void readsWhatWasWritten() throws Exception {
    IdxFiles.dataset(dir, 30, 12, 3, 4);
    FashionMnist data = FashionMnist.read(dir);
    assertEquals(30, data.train().count());
    assertEquals(12, data.test().count());
    assertEquals(12, data.train().dim());
    assertEquals((5 * 31 + 17) % 256, data.train().pixel(0, 5));
    assertEquals(7, data.test().label(7));
  }

  @Test
  void scalingStandardizesTheTrainingPixels() throws Exception {
    IdxFiles.dataset(dir, 30, 12, 3, 4);
    FashionMnist data = FashionMnist.read(dir);
    Scaling s = Scaling.fit(data.train());
    double[] x = s.rows(data.train(), 0, 30);
    double mean = Arrays.stream(x).average().orElseThrow();
    double var = Arrays.stream(x).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
    assertEquals(0.0, mean, 1e-12);
    assertEquals(1.0, var, 1e-12);
    assertEquals((data.train().pixel(2, 3) / 255.0 - s.mean()) / s.sd(), x[2 * 12 + 3], 1e-15);
  }

  @Test
  void missingFolderNamesTheFolderAndThePackage() {
    Path missing = dir.resolve("nowhere");
    SpecException e = assertThrows(SpecException.class, () -> FashionMnist.read(missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    assertEquals("data-dir", e.key());
  }

  @Test
  void missingFileIsNamed() throws Exception {
    IdxFiles.dataset(dir, 30, 12, 3, 4);
    Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
    SpecException e = assertThrows(SpecException.class, () -> FashionMnist.read(dir));
    assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte.gz missing"), e.getMessage());
  }

  @Test
  void truncatedImagesAreRefused() throws Exception {
    IdxFiles.dataset(dir, 30, 12, 3, 4);
    byte[] short_ = IdxFiles.idx(0x803, new int[] {30, 3, 4}, new byte[30 * 12 - 1]);
    IdxFiles.gzip(dir.resolve("train-images-idx3-ubyte.gz"), short_);
    SpecException e = assertThrows(SpecException.class, () -> FashionMnist.read(dir));
    assertTrue(e.getMessage().contains("truncated: 359 value bytes, header says 360"), e.getMessage());
  }

  @Test
  void truncatedGzipIsRefused() throws Exception {
    IdxFiles.dataset(dir, 30, 12, 3, 4);
    Path f = dir.resolve("t10k-images-idx3-ubyte.gz");
    byte[] gz = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(gz, gz.length / 2));
    SpecException e = assertThrows(SpecException.class, () -> FashionMnist.read(dir));
    assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte.gz"), e.getMessage());
  }

  @Test
  void wrongMagicIsRefused() throws Exception {
    IdxFiles.dataset(dir, 30, 12, 3, 4);
    IdxFiles.gzip(dir.resolve("train-labels-idx1-ubyte.gz"), IdxFiles.idx(0x803, new int[] {30}, new byte[30]));
    SpecException e = assertThrows(SpecException.class, () -> FashionMnist.read(dir));
    assertTrue(e.getMessage().contains("magic number 0x00000803, expected 0x00000801"), e.getMessage());
  }

  @Test
  void countsMustAgreeAndLabelsBeClasses() throws Exception {
    IdxFiles.dataset(dir, 30, 12, 3, 4);
    IdxFiles.gzip(dir.resolve("train-labels-idx1-ubyte.gz"), IdxFiles.idx(0x801, new int[] {29}, new byte[29]));
    assertTrue(assertThrows(SpecException.class, () -> FashionMnist.read(dir)).getMessage()
        .contains("29 labels for 30 images"));
    byte[] labels = new byte[30];
    labels[4] = 10;
    IdxFiles.gzip(dir.resolve("train-labels-idx1-ubyte.gz"), IdxFiles.idx(0x801, new int[] {30}, labels));
    assertTrue(assertThrows(SpecException.class, () -> FashionMnist.read(dir)).getMessage().contains("label 10"));
  }

  @Test
  void realDatasetWhenInstalled() {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIR));
    FashionMnist data = FashionMnist.read(FashionMnist.DEFAULT_DIR);
    assertEquals(60000, data.train().count());
    assertEquals(10000, data.test().count());
    assertEquals(784, data.train().dim());
    int[] perClass = new int[10];
    for (int i = 0; i < 10000; i++) {
      perClass[data.test().label(i)]++;
    }
    int[] thousand = new int[10];
    Arrays.fill(thousand, 1000);
    assertArrayEquals(thousand, perClass);
  }
}
