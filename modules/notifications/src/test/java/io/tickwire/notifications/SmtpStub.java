package io.tickwire.notifications;

import io.tickwire.testkit.core.Await;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A minimal SMTP server for tests, on its own Vert.x and a free loopback port, that answers each
 * {@code RCPT TO} with the reply its recipient's behaviour gives ({@code 250 OK} unless told),
 * such as {@code 550 5.1.1 no such user} or {@code 451 4.3.0 try again later}, and keeps the
 * mails it accepted. GreenMail cannot be made to refuse a recipient; this can.
 */
final class SmtpStub implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final Map<String, Supplier<String>> behaviours = new ConcurrentHashMap<>();
  private final Map<String, BlockingQueue<String>> replies = new ConcurrentHashMap<>();
  private final Map<String, BlockingQueue<String>> accepted = new ConcurrentHashMap<>();
  private final NetServer server;

  SmtpStub() {
    server = Await.result(vertx.createNetServer().connectHandler(this::session)
        .listen(0, "127.0.0.1"));
  }

  int port() {
    return server.actualPort();
  }

  /** How {@code RCPT TO:<address>} is answered from now on: a whole reply line. */
  void answer(String address, Supplier<String> reply) {
    behaviours.put(address, reply);
  }

  /** The next reply given to {@code RCPT TO:<address>}. */
  String nextReply(String address) {
    return Await.next(Queues.queue(replies, address), "RCPT TO:<" + address + ">");
  }

  /** The replies given to {@code RCPT TO:<address>} and not taken yet. */
  List<String> pendingReplies(String address) {
    return List.copyOf(Queues.queue(replies, address));
  }

  /** The next mail accepted for {@code address}: its data, headers and body. */
  String nextMail(String address) {
    return Await.next(Queues.queue(accepted, address), "a mail to " + address);
  }

  /** One SMTP session: line by line, and the DATA section up to its lone dot. */
  private void session(NetSocket socket) {
    List<String> recipients = new ArrayList<>();
    StringBuilder data = new StringBuilder();
    boolean[] inData = {false};
    socket.write("220 stub ESMTP\r\n");
    RecordParser parser = RecordParser.newDelimited("\r\n", line -> {
      String text = line.toString();
      if (inData[0]) {
        if (!text.equals(".")) {
          data.append(text).append('\n');
          return;
        }
        inData[0] = false;
        recipients.forEach(to -> Queues.queue(accepted, to).add(data.toString()));
        recipients.clear();
        data.setLength(0);
        socket.write("250 2.0.0 queued\r\n");
        return;
      }
      String command = text.toUpperCase(Locale.ROOT);
      if (command.startsWith("EHLO")) {
        socket.write("250-stub\r\n250 8BITMIME\r\n");
      } else if (command.startsWith("RCPT TO:")) {
        String to = text.substring(text.indexOf('<') + 1, text.lastIndexOf('>'));
        String reply = behaviours.getOrDefault(to, () -> "250 2.1.5 OK").get();
        Queues.queue(replies, to).add(reply);
        if (reply.startsWith("2")) {
          recipients.add(to);
        }
        socket.write(reply + "\r\n");
      } else if (command.startsWith("DATA")) {
        if (recipients.isEmpty()) {
          socket.write("554 5.5.1 no valid recipients\r\n");
        } else {
          inData[0] = true;
          socket.write("354 end with <CRLF>.<CRLF>\r\n");
        }
      } else if (command.startsWith("RSET")) {
        recipients.clear();
        socket.write("250 2.0.0 OK\r\n");
      } else if (command.startsWith("QUIT")) {
        socket.write("221 2.0.0 bye\r\n").onComplete(ignored -> socket.close());
      } else {
        // HELO, MAIL FROM, NOOP
        socket.write("250 OK\r\n");
      }
    });
    socket.handler(parser);
  }

  @Override
  public void close() {
    Await.result(vertx.close());
  }
}
