package io.tickwire.transactions;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A {@link WatchStore} in one JSON file. The file I/O runs on a worker thread
 * ({@code executeBlocking}, ordered), never on the event loop: each save writes a temporary
 * file beside it, forces it to the device and moves it over the old one atomically, so a crash
 * leaves the old or the new document, never half of one. (Plain {@code java.nio} rather than
 * Vert.x's file system, whose file resolver is already closing when the last save runs at
 * shutdown.)
 */
public final class FileWatchStore implements WatchStore {

  private final Vertx vertx;
  private final Path path;
  private final Path temporary;

  public FileWatchStore(Vertx vertx, String path) {
    this.vertx = vertx;
    this.path = Path.of(path).toAbsolutePath();
    this.temporary = this.path.resolveSibling(this.path.getFileName() + ".tmp");
  }

  @Override
  public Future<JsonObject> load() {
    return vertx.executeBlocking(() -> {
      if (!Files.exists(path)) {
        return new JsonObject();
      }
      byte[] bytes = Files.readAllBytes(path);
      try {
        return bytes.length == 0 ? new JsonObject() : Buffer.buffer(bytes).toJsonObject();
      } catch (DecodeException e) {
        throw new IllegalStateException("the watch store " + path
            + " is not valid JSON; move it away to start with an empty watch list", e);
      }
    });
  }

  @Override
  public Future<Void> save(JsonObject document) {
    byte[] bytes = document.toBuffer().getBytes();
    return vertx.executeBlocking(() -> {
      try {
        Files.createDirectories(path.getParent());
        try (FileChannel file = FileChannel.open(temporary, StandardOpenOption.CREATE,
            StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
          ByteBuffer buffer = ByteBuffer.wrap(bytes);
          while (buffer.hasRemaining()) {
            file.write(buffer);
          }
          file.force(true);
        }
        Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + path, e);
      }
    });
  }
}
