package org.shattered.report;

import java.util.ArrayList;
import java.util.List;

/**
 * What a page (and its notebook) says first: the verdicts, one item per family with one sentence
 * each, and a table of the numbers they rest on. Computed from the results as the figures are (see
 * {@link Findings} and {@link TheoryFigures#verdicts}); this record only holds and renders them, as
 * wrapped HTML or Markdown rather than preformatted text, so a phone shows them without scrolling
 * sideways.
 *
 * @param intro what the verdicts test and how their numbers read (one or two sentences; "" for none)
 * @param items the verdicts, in the page's order
 * @param tableTitle what the table holds (a sentence)
 * @param table the numbers behind the verdicts (empty when none)
 * @param more further findings shown after these (e.g. the theorems' test, then the depth sweep's)
 */
public record PageFindings(String intro, List<Item> items, String tableTitle, Table table, List<PageFindings> more) {

  /**
   * One verdict.
   *
   * @param title the family or setting it concerns
   * @param sentences the verdict, one sentence each, the conclusion first
   */
  public record Item(String title, List<String> sentences) {
  }

  /** No findings. */
  public static final PageFindings NONE = of("", List.of(), "", new Table(List.of(), List.of()));

  /** Findings without further ones. */
  public static PageFindings of(String intro, List<Item> items, String tableTitle, Table table) {
    return new PageFindings(intro, items, tableTitle, table, List.of());
  }

  /**
   * Findings given as plain text (pages that write their digest as lines): each paragraph (blank-line
   * separated) one item, titled by its first line when that ends with a colon, one entry per line.
   */
  public static PageFindings text(String text) {
    List<Item> items = new ArrayList<>();
    for (String para : text.strip().split("\n\\s*\n")) {
      List<String> lines = new ArrayList<>(para.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
      if (lines.isEmpty()) {
        continue;
      }
      String title = lines.get(0).endsWith(":") ? lines.remove(0) : "";
      items.add(new Item(title.replaceAll(":$", ""), lines));
    }
    return of("", items, "", new Table(List.of(), List.of()));
  }

  public boolean isEmpty() {
    return items.isEmpty() && table.isEmpty() && more.stream().allMatch(PageFindings::isEmpty);
  }

  /** These findings, then {@code other}'s. */
  public PageFindings and(PageFindings other) {
    List<PageFindings> all = new ArrayList<>(more);
    all.add(other);
    return new PageFindings(intro, items, tableTitle, table, all);
  }

  /** The sentences of {@code text} (split after each ". "), for verdicts written as one paragraph. */
  static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    for (String s : text.trim().split("(?<=\\.) +")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  /** The findings as HTML: a list of verdicts (title in bold, one sentence per line) and the table. */
  String html() {
    StringBuilder h = new StringBuilder();
    if (!intro.isEmpty() && !(items.isEmpty() && table.isEmpty())) {
      h.append("<p>").append(HtmlPage.esc(intro)).append("</p>\n");
    }
    if (!items.isEmpty()) {
      h.append("<ul class=\"findings\">\n");
      for (Item i : items) {
        h.append("<li>").append(i.title().isEmpty() ? "" : "<b>" + HtmlPage.esc(i.title()) + "</b>");
        String colon = i.title().isEmpty() ? "" : ": ";
        if (i.sentences().size() == 1) {
          h.append(colon).append(HtmlPage.esc(i.sentences().get(0)));
        } else if (!i.sentences().isEmpty()) {
          h.append(colon).append(HtmlPage.esc(i.sentences().get(0))).append("<ul>");
          i.sentences().subList(1, i.sentences().size())
              .forEach(s -> h.append("<li>").append(HtmlPage.esc(s)).append("</li>"));
          h.append("</ul>");
        }
        h.append("</li>\n");
      }
      h.append("</ul>\n");
    }
    if (!table.isEmpty()) {
      h.append("<details><summary>").append(HtmlPage.esc(tableTitle)).append("</summary>\n")
          .append(HtmlPage.table(table)).append("</details>\n");
    }
    more.forEach(m -> h.append(m.html()));
    return h.toString();
  }

  /** The findings as Markdown (a bulleted list, then the table). */
  String markdown() {
    StringBuilder m = new StringBuilder();
    if (!intro.isEmpty() && !(items.isEmpty() && table.isEmpty())) {
      m.append(intro).append("\n\n");
    }
    for (Item i : items) {
      m.append("- ").append(i.title().isEmpty() ? "" : "**" + i.title() + "**");
      if (!i.sentences().isEmpty()) {
        m.append(i.title().isEmpty() ? "" : ": ").append(i.sentences().get(0));
      }
      m.append('\n');
      i.sentences().stream().skip(1).forEach(s -> m.append("  - ").append(s).append('\n'));
    }
    if (!table.isEmpty()) {
      m.append('\n').append(tableTitle).append("\n\n").append(Notebook.markdownTable(table));
    }
    more.forEach(x -> m.append('\n').append(x.markdown()));
    return m.toString();
  }
}
