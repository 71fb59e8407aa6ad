package org.shattered.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shattered.cli.CommandLineTest.Run;
import org.shattered.data.IdxFiles;

/** {@code train}: bad input is one line with exit 2 and nothing on standard output; a small run on test-made data. */
class TrainCommandTest {
  @TempDir
  Path tmp;

  private Path data() throws Exception {
    Path d = Files.createDirectories(tmp.resolve("data"));
    return IdxFiles.dataset(d, 200, 300, 4, 4);
  }

  private static void oneLine(Run r, String... named) {
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertEquals("", r.out());
    for (String n : named) {
      assertTrue(r.err().contains(n), "'" + n + "' not in: " + r.err());
    }
  }

  private static Run train(Path data, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("train", "--depth", "3", "--width", "8", "--data-dir",
        data.toString()));
    args.addAll(List.of(more));
    return CommandLineTest.run(args.toArray(String[]::new));
  }

  @Test
  void badInputIsOneLine() throws Exception {
    Path d = data();
    oneLine(train(tmp.resolve("none"), "--architecture", "resnet", "--learning-rate", "0.1", "--steps", "2"),
        "--data-dir", tmp.resolve("none").toString(), "apt-get install dataset-fashion-mnist");
    oneLine(train(d, "--architecture", "resnet", "--learning-rate", "0", "--steps", "2"), "--learning-rate", "> 0");
    oneLine(train(d, "--architecture", "resnet", "--learning-rate", "-1", "--steps", "2"), "--learning-rate");
    oneLine(train(d, "--architecture", "resnet", "--learning-rate", "0.1", "--steps", "0"), "--steps", ">= 1");
    oneLine(train(d, "--architecture", "resnet", "--learning-rate", "0.1", "--steps", "2", "--batch-size", "201"),
        "--batch-size", "200 images");
    oneLine(train(d, "--architecture", "highway", "--learning-rate", "0.1", "--steps", "2"), "--architecture",
        "highway", "crelu");
    IdxFiles.gzip(d.resolve("train-images-idx3-ubyte.gz"), IdxFiles.idx(0x803, new int[] {200, 4, 4}, new byte[100]));
    oneLine(train(d, "--architecture", "resnet", "--learning-rate", "0.1", "--steps", "2"), "--data-dir",
        "train-images-idx3-ubyte.gz truncated", "apt-get install dataset-fashion-mnist");
  }

  @Test
  void jsonHasEveryCheckpoint() throws Exception {
    Path d = data();
    Run r = train(d, "--architecture", "crelu", "--normalization", "batch", "--learning-rate", "0.05", "--steps", "6",
        "--batch-size", "20", "--checkpoint-every", "3", "--seeds", "2", "--json");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.out().strip().lines().toList();
    assertEquals(2, lines.size());
    JsonNode seed1 = new ObjectMapper().readTree(lines.get(1));
    assertEquals(1, seed1.get("seed").asInt());
    assertEquals(3, seed1.get("checkpoints").size());
    assertEquals(6, seed1.get("checkpoints").get(2).get("step").asInt());
    assertEquals(3, seed1.get("checkpoints").get(0).get("layers").size());
    assertEquals(16, seed1.get("checkpoints").get(0).get("layers").get(0).get("units").asInt());
    assertTrue(seed1.get("diverged_at_step").isNull());
  }
}
