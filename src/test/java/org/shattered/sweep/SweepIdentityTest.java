package org.shattered.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The results directory's identity file: what {@link ResultStore#claim} writes is what every reader gets back. */
class SweepIdentityTest {
  @TempDir
  Path tmp;

  @Test
  void whatAClaimWritesIsReadBackByNameAndSettings() throws Exception {
    Path dir = tmp.resolve("out");
    ResultStore.open(null, FileSystem.getLocal(new Configuration()), dir.toString()).claim("depth", "engine=4;max-lag=32");
    // the file as a user sees it (the format the README documents)
    assertEquals("name=depth\nsettings=engine=4;max-lag=32\n", Files.readString(dir.resolve("_sweep.properties")));
    assertEquals(Optional.of(new SweepIdentity("depth", "engine=4;max-lag=32")),
        SweepIdentity.read(new Configuration(), dir.toString()));
    // the same through a file: URI, as Spark's qualified paths name it
    assertEquals("depth", SweepIdentity.read(new Configuration(), dir.toUri().toString()).orElseThrow().name());
  }

  @Test
  void aDirectoryWithoutTheFileHasNoIdentity() throws Exception {
    Files.createDirectories(tmp.resolve("empty"));
    assertTrue(SweepIdentity.read(new Configuration(), tmp.resolve("empty").toString()).isEmpty());
    assertTrue(SweepIdentity.readText(new Configuration(), tmp.resolve("missing").toString()).isEmpty());
  }

  @Test
  void aLineThatIsMissingLeavesItsFieldEmpty() {
    SweepIdentity id = SweepIdentity.parse("settings=engine=1\n");
    assertNull(id.name());
    assertEquals("engine=1", id.settings());
    assertEquals(new SweepIdentity("a=b", "x"), SweepIdentity.parse("name=a=b\nsettings=x\n"));
  }
}
