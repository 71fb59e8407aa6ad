package org.shattered.spec;

import com.typesafe.config.ConfigUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses a config file that sets the same key twice ({@code depth = [1, 2]} and later
 * {@code depth = [8]}, or {@code grid.depth} beside {@code grid { depth }}): HOCON keeps the last
 * silently, so the first setting, the one a reader of the file may believe in, is ignored. Objects
 * may still be written in several parts ({@code sweep { a = 1 }} and later {@code sweep { b = 2 }});
 * only a value set twice is an error, and {@code +=} and a value that refers to its own earlier
 * value ({@code x = ${x} ...}) are not.
 *
 * <p>Typesafe Config has no public view of the parsed file before its merges, so this is a small
 * structural scan of HOCON (strings, comments, substitutions, objects, arrays, includes): it only
 * needs to know where keys are, and the file has already been parsed successfully.
 */
final class DuplicateKeys {
  private final String text;
  private final String file;
  private final String option;
  private int pos;
  private int line = 1;

  private DuplicateKeys(String text, String file, String option) {
    this.text = text;
    this.file = file;
    this.option = option;
  }

  /** Throws a {@link SpecException} naming {@code option}, the file, the key and both lines. */
  static void check(String option, Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return; // the parser has read it; nothing to add
    }
    new DuplicateKeys(text, file.toString(), option).object(List.of(), new HashMap<>(), true);
  }

  /** Scans the file's text (tests). */
  static void checkText(String option, String name, String text) {
    new DuplicateKeys(text, name, option).object(List.of(), new HashMap<>(), true);
  }

  // ---- tokens -------------------------------------------------------------------------------

  private enum Kind { NL, COMMA, OPEN, CLOSE, OPEN_LIST, CLOSE_LIST, SEP, APPEND, STRING, WORD, SUBST, SPACE, EOF }

  private record Token(Kind kind, String text, int line) {
  }

  private Token peeked;

  private Token peek() {
    if (peeked == null) {
      peeked = read();
    }
    return peeked;
  }

  private Token next() {
    Token t = peek();
    peeked = null;
    return t;
  }

  private Token read() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      int at = line;
      if (c == '\n') {
        pos++;
        line++;
        return new Token(Kind.NL, "\n", at);
      }
      if (c == ' ' || c == '\t' || c == '\r' || c == '\uFEFF') {
        int start = pos;
        while (pos < text.length() && " \t\r\uFEFF".indexOf(text.charAt(pos)) >= 0) {
          pos++;
        }
        return new Token(Kind.SPACE, text.substring(start, pos), at);
      }
      if (c == '#' || text.startsWith("//", pos)) {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
        continue;
      }
      if (text.startsWith("\"\"\"", pos)) {
        int end = text.indexOf("\"\"\"", pos + 3);
        end = end < 0 ? text.length() : end + 3;
        while (end < text.length() && text.charAt(end) == '"') {
          end++;
        }
        String s = text.substring(pos, end);
        line += (int) s.chars().filter(ch -> ch == '\n').count();
        pos = end;
        return new Token(Kind.STRING, s, at);
      }
      if (c == '"') {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (pos < text.length() && text.charAt(pos) != '"' && text.charAt(pos) != '\n') {
          if (text.charAt(pos) == '\\' && pos + 1 < text.length()) {
            pos++;
          }
          sb.append(text.charAt(pos++));
        }
        pos++;
        return new Token(Kind.STRING, sb.toString(), at);
      }
      if (text.startsWith("${", pos)) {
        int end = text.indexOf('}', pos);
        end = end < 0 ? text.length() : end + 1;
        String s = text.substring(pos, end);
        pos = end;
        return new Token(Kind.SUBST, s, at);
      }
      if (text.startsWith("+=", pos)) {
        pos += 2;
        return new Token(Kind.APPEND, "+=", at);
      }
      pos++;
      switch (c) {
        case ',':
          return new Token(Kind.COMMA, ",", at);
        case '{':
          return new Token(Kind.OPEN, "{", at);
        case '}':
          return new Token(Kind.CLOSE, "}", at);
        case '[':
          return new Token(Kind.OPEN_LIST, "[", at);
        case ']':
          return new Token(Kind.CLOSE_LIST, "]", at);
        case '=':
        case ':':
          return new Token(Kind.SEP, String.valueOf(c), at);
        default:
          break;
      }
      int start = pos - 1;
      while (pos < text.length()) {
        char d = text.charAt(pos);
        if (" \t\r\n\uFEFF,{}[]=:\"#".indexOf(d) >= 0 || text.startsWith("//", pos) || text.startsWith("${", pos)
            || text.startsWith("+=", pos)) {
          break;
        }
        pos++;
      }
      return new Token(Kind.WORD, text.substring(start, pos), at);
    }
    return new Token(Kind.EOF, "", line);
  }

  private void skipSpace() {
    while (peek().kind() == Kind.SPACE) {
      next();
    }
  }

  // ---- structure ----------------------------------------------------------------------------

  /** The fields of an object (up to its closing brace, or the end of the file at the root). */
  private void object(List<String> prefix, Map<String, Integer> leaves, boolean root) {
    while (true) {
      skipSpace();
      Token t = peek();
      if (t.kind() == Kind.NL || t.kind() == Kind.COMMA) {
        next();
        continue;
      }
      if (t.kind() == Kind.EOF || t.kind() == Kind.CLOSE) {
        next();
        return;
      }
      if (t.kind() == Kind.WORD && t.text().equals("include")) {
        next();
        skipValue(); // the included file is parsed on its own; its keys may be set again here
        continue;
      }
      List<String> key = key();
      skipSpace();
      Token sep = next();
      List<String> path = new ArrayList<>(prefix);
      path.addAll(key);
      if (sep.kind() == Kind.OPEN) {
        object(path, leaves, false);
        continue;
      }
      if (sep.kind() == Kind.APPEND) {
        skipValue();
        continue;
      }
      if (sep.kind() != Kind.SEP) {
        return; // not HOCON we understand (the parser accepted it): stop rather than guess
      }
      skipSpace();
      while (peek().kind() == Kind.NL) {
        next();
        skipSpace();
      }
      if (peek().kind() == Kind.OPEN) {
        next();
        object(path, leaves, false);
        continue;
      }
      int at = peek().line();
      String full = ConfigUtil.joinPath(path);
      boolean selfReference = skipValue(full);
      Integer earlier = leaves.put(full, at);
      if (earlier != null && !selfReference) {
        throw new SpecException(option, "key '" + full + "' is set twice in " + file + " (lines " + earlier + " and "
            + at + "; HOCON would keep the second silently); allowed: each key once per file");
      }
    }
  }

  /** A key: words and quoted strings up to the separator, split into path elements at unquoted dots. */
  private List<String> key() {
    List<String> out = new ArrayList<>();
    StringBuilder element = new StringBuilder();
    boolean any = false;
    while (true) {
      Token t = peek();
      if (t.kind() == Kind.WORD) {
        next();
        String[] parts = t.text().split("\\.", -1);
        for (int i = 0; i < parts.length; i++) {
          if (i > 0) {
            out.add(element.toString());
            element.setLength(0);
          }
          element.append(parts[i]);
        }
        any = true;
      } else if (t.kind() == Kind.STRING) {
        next();
        element.append(t.text());
        any = true;
      } else if (t.kind() == Kind.SPACE) {
        Token space = next();
        Kind after = peek().kind();
        if (after == Kind.WORD || after == Kind.STRING) {
          element.append(space.text());
        }
      } else {
        break;
      }
    }
    if (any) {
      out.add(element.toString().strip());
    }
    return out;
  }

  private void skipValue() {
    skipValue(null);
  }

  /**
   * Skips a value up to the end of its field (a newline, comma or closing brace outside brackets);
   * objects inside arrays are scanned with keys of their own. Returns whether it refers to
   * {@code self} (a substitution of the key's own earlier value).
   */
  private boolean skipValue(String self) {
    boolean selfReference = false;
    while (true) {
      Token t = peek();
      switch (t.kind()) {
        case EOF:
          return selfReference;
        case NL:
        case COMMA:
        case CLOSE:
          return selfReference;
        case OPEN_LIST:
          next();
          array();
          break;
        case OPEN:
          next();
          object(List.of("(value)"), new HashMap<>(), false);
          break;
        case SUBST:
          next();
          if (self != null && t.text().replace("${?", "${").equals("${" + self + "}")) {
            selfReference = true;
          }
          break;
        default:
          next();
      }
    }
  }

  /** The elements of an array, up to its closing bracket; each object element has keys of its own. */
  private void array() {
    while (true) {
      Token t = next();
      switch (t.kind()) {
        case EOF:
        case CLOSE_LIST:
          return;
        case OPEN:
          object(List.of("(element)"), new HashMap<>(), false);
          break;
        case OPEN_LIST:
          array();
          break;
        default:
          break;
      }
    }
  }
}
