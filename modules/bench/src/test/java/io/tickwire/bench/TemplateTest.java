package io.tickwire.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The report's template")
class TemplateTest {

  @Test
  @DisplayName("fills in values, inline and as whole lines")
  void values() {
    Template template = new Template("# {{title}}\n\n| a | b |\n{{rows}}\n\nend {{n}}\n");
    assertThat(template.render(Map.of("title", "Figures", "rows", "| 1 | 2 |\n| 3 | 4 |\n",
        "n", 3))).isEqualTo("# Figures\n\n| a | b |\n| 1 | 2 |\n| 3 | 4 |\n\nend 3\n");
    assertThat(template.render(Map.of("title", "None", "rows", "", "n", 0)))
        .isEqualTo("# None\n\n| a | b |\n\nend 0\n");
    Map<String, Object> nulls = new HashMap<>();
    nulls.put("x", null);
    assertThat(new Template("x = {{x}}").render(nulls)).isEqualTo("x = null");
  }

  @Test
  @DisplayName("keeps a section when true, drops it when false, also inline")
  void sections() {
    Template template = new Template(
        "a{{#more}} | more{{/more}} |\n{{#more}}\nmore text\n\n{{/more}}\nend\n");
    assertThat(template.render(Map.of("more", true)))
        .isEqualTo("a | more |\nmore text\n\nend\n");
    assertThat(template.render(Map.of("more", false))).isEqualTo("a |\nend\n");
  }

  @Test
  @DisplayName("repeats a section for each map of a list, which sees the enclosing values too")
  void lists() {
    Template template = new Template("{{#items}}\n## {{name}}{{#flag}}!{{/flag}}\n{{/items}}");
    assertThat(template.render(Map.of("flag", true, "items",
        List.of(Map.of("name", "one"), Map.of("name", "two", "flag", false)))))
        .isEqualTo("## one!\n## two\n");
  }

  @Test
  @DisplayName("refuses a name without a value, a section of another kind and unbalanced tags")
  void strict() {
    assertThatThrownBy(() -> new Template("{{x}}").render(Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{{x}}");
    assertThatThrownBy(() -> new Template("{{#x}}y{{/x}}").render(Map.of("x", "yes")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Template("{{#x}}y"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not closed");
    assertThatThrownBy(() -> new Template("{{#x}}y{{/z}}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("closes no");
  }
}
