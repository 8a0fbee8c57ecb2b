package io.tickwire.runtime;

import org.slf4j.MDC;

/**
 * The context of log lines, in SLF4J's MDC under {@value #SESSION}, {@value #USER} and
 * {@value #CHANNEL}. Vert.x runs many connections on one event loop and carries no MDC from one
 * handler to the next, so a handler sets it for what it handles and restores it after:
 *
 * <pre>{@code
 * try (LogContext.Scope ignored = LogContext.session(session.id, session.user())) {
 *   ... // lines logged here carry session and user
 * }
 * }</pre>
 *
 * Used around inbound frames, connections opening and closing, HTTP API calls and service work
 * for one user or channel; never per delivery in the fan-out. The node id is not here: the
 * launcher puts it in every line.
 */
public final class LogContext {

  public static final String SESSION = "session";
  public static final String USER = "user";
  public static final String CHANNEL = "channel";

  private LogContext() {
  }

  /** Sets session and user (when not {@code null}) until the scope is closed. */
  public static Scope session(String session, String user) {
    return new Scope(SESSION, session, USER, user);
  }

  /** Sets the user (when not {@code null}) until the scope is closed. */
  public static Scope user(String user) {
    return new Scope(USER, user, null, null);
  }

  /** Sets the channel (when not {@code null}) until the scope is closed. */
  public static Scope channel(String channel) {
    return new Scope(CHANNEL, channel, null, null);
  }

  /** Sets user and channel (each when not {@code null}) until the scope is closed. */
  public static Scope userChannel(String user, String channel) {
    return new Scope(USER, user, CHANNEL, channel);
  }

  /** Puts back what was there before: scopes nest. Close on the thread that opened it. */
  public static final class Scope implements AutoCloseable {

    private final String firstKey;
    private final String firstBefore;
    private final String secondKey;
    private final String secondBefore;

    private Scope(String firstKey, String first, String secondKey, String second) {
      this.firstKey = first == null ? null : firstKey;
      this.firstBefore = first == null ? null : swap(firstKey, first);
      this.secondKey = second == null ? null : secondKey;
      this.secondBefore = second == null ? null : swap(secondKey, second);
    }

    private static String swap(String key, String value) {
      String before = MDC.get(key);
      MDC.put(key, value);
      return before;
    }

    private static void restore(String key, String before) {
      if (key == null) {
        return;
      }
      if (before == null) {
        MDC.remove(key);
      } else {
        MDC.put(key, before);
      }
    }

    @Override
    public void close() {
      restore(secondKey, secondBefore);
      restore(firstKey, firstBefore);
    }
  }
}
