package dev.sluice.cli.options;

import java.time.Duration;
import picocli.CommandLine;

/** picocli converters for the CLI's own value types; their messages name the accepted forms. */
public final class Converters {
  private Converters() {}

  /** Reads {@code 500ms}, {@code 30s}, {@code 2m}. */
  public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Durations.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** Reads {@code 10/s}, {@code 600/m}. */
  public static final class RateConverter implements CommandLine.ITypeConverter<Rate> {
    @Override
    public Rate convert(String value) {
      try {
        return Rate.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
