package io.tickwire.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickwire.testkit.core.NodeFixture;
import io.tickwire.testkit.core.NodeFixture.Response;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What tickwire ships carries its licence and the notices it must: the runnable jar (after the
 * package phase), the module jars, the poms; and the running jar serves both files.
 */
@DisplayName("Licence and notices of what ships")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LegalFilesIT {

  static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  static final Path JAR = Path.of("target/tickwire.jar");
  static final List<String> NOTICE_NAMES = List.of("META-INF/NOTICE", "META-INF/NOTICE.txt",
      "META-INF/NOTICE.md");

  @Test
  @DisplayName("tickwire.jar: one META-INF/LICENSE (tickwire's), a NOTICE with every bundled library's notice, their licences under META-INF/licenses/")
  void runnableJar() throws IOException {
    assertThat(JAR).as("the runnable jar, built in the package phase").isRegularFile();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertThat(text(jar, "META-INF/LICENSE")).isEqualTo(read(ROOT.resolve("LICENSE")));
      assertThat(jar.stream().map(ZipEntry::getName)
          .filter(name -> name.matches("(?i)META-INF/(LICENSE|NOTICE)[^/]*")))
          .containsExactlyInAnyOrder("META-INF/LICENSE", "META-INF/NOTICE");

      String notice = text(jar, "META-INF/NOTICE");
      assertThat(notice).contains("tickwire\nCopyright 2026 The tickwire developers\n");
      Set<String> jarParagraphs = paragraphs(notice);
      Set<String> repoParagraphs = paragraphs(read(ROOT.resolve("NOTICE")));
      assertThat(jarParagraphs).containsAll(repoParagraphs);

      // Every library the jar bundles (by its pom.properties), found on this test's class path.
      Map<String, Path> bundled = bundledLibraries(jar);
      assertThat(bundled).containsKeys("vertx-core", "hazelcast", "netty-common",
          "micrometer-core");
      List<String> withNotice = new ArrayList<>();
      for (Map.Entry<String, Path> library : bundled.entrySet()) {
        String artifactId = library.getKey();
        try (JarFile dependency = new JarFile(library.getValue().toFile())) {
          for (String name : NOTICE_NAMES) {
            Optional<String> own = optionalText(dependency, name);
            if (own.isPresent()) {
              withNotice.add(artifactId);
              assertThat(jarParagraphs).as("tickwire.jar's NOTICE holds %s's", library.getKey())
                  .containsAll(paragraphs(own.get()));
              assertThat(repoParagraphs).as("the repository's NOTICE holds %s's (NOTICE is"
                  + " out of date: add its text)", library.getKey())
                  .containsAll(paragraphs(own.get()));
            }
          }
          dependency.stream().map(ZipEntry::getName)
              .filter(name -> name.matches("(?i)(META-INF/)?[^/]*(LICENSE|NOTICE)[^/]*")
                  && !name.endsWith("/") && !name.endsWith(".class"))
              .forEach(name -> assertThat(jar.getEntry("META-INF/licenses/" + artifactId + "/"
                  + name)).as("%s's %s kept under META-INF/licenses/", library.getKey(), name)
                  .isNotNull());
        }
      }
      assertThat(withNotice).contains("micrometer-core", "jackson-core", "hazelcast");
    }
  }

  @Test
  @DisplayName("every tickwire module on the class path carries the repository's LICENSE and NOTICE in META-INF")
  void moduleJars() throws IOException {
    String license = read(ROOT.resolve("LICENSE"));
    String notice = read(ROOT.resolve("NOTICE"));
    List<String> modules = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry).toAbsolutePath().normalize();
      String name = path.getFileName().toString();
      boolean inRepository = path.startsWith(ROOT.resolve("modules"));
      boolean module = path.endsWith("target/classes") && inRepository
          || name.startsWith("tickwire-") && name.endsWith(".jar")
          && (inRepository || path.toString().contains("/io/tickwire/"));
      if (!module) {
        continue;
      }
      modules.add(path.toString());
      assertThat(resource(path, "META-INF/LICENSE")).as("LICENSE of %s", path).contains(license);
      assertThat(resource(path, "META-INF/NOTICE")).as("NOTICE of %s", path).contains(notice);
    }
    assertThat(modules).as("tickwire modules on the class path").hasSizeGreaterThanOrEqualTo(10);
  }

  @Test
  @DisplayName("the parent pom declares Apache-2.0, the project's address, scm and developers; every module inherits them")
  void poms() throws Exception {
    Element parent = pom(ROOT.resolve("pom.xml"));
    String home = "https://github.com/tickwire/tickwire";
    assertThat(child(parent, "url")).isEqualTo(home);
    Element license = element(element(parent, "licenses"), "license");
    assertThat(child(license, "name")).isEqualTo("Apache-2.0");
    assertThat(child(license, "url")).isEqualTo("https://www.apache.org/licenses/LICENSE-2.0.txt");
    assertThat(child(element(parent, "scm"), "url")).isEqualTo(home);
    assertThat(child(element(parent, "scm"), "connection"))
        .isEqualTo("scm:git:" + home + ".git");
    assertThat(child(element(element(parent, "developers"), "developer"), "name")).isNotBlank();
    assertThat(child(element(parent, "organization"), "name")).isNotBlank();

    Element modules = element(parent, "modules");
    int count = 0;
    for (Node node = modules.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element module) {
        count++;
        Element pom = pom(ROOT.resolve(module.getTextContent().trim()).resolve("pom.xml"));
        assertThat(child(element(pom, "parent"), "artifactId")).as(module.getTextContent())
            .isEqualTo("tickwire-parent");
        for (String inherited : List.of("licenses", "scm", "developers", "url", "organization")) {
          assertThat(optionalElement(pom, inherited)).as("%s overrides <%s>",
              module.getTextContent(), inherited).isEmpty();
        }
      }
    }
    assertThat(count).isGreaterThanOrEqualTo(14);
  }

  @Test
  @DisplayName("java -jar tickwire.jar serves /LICENSE and /NOTICE, and the dashboard links to them")
  void servedByTheJar(@TempDir Path dir) throws IOException {
    assertThat(JAR).as("the runnable jar, built in the package phase").isRegularFile();
    Path log = Path.of("target/legal-files-it-node.log");
    Map<String, String> env = LaunchedNode.env(dir,
        Map.of("TICKWIRE_CONF_DIR", ROOT.resolve("conf").toString()));
    try (NodeProcess process = NodeProcess.startJar("legal", JAR, env, dir, log)) {
      NodeFixture client = NodeFixture.remote(process.port(60));
      try {
        for (String file : List.of("LICENSE", "NOTICE")) {
          Response response = client.get("/" + file);
          assertThat(response.status()).as(file).isEqualTo(200);
          assertThat(response.contentType()).as(file).startsWith("text/plain");
          assertThat(response.body()).as(file).isEqualTo(read(ROOT.resolve(file)));
        }
        assertThat(client.get("/").body()).containsPattern(
            "tickwire \\d+\\.\\d+\\.\\d+\\S* · <a href=\"LICENSE\">Apache-2.0</a> · "
                + "<a href=\"NOTICE\">notices</a>");
      } finally {
        client.close();
      }
    }
  }

  /** The paragraphs of a NOTICE as the shade plugin merges them: comment lines out, trimmed. */
  static Set<String> paragraphs(String notice) {
    Set<String> paragraphs = new LinkedHashSet<>();
    StringBuilder current = new StringBuilder();
    for (String line : (notice + "\n").split("\r?\n", -1)) {
      String trimmed = line.trim();
      if (trimmed.startsWith("//")) {
        continue;
      }
      if (trimmed.isEmpty()) {
        if (current.length() > 0) {
          paragraphs.add(current.toString());
          current.setLength(0);
        }
      } else {
        current.append(trimmed).append('\n');
      }
    }
    return paragraphs;
  }

  /**
   * The libraries on this test's class path that the jar bundles (it holds their classes), by
   * artifact id. Libraries that one of them carries within itself (Hazelcast's) are not on the
   * class path: the jar that carries them speaks for them.
   */
  private static Map<String, Path> bundledLibraries(JarFile jar) throws IOException {
    Map<String, Path> libraries = new TreeMap<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (!entry.endsWith(".jar") || path.getFileName().toString().startsWith("tickwire-")) {
        continue;
      }
      try (JarFile library = new JarFile(path.toFile())) {
        Optional<String> someClass = library.stream().map(ZipEntry::getName)
            .filter(name -> name.endsWith(".class") && !name.startsWith("META-INF/")
                && !name.endsWith("module-info.class"))
            .findFirst();
        if (someClass.isPresent() && jar.getEntry(someClass.get()) != null) {
          // ~/.m2/repository/<group path>/<artifactId>/<version>/<artifactId>-<version>.jar
          libraries.put(path.getParent().getParent().getFileName().toString(), path);
        }
      }
    }
    return libraries;
  }

  private static String resource(Path classPathEntry, String name) throws IOException {
    if (Files.isDirectory(classPathEntry)) {
      Path file = classPathEntry.resolve(name);
      return Files.isRegularFile(file) ? read(file) : "";
    }
    try (JarFile jar = new JarFile(classPathEntry.toFile())) {
      return optionalText(jar, name).orElse("");
    }
  }

  private static String text(JarFile jar, String name) throws IOException {
    return optionalText(jar, name).orElseThrow(() -> new AssertionError(name + " missing"));
  }

  private static Optional<String> optionalText(JarFile jar, String name) throws IOException {
    ZipEntry entry = jar.getEntry(name);
    if (entry == null || entry.isDirectory()) {
      return Optional.empty();
    }
    try (InputStream in = jar.getInputStream(entry)) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Element pom(Path file) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document document = factory.newDocumentBuilder().parse(file.toFile());
    return document.getDocumentElement();
  }

  private static Optional<Element> optionalElement(Element parent, String name) {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(name)) {
        return Optional.of(element);
      }
    }
    return Optional.empty();
  }

  private static Element element(Element parent, String name) {
    return optionalElement(parent, name).orElseThrow(() -> new AssertionError(
        "<" + name + "> missing in <" + parent.getTagName() + ">"));
  }

  private static String child(Element parent, String name) {
    return element(parent, name).getTextContent().trim();
  }
}
