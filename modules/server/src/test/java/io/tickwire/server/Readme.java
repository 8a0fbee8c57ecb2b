package io.tickwire.server;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tour of README.md as data, and how its printed answers are compared with real ones.
 *
 * <p>The tour is the README's fenced blocks marked {@code sh tour} (commands, run in order in
 * one shell), each followed by at most one block marked {@code … output} (what it shows), and
 * blocks marked {@code … live} (a message that a subscriber of its channel receives).
 *
 * <p>A printed answer is a pattern: in JSON, {@code …} as a value, an array's last element or an
 * object's last member stands for anything (an object without it must have exactly the keys
 * shown); a number stands for any number; in a string or a line of text, {@code …} stands for
 * anything and a run of digits for any number.
 */
final class Readme {

  /** A step of the tour, at a line of README.md. */
  sealed interface Step permits Command, Live {
    int line();
  }

  /** A block of commands, with what the README shows it prints (empty when it shows nothing). */
  record Command(int line, String script, List<String> output) implements Step {
  }

  /** A message that a subscriber of its channel receives (a {@code live} block). */
  record Live(int line, String frame) implements Step {

    String channel() {
      return loose(frame).getString("channel");
    }
  }

  private static final Pattern FENCE = Pattern.compile("^(\\s*)```(.*)$");
  private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");
  private static final String ANY = "…";

  private Readme() {
  }

  /** The tour's steps, in order: {@link Command}s and {@link Live} messages. */
  static List<Step> tour(String markdown) {
    List<Step> steps = new ArrayList<>();
    String[] lines = markdown.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher open = FENCE.matcher(lines[i]);
      if (!open.matches()) {
        continue;
      }
      String indent = open.group(1);
      String info = open.group(2).trim();
      int start = i + 1;
      List<String> body = new ArrayList<>();
      for (i = start; i < lines.length && !lines[i].trim().equals("```"); i++) {
        body.add(lines[i].startsWith(indent) ? lines[i].substring(indent.length()) : lines[i]);
      }
      if (info.equals("sh tour")) {
        steps.add(new Command(start, String.join("\n", body), List.of()));
      } else if (info.endsWith(" output")) {
        if (steps.isEmpty() || !(steps.get(steps.size() - 1) instanceof Command command)
            || !command.output().isEmpty()) {
          throw new AssertionError("README.md line " + start
              + ": an output block that follows no tour command");
        }
        steps.set(steps.size() - 1, new Command(command.line(), command.script(),
            body.stream().filter(line -> !line.isBlank()).toList()));
      } else if (info.endsWith(" live")) {
        body.stream().filter(line -> !line.isBlank())
            .forEach(frame -> steps.add(new Live(start, frame)));
      }
    }
    return steps;
  }

  /** A printed JSON answer as JSON, its {@code …} turned into the {@link #ANY} string. */
  static JsonObject loose(String printed) {
    Object value = looseValue(printed);
    if (!(value instanceof JsonObject object)) {
      throw new AssertionError("not a JSON object in README.md: " + printed);
    }
    return object;
  }

  static Object looseValue(String printed) {
    String json = printed.trim()
        .replace("{" + ANY + "}", "{\"" + ANY + "\":\"" + ANY + "\"}")
        .replace("," + ANY + "}", ",\"" + ANY + "\":\"" + ANY + "\"}")
        .replace("[" + ANY + "]", "[\"" + ANY + "\"]")
        .replace("," + ANY + "]", ",\"" + ANY + "\"]")
        .replaceAll(":" + ANY + "(?=[,}\\]])", ":\"" + ANY + "\"");
    try {
      return Json.decodeValue(json);
    } catch (DecodeException e) {
      throw new AssertionError("README.md shows an answer that is not JSON: " + printed, e);
    }
  }

  /** Whether a printed line stands for {@code actual}; null when it does, else why not. */
  static String mismatch(String printed, String actual) {
    String trimmed = printed.trim();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      Object parsed;
      try {
        parsed = Json.decodeValue(actual);
      } catch (DecodeException e) {
        return "not JSON: " + actual;
      }
      return mismatch(looseValue(trimmed), parsed, "$");
    }
    return text(trimmed).matcher(actual.trim()).matches() ? null
        : "expected a line like '" + trimmed + "', got '" + actual + "'";
  }

  /** Whether the pattern {@code expected} (from {@link #looseValue}) fits; null when it does. */
  static String mismatch(Object expected, Object actual, String path) {
    if (ANY.equals(expected)) {
      return null;
    }
    if (expected instanceof JsonObject pattern) {
      if (!(actual instanceof JsonObject object)) {
        return path + ": expected an object, got " + actual;
      }
      boolean open = pattern.containsKey(ANY);
      for (String key : pattern.fieldNames()) {
        if (key.equals(ANY)) {
          continue;
        }
        if (!object.containsKey(key)) {
          return path + ": no '" + key + "' in " + object.encode();
        }
        String why = mismatch(pattern.getValue(key), object.getValue(key), path + "." + key);
        if (why != null) {
          return why;
        }
      }
      if (!open) {
        for (String key : object.fieldNames()) {
          if (!pattern.containsKey(key)) {
            return path + ": '" + key + "' is not shown in README.md (end the object with …)";
          }
        }
      }
      return null;
    }
    if (expected instanceof JsonArray pattern) {
      if (!(actual instanceof JsonArray array)) {
        return path + ": expected an array, got " + actual;
      }
      int shown = pattern.size();
      boolean open = shown > 0 && ANY.equals(pattern.getValue(shown - 1));
      int needed = open ? shown - 1 : shown;
      if (open ? array.size() < needed : array.size() != needed) {
        return path + ": expected " + (open ? "at least " : "") + needed + " elements, got "
            + array.encode();
      }
      for (int i = 0; i < needed; i++) {
        String why = mismatch(pattern.getValue(i), array.getValue(i), path + "[" + i + "]");
        if (why != null) {
          return why;
        }
      }
      return null;
    }
    if (expected instanceof Number) {
      return actual instanceof Number ? null : path + ": expected a number, got " + actual;
    }
    if (expected instanceof String pattern) {
      return actual instanceof String string && text(pattern).matcher(string).matches() ? null
          : path + ": expected a string like '" + pattern + "', got " + actual;
    }
    return expected == null ? (actual == null ? null : path + ": expected null, got " + actual)
        : expected.equals(actual) ? null : path + ": expected " + expected + ", got " + actual;
  }

  /** A line of printed text as a pattern: … is anything, a number any number. */
  private static Pattern text(String printed) {
    StringBuilder regex = new StringBuilder();
    Matcher numbers = NUMBER.matcher(printed);
    int at = 0;
    while (numbers.find()) {
      regex.append(literal(printed.substring(at, numbers.start()))).append("\\d+(\\.\\d+)?");
      at = numbers.end();
    }
    regex.append(literal(printed.substring(at)));
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  private static String literal(String text) {
    List<String> parts = new ArrayList<>();
    for (String part : text.split(ANY, -1)) {
      parts.add(Pattern.quote(part));
    }
    return String.join(".*", parts);
  }
}
