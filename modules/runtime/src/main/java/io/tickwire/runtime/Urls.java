package io.tickwire.runtime;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redaction of URLs before they reach a public place ({@code /health}, {@code lastError}, logs).
 * Hosted providers put API keys in the path, the query or the userinfo of a URL; only
 * {@code scheme://host[:port]} is safe to show. Stateless and thread-safe.
 */
public final class Urls {

  /** What an unparseable URL becomes: never the input, which may be a key on its own. */
  public static final String REDACTED = "[redacted]";

  private static final String TRAILING = ".,;:!?)]}";
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");
  private static final Pattern IN_TEXT = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^\\s\"'<>]*");
  private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9._~%-]+(:[0-9]{1,5})?"
      + "|\\[[0-9A-Fa-f:.]+](:[0-9]{1,5})?");

  private Urls() {
  }

  /**
   * {@code url} as {@code scheme://host[:port]}: no userinfo, path, query or fragment; for example
   * {@code wss://user:pw@eth.example:8546/v3/KEY?x=1} becomes {@code wss://eth.example:8546}.
   * {@code null} stays {@code null}; a text that is not an absolute URL with a host becomes
   * {@link #REDACTED}.
   */
  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    String text = url.strip();
    int schemeEnd = text.indexOf("://");
    if (schemeEnd <= 0 || !SCHEME.matcher(text.substring(0, schemeEnd)).matches()) {
      return REDACTED;
    }
    int authorityStart = schemeEnd + 3;
    int authorityEnd = text.length();
    for (int i = authorityStart; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '/' || c == '?' || c == '#' || c == '\\') {
        authorityEnd = i;
        break;
      }
    }
    String authority = text.substring(authorityStart, authorityEnd);
    String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
    if (!HOST_PORT.matcher(hostPort).matches()) {
      return REDACTED;
    }
    return text.substring(0, schemeEnd).toLowerCase(Locale.ROOT) + "://"
        + hostPort.toLowerCase(Locale.ROOT);
  }

  /**
   * {@code text} (an error message, a log line) with every URL in it replaced by its
   * {@linkplain #redact(String) redacted} form. {@code null} stays {@code null}.
   */
  public static String redactAll(String text) {
    if (text == null) {
      return null;
    }
    Matcher matcher = IN_TEXT.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (matcher.find()) {
      // Punctuation that ends a sentence around a URL ("cannot connect to ws://h:1: refused")
      // is the text's, not the URL's.
      String url = matcher.group();
      int end = url.length();
      while (end > 0 && TRAILING.indexOf(url.charAt(end - 1)) >= 0) {
        end--;
      }
      matcher.appendReplacement(out,
          Matcher.quoteReplacement(redact(url.substring(0, end)) + url.substring(end)));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
