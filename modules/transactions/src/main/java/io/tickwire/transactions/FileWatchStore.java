package io.tickwire.transactions;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * A {@link WatchStore} in one JSON file, written through Vert.x's asynchronous file system (the
 * I/O runs on its worker threads, never on the event loop): each save writes a temporary file
 * beside it (synchronously to the device) and moves it over the old one atomically, so a crash leaves the old or the new
 * document, never half of one.
 */
public final class FileWatchStore implements WatchStore {

  private final FileSystem fs;
  private final String path;
  private final String temporary;
  private final String directory;

  public FileWatchStore(Vertx vertx, String path) {
    this.fs = vertx.fileSystem();
    Path file = Path.of(path).toAbsolutePath();
    this.path = file.toString();
    this.temporary = file + ".tmp";
    this.directory = file.getParent().toString();
  }

  @Override
  public Future<JsonObject> load() {
    return fs.exists(path).compose(exists -> !exists
        ? Future.succeededFuture(new JsonObject())
        : fs.readFile(path).map(buffer -> {
          try {
            return buffer.length() == 0 ? new JsonObject() : buffer.toJsonObject();
          } catch (DecodeException e) {
            throw new IllegalStateException("the watch store " + path
                + " is not valid JSON; move it away to start with an empty watch list", e);
          }
        }));
  }

  @Override
  public Future<Void> save(JsonObject document) {
    Buffer bytes = document.toBuffer();
    return fs.mkdirs(directory)
        .compose(ignored -> fs.open(temporary, new OpenOptions().setWrite(true).setCreate(true)
            .setTruncateExisting(true).setDsync(true)))
        .compose(file -> file.write(bytes).eventually(file::close))
        .compose(ignored -> fs.move(temporary, path,
            new CopyOptions().setReplaceExisting(true).setAtomicMove(true)));
  }
}
