package dev.sluice.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;

/**
 * The demo's sample data: product reviews made up from word lists with a fixed seed, so every
 * machine gets the same file, byte for byte, without shipping one. A few rows have an empty
 * text, which the demo API rejects with 422, to show the errors file.
 */
public final class DemoData {
  static final String[] PRODUCTS = {
    "kettle", "headphones", "backpack", "desk lamp", "running shoes", "coffee grinder",
    "keyboard", "tent", "blender", "umbrella", "phone case", "water bottle"
  };
  static final String[] GOOD = {
    "great", "excellent", "sturdy", "quiet", "comfortable", "reliable", "beautiful", "fast",
    "solid", "lovely"
  };
  static final String[] BAD = {
    "flimsy", "noisy", "broken", "disappointing", "slow", "awful", "cheap", "leaky", "late",
    "uncomfortable"
  };
  private static final String[] OPENERS = {
    "Bought this %s last month.", "My second %s from this shop.", "Got the %s as a gift.",
    "Used the %s every day for a week.", "Ordered the %s on a whim."
  };
  private static final String[] VERDICTS = {
    "It is %s and %s.", "Honestly %s, maybe a bit %s.", "Feels %s; the packaging was %s.",
    "Really %s, though shipping was %s."
  };

  /** Rows whose text is empty, rejected by the demo API. */
  static boolean blank(int id) {
    return id % 1000 == 500;
  }

  private DemoData() {}

  /**
   * Writes the sample file (atomically, so an interrupted write leaves no half file).
   *
   * @param file where
   * @param rows how many rows
   * @throws IOException on an I/O error
   */
  public static void write(Path file, int rows) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Random random = new Random(7);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      for (int id = 1; id <= rows; id++) {
        String product = PRODUCTS[random.nextInt(PRODUCTS.length)];
        String[] first = random.nextInt(3) == 0 ? BAD : GOOD;
        String[] second = random.nextInt(4) == 0 ? BAD : GOOD;
        String text =
            String.format(OPENERS[random.nextInt(OPENERS.length)], product) + " "
                + String.format(VERDICTS[random.nextInt(VERDICTS.length)],
                    first[random.nextInt(first.length)], second[random.nextInt(second.length)]);
        ObjectNode row = json.createObjectNode();
        row.put("id", String.format("r%05d", id));
        row.put("product", product);
        row.put("text", blank(id) ? "" : text);
        out.write(json.writeValueAsString(row));
        out.write('\n');
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
