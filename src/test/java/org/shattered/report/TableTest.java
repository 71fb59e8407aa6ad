package org.shattered.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CSV quoting (RFC 4180), shared by the report's files and {@code shattered sql --format csv}. */
class TableTest {

  @Test
  void fieldsAreQuotedOnlyWhenTheyHoldACommaAQuoteOrALineBreak() {
    assertEquals("resnet", Table.csvField("resnet"));
    assertEquals("", Table.csvField(""));
    assertEquals("\"a,b\"", Table.csvField("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", Table.csvField("say \"hi\""));
    assertEquals("\"two\nlines\"", Table.csvField("two\nlines"));
  }

  @Test
  void csvQuotesHeaderAndTextCellsAndWritesNullAsEmpty() {
    Table t = new Table(List.of("name", "a,b"), List.of(Arrays.asList("x,y", null), Arrays.asList("z", 1.5)));
    assertEquals("name,\"a,b\"\n\"x,y\",\nz,1.5\n", t.csv());
  }
}
