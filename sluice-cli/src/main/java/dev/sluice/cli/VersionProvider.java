package dev.sluice.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** {@code --version}: the version the jar was built as, and the Java running it. */
public final class VersionProvider implements CommandLine.IVersionProvider {
  /**
   * The CLI's version.
   *
   * @return e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown}
   */
  public static String version() {
    try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "sluice " + version(),
      "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
    };
  }
}
