package io.tickwire.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The facts of the machine a run was made on, for the report. */
final class Machine {

  private Machine() {
  }

  static JsonObject facts() {
    JsonObject facts = new JsonObject()
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
        .put("os", System.getProperty("os.name") + " " + read("/proc/sys/kernel/osrelease").trim());
    for (String line : read("/proc/cpuinfo").split("\n")) {
      if (line.startsWith("model name")) {
        facts.put("cpu", line.substring(line.indexOf(':') + 1).trim());
        break;
      }
    }
    for (String line : read("/proc/meminfo").split("\n")) {
      if (line.startsWith("MemTotal:")) {
        long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
        facts.put("memoryGiB", Math.round(kb / 1024.0 / 1024.0 * 10) / 10.0);
      }
    }
    for (String line : read("/proc/self/limits").split("\n")) {
      if (line.startsWith("Max open files")) {
        facts.put("openFilesPerProcess", Long.parseLong(line.trim().split("\\s+")[3]));
      }
    }
    return facts;
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      return "";
    }
  }
}
