package org.shattered.spec;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A config file's include that is missing, and a key set twice, are errors naming file and key. */
class ConfigFileTest {
  @TempDir
  Path tmp;

  private SpecException refused(String text) throws Exception {
    Path conf = tmp.resolve("exp.conf");
    Files.writeString(conf, text);
    return assertThrows(SpecException.class, () -> SweepConfig.load(conf, null, List.of()));
  }

  @Test
  void aMissingIncludeIsAnErrorNamingTheFile() throws Exception {
    SpecException e = refused("include \"common-settngs.conf\"\nsweep.name = x\n");
    assertEquals("CONFIG", e.key());
    assertTrue(e.getMessage().contains("common-settngs.conf"), e.getMessage());
    SpecException f = refused("include file(\"nowhere.conf\")\nsweep.name = x\n");
    assertTrue(f.getMessage().contains("nowhere.conf"), f.getMessage());
  }

  @Test
  void anExistingIncludeStillWorks() throws Exception {
    Files.writeString(tmp.resolve("common.conf"), "sweep.grid.width = [8]\n");
    Path conf = tmp.resolve("exp.conf");
    Files.writeString(conf, "include \"common.conf\"\nsweep { name = x, grid.depth = [2] }\n");
    var c = SweepConfig.load(conf, null, List.of());
    assertEquals(List.of(8), c.getIntList("sweep.grid.width"));
  }

  @Test
  void aKeySetTwiceIsAnErrorNamingFileKeyAndLines() throws Exception {
    SpecException e = refused("sweep {\n  name = x\n  grid {\n    depth = [1, 2]\n  }\n}\n"
        + "sweep.grid.depth = [8]\n");
    assertEquals("CONFIG", e.key());
    assertTrue(e.getMessage().contains("'sweep.grid.depth'") && e.getMessage().contains("lines 4 and 7")
        && e.getMessage().contains("exp.conf"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    SpecException quoted = refused("spark.conf { \"spark.ui.enabled\" = \"true\" }\n"
        + "spark.conf.\"spark.ui.enabled\" = \"false\"\n");
    assertTrue(quoted.getMessage().contains("spark.ui.enabled"), quoted.getMessage());
  }

  @Test
  void objectsInPartsAppendsSelfReferencesAndArraysOfRulesAreNotDuplicates() {
    String ok = """
        # a comment with depth = 1
        sweep { name = "a,b" }   // trailing comment
        sweep { grid { depth = [1, 2] } }
        sweep.grid.width = [8]
        sweep.exclude = [{architecture = resnet, depth = 1}, {architecture = resnet, depth = 2}]
        sweep.only = []
        sweep.only += {architecture = feedforward}
        spark.conf { "spark.a.b" = "x", "spark.a.c" = ${?HOME} }
        spark.app-name = shattered
        spark.app-name = ${spark.app-name}"-2"
        notes = \"\"\"depth = 3
        depth = 4\"\"\"
        """;
    assertDoesNotThrow(() -> DuplicateKeys.checkText("CONFIG", "ok.conf", ok));
  }

  @Test
  void everyShippedConfigPasses() throws Exception {
    try (Stream<Path> files = Stream.concat(Files.list(Path.of("jobs")), Files.list(Path.of("conf")))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".conf")).toList()) {
        assertDoesNotThrow(() -> DuplicateKeys.check("CONFIG", f), f.toString());
      }
    }
    assertDoesNotThrow(() -> DuplicateKeys.check("CONFIG", Path.of("src/main/resources/reference.conf")));
  }
}
