package org.shattered.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a query text into its statements. The report shows one statement per table a figure
 * reads (figure 1 reads three), and {@code shattered sql} runs such a text as it is shown.
 */
public final class SqlStatements {

  private SqlStatements() {
  }

  /**
   * The statements of a query text separated by {@code ;} outside quotes and comments (the report's
   * figures that read several tables show one statement per table); blank statements are dropped.
   */
  public static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    boolean comment = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (comment) {
        comment = c != '\n';
      } else if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      } else if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
        comment = true;
      } else if (c == ';') {
        out.add(cur.toString());
        cur.setLength(0);
        continue;
      }
      cur.append(c);
    }
    out.add(cur.toString());
    return out.stream().filter(s -> !s.lines().map(l -> l.replaceAll("--.*", "")).allMatch(String::isBlank)).toList();
  }

}
