package dev.sluice.cli.ui;

import dev.sluice.cli.http.Header;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The command that resumes an interrupted run: the same arguments, minus {@code --restart}
 * (which would throw the progress away), with every header value that does not come from the
 * environment hidden, since printing a secret that was typed on the command line would put it
 * in logs.
 */
public final class ResumeHint {
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private ResumeHint() {}

  /**
   * The resume command, quoted for a POSIX shell.
   *
   * @param program how the CLI was launched, e.g. {@code ./sluice}
   * @param args the original arguments
   * @return the command line
   */
  public static String command(String program, List<String> args) {
    List<String> out = new ArrayList<>();
    boolean afterDashes = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (afterDashes) {
        out.add(quote(arg));
        continue;
      }
      if (arg.equals("--")) {
        afterDashes = true;
        out.add(arg);
      } else if (arg.equals("--restart")) {
        continue;
      } else if ((arg.equals("-H") || arg.equals("--header")) && i + 1 < args.size()) {
        out.add(arg);
        out.add(quote(hidden(args.get(++i))));
      } else if (arg.startsWith("--header=")) {
        out.add(quote("--header=" + hidden(arg.substring("--header=".length()))));
      } else if (arg.startsWith("-H") && arg.length() > 2) {
        out.add(quote("-H" + hidden(arg.substring(2))));
      } else {
        out.add(quote(arg));
      }
    }
    return program + (out.isEmpty() ? "" : " " + String.join(" ", out));
  }

  private static String hidden(String header) {
    try {
      // Parsed with an empty environment: only the shape matters, never the value.
      return Header.parse(header, Map.of()).display();
    } catch (IllegalArgumentException e) {
      int colon = header.indexOf(':');
      String name = colon > 0 ? header.substring(0, colon).trim() : "header";
      return header.contains("${") ? header : name + ": <hidden>";
    }
  }

  /**
   * Quotes an argument for a POSIX shell when it needs it.
   *
   * @param arg the argument
   * @return the argument, single-quoted if it holds anything but safe characters
   */
  public static String quote(String arg) {
    if (!arg.isEmpty() && SAFE.matcher(arg).matches()) {
      return arg;
    }
    return "'" + arg.replace("'", "'\"'\"'") + "'";
  }
}
