package io.tickwire.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text template from the class path, filled from a map of values:
 * <ul>
 *   <li>{@code {{name}}} is replaced by the value ({@link String#valueOf}, so {@code null}
 *       reads {@code null});
 *   <li>{@code {{#name}}…{{/name}}} is a section: kept once when the value is {@code true},
 *       dropped when {@code false}, and repeated for each map of a list, whose values are looked
 *       up before the enclosing ones.
 * </ul>
 * A tag alone on its line stands for whole lines: the line, newline included, gives way to the
 * value (which then brings its own newlines) or, for a section tag, to nothing. A name that has
 * no value where it is rendered fails with {@link IllegalArgumentException}, so a template and
 * the code that fills it cannot drift apart unnoticed. Immutable; thread-safe.
 */
final class Template {

  private static final Pattern TAG = Pattern.compile("\\{\\{([#/]?)([^{}]+)}}");

  private sealed interface Node {
  }

  private record Text(String text) implements Node {
  }

  private record Value(String name) implements Node {
  }

  private record Section(String name, List<Node> body) implements Node {
  }

  private final List<Node> nodes;

  /** {@code text} as a template. */
  Template(String text) {
    this.nodes = parse(text);
  }

  /** The template in the class-path resource {@code name} (UTF-8). */
  static Template load(String name) {
    try (InputStream in = Template.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("no template " + name + " on the class path");
      }
      return new Template(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text with {@code values} filled in. */
  String render(Map<String, ?> values) {
    StringBuilder out = new StringBuilder();
    Deque<Map<String, ?>> scopes = new ArrayDeque<>();
    scopes.push(values);
    render(nodes, scopes, out);
    return out.toString();
  }

  private static void render(List<Node> nodes, Deque<Map<String, ?>> scopes, StringBuilder out) {
    for (Node node : nodes) {
      if (node instanceof Text text) {
        out.append(text.text());
      } else if (node instanceof Value value) {
        out.append(lookup(value.name(), scopes));
      } else if (node instanceof Section section) {
        Object value = lookup(section.name(), scopes);
        if (value instanceof Boolean shown) {
          if (shown) {
            render(section.body(), scopes, out);
          }
        } else if (value instanceof List<?> items) {
          for (Object item : items) {
            if (!(item instanceof Map<?, ?> map)) {
              throw new IllegalArgumentException("section " + section.name()
                  + " lists something else than maps");
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> scope = (Map<String, ?>) map;
            scopes.push(scope);
            render(section.body(), scopes, out);
            scopes.pop();
          }
        } else {
          throw new IllegalArgumentException("section " + section.name()
              + " needs a boolean or a list of maps, not " + value);
        }
      }
    }
  }

  private static Object lookup(String name, Deque<Map<String, ?>> scopes) {
    for (Map<String, ?> scope : scopes) {
      if (scope.containsKey(name)) {
        return scope.get(name);
      }
    }
    throw new IllegalArgumentException("no value for {{" + name + "}}");
  }

  private static List<Node> parse(String text) {
    List<Node> top = new ArrayList<>();
    Deque<Section> open = new ArrayDeque<>();
    List<Node> current = top;
    Matcher tag = TAG.matcher(text);
    int at = 0;
    while (tag.find()) {
      int end = tag.end();
      boolean alone = (tag.start() == 0 || text.charAt(tag.start() - 1) == '\n')
          && end < text.length() && text.charAt(end) == '\n';
      current.add(new Text(text.substring(at, tag.start())));
      at = alone ? end + 1 : end;
      String name = tag.group(2);
      switch (tag.group(1)) {
        case "#" -> {
          Section section = new Section(name, new ArrayList<>());
          current.add(section);
          open.push(section);
          current = section.body();
        }
        case "/" -> {
          if (open.isEmpty() || !open.peek().name().equals(name)) {
            throw new IllegalArgumentException("{{/" + name + "}} closes no open section");
          }
          open.pop();
          current = open.isEmpty() ? top : open.peek().body();
        }
        default -> current.add(new Value(name));
      }
    }
    if (!open.isEmpty()) {
      throw new IllegalArgumentException("section " + open.peek().name() + " is not closed");
    }
    current.add(new Text(text.substring(at)));
    return top;
  }
}
