package dev.sluice.cli.http;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code --header 'Name: value'}. In the value, {@code ${NAME}} is replaced by the
 * environment variable NAME, so a secret can stay off the command line (and out of shell
 * history): {@code --header 'Authorization: Bearer ${API_TOKEN}'}. The value itself is never
 * printed; {@link #display()} shows it only as typed, and only when it draws on the
 * environment, so what is shown is never the secret.
 *
 * @param name the header name
 * @param raw the value as given on the command line
 * @param value the value sent, environment variables expanded
 */
public record Header(String name, String raw, String value) implements java.io.Serializable {
  private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  /**
   * Parses a header and expands its environment variables.
   *
   * @param text {@code Name: value}
   * @param env the environment
   * @return the header
   * @throws IllegalArgumentException naming what is wrong (but never the value)
   */
  public static Header parse(String text, Map<String, String> env) {
    int colon = text.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("expected 'Name: value', got a header without a name");
    }
    String name = text.substring(0, colon).trim();
    if (!TOKEN.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a valid header name");
    }
    if (RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
      throw new IllegalArgumentException(
          "header '" + name + "' is set by the HTTP client and cannot be given");
    }
    String raw = text.substring(colon + 1).trim();
    Matcher m = ENV.matcher(raw);
    StringBuilder value = new StringBuilder();
    while (m.find()) {
      String variable = m.group(1);
      String replacement = env.get(variable);
      if (replacement == null) {
        throw new IllegalArgumentException(
            "header '" + name + "' uses ${" + variable + "}, but the environment variable "
                + variable + " is not set");
      }
      m.appendReplacement(value, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(value);
    if (value.indexOf("\n") >= 0 || value.indexOf("\r") >= 0) {
      throw new IllegalArgumentException("header '" + name + "' has a line break in its value");
    }
    return new Header(name, raw, value.toString());
  }

  /**
   * The header as safe to show: {@code Name: value-as-typed} if the value takes its content
   * from the environment, else {@code Name: <hidden>}.
   *
   * @return the text
   */
  public String display() {
    return name + ": " + (ENV.matcher(raw).find() ? raw : "<hidden>");
  }

  /** Never the value: a header printed by mistake must not leak a secret. */
  @Override
  public String toString() {
    return "Header[" + name + "]";
  }
}
