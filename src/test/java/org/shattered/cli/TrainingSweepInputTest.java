package org.shattered.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.shattered.cli.SqlCommandTest.Run;
import org.shattered.data.IdxFiles;

/**
 * Bad input to a training sweep is one line naming the key, exit 2, before Spark starts and with
 * nothing written: each case below changes one value of a valid small sweep.
 */
class TrainingSweepInputTest {
  @TempDir
  Path tmp;

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "train.learning-rate = [0.0] | sweep.train.learning-rate",
      "train.learning-rate = [-0.1] | sweep.train.learning-rate",
      "train.steps = [0] | sweep.train.steps",
      "train.batch-size = [201] | sweep.train.batch-size",
      "train.momentum = [1.0] | sweep.train.momentum",
      "grid.architecture = [feedforward, highway] | sweep.grid.architecture",
      "task = learn | sweep.task",
      "train.data-dir = \"MISSING\" | sweep.train.data-dir",
      "train.data-dir = \"DAMAGED\" | train-images-idx3-ubyte.gz"})
  void isOneLineWithExit2AndNothingWritten(String change, String named) throws IOException {
    Path data = IdxFiles.dataset(Files.createDirectories(tmp.resolve("data")), 200, 50, 4, 4);
    Path damaged = Files.createDirectories(tmp.resolve("damaged"));
    IdxFiles.dataset(damaged, 200, 50, 4, 4);
    Files.write(damaged.resolve("train-images-idx3-ubyte.gz"), new byte[] {31, -117, 8, 0});
    Path conf = tmp.resolve("bad.conf");
    Files.writeString(conf, "sweep { name = bad, task = train, grid { architecture = [feedforward], depth = [2],"
        + " width = [4], seed = 1 }, train { data-dir = \"" + data + "\", learning-rate = [0.01], steps = [3],"
        + " batch-size = [16] } }\n");
    Path out = tmp.resolve("out");
    String set = "sweep." + change.replace("MISSING", tmp.resolve("none").toString()).replace("DAMAGED",
        damaged.toString());
    Run r = SqlCommandTest.run("sweep", conf.toString(), "--out", out.toString(), "--set", set);
    assertEquals(2, r.code(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains(named) && !r.err().contains("set twice"), r.err());
    assertFalse(Files.exists(out), "nothing written");
  }
}
