package org.shattered.report;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Encodes a chart as an 8-bit palette PNG: about half the bytes of a true-colour PNG, and each
 * figure is stored twice (the file the page shows and the notebook's embedded output). The palette
 * is the image's 256 most frequent colours (white, the grid, the curves' colours and the heat maps'
 * common shades); every other colour (anti-aliased edges, rare heat-map shades) becomes its nearest
 * palette colour. An image of at most 256 colours is stored exactly.
 */
final class PalettePng {

  private static final int MAX_COLORS = 256;

  private PalettePng() {
  }

  static byte[] encode(BufferedImage rgb) {
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    int[] px = rgb.getRGB(0, 0, w, h, null, 0, w);
    Map<Integer, Integer> count = new HashMap<>();
    for (int p : px) {
      count.merge(p & 0xffffff, 1, Integer::sum);
    }
    List<Map.Entry<Integer, Integer>> byFrequency = new ArrayList<>(count.entrySet());
    byFrequency.sort((a, b) -> a.getValue().equals(b.getValue()) ? Integer.compare(a.getKey(), b.getKey())
        : Integer.compare(b.getValue(), a.getValue()));
    int n = Math.min(MAX_COLORS, byFrequency.size());
    int[] palette = new int[n];
    byte[] r = new byte[n];
    byte[] g = new byte[n];
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      palette[i] = byFrequency.get(i).getKey();
      r[i] = (byte) (palette[i] >> 16);
      g[i] = (byte) (palette[i] >> 8);
      b[i] = (byte) palette[i];
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, n, r, g, b));
    byte[] data = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
    Map<Integer, Byte> index = new HashMap<>();
    for (int i = 0; i < px.length; i++) {
      data[i] = index.computeIfAbsent(px[i] & 0xffffff, c -> (byte) nearest(c, palette));
    }
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ImageIO.write(out, "png", bytes);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Index of the palette colour closest to {@code c} (squared RGB distance). */
  static int nearest(int c, int[] palette) {
    int best = 0;
    long bestDistance = Long.MAX_VALUE;
    for (int j = 0; j < palette.length; j++) {
      long dr = ((c >> 16) & 255) - ((palette[j] >> 16) & 255);
      long dg = ((c >> 8) & 255) - ((palette[j] >> 8) & 255);
      long db = (c & 255) - (palette[j] & 255);
      long d = dr * dr + dg * dg + db * db;
      if (d < bestDistance) {
        bestDistance = d;
        best = j;
      }
    }
    return best;
  }
}
