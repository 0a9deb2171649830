package dev.sluice.bench;

import java.util.ArrayList;
import java.util.List;

/** Creates the contenders by name; Sluice always comes first, the peers after it. */
public final class Contenders {
  /** Every framework the harness knows, Sluice first. */
  public static final List<String> ALL = List.of("sluice", "reactor", "rxjava", "pekko", "gatherers");

  private Contenders() {}

  /**
   * Creates one contender.
   *
   * @param name one of {@link #ALL}
   * @return a new contender, to be closed by the caller
   * @throws IllegalArgumentException for an unknown name
   */
  public static Contender create(String name) {
    return switch (name) {
      case "sluice" -> new SluiceContender();
      case "reactor" -> new ReactorContender();
      case "rxjava" -> new RxJavaContender();
      case "pekko" -> new PekkoContender();
      case "gatherers" -> new GatherersContender();
      default -> throw new IllegalArgumentException("unknown framework " + name + "; known: " + ALL);
    };
  }

  /** Creates the named contenders, in the order of {@link #ALL}; closes them all on failure. */
  public static List<Contender> create(List<String> names) {
    List<Contender> created = new ArrayList<>();
    try {
      for (String name : ALL) {
        if (names.contains(name)) {
          created.add(create(name));
        }
      }
      return created;
    } catch (RuntimeException e) {
      closeAll(created);
      throw e;
    }
  }

  /** Closes every contender, keeping the first failure and trying the rest. */
  public static void closeAll(List<Contender> contenders) {
    RuntimeException first = null;
    for (Contender contender : contenders) {
      try {
        contender.close();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
