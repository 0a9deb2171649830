package dev.sluice.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws the results as a PNG with plain {@code java.awt} (headless, JDK only): one panel per
 * workload, each with its own scale, a group of bars per framework, Sluice first and in a
 * colour of its own, each bar labelled with its value, and the verdict under the panel's title.
 */
public final class Chart {
  private static final int PANEL_W = 520;
  private static final int PANEL_H = 380;
  private static final int COLUMNS = 3;
  private static final int HEADER_H = 92;
  private static final int GAP = 16;
  private static final Color BACKGROUND = Color.WHITE;
  private static final Color INK = new Color(0x22, 0x22, 0x22);
  private static final Color GRID = new Color(0xE3, 0xE3, 0xE3);
  private static final Color PASS = new Color(0x1B, 0x7F, 0x3A);
  private static final Color MISS = new Color(0xC6, 0x28, 0x28);
  private static final Map<String, Color> COLORS =
      Map.of(
          "sluice", new Color(0x15, 0x65, 0xC0),
          "reactor", new Color(0x6D, 0xA0, 0x4B),
          "rxjava", new Color(0xD0, 0x84, 0x3A),
          "pekko", new Color(0x8E, 0x6B, 0xB8),
          "gatherers", new Color(0x8A, 0x8A, 0x8A));

  private Chart() {}

  /**
   * Draws the results and writes them to {@code file}.
   *
   * @param title the chart's title
   * @param subtitle a line under it (machine, JVM, repetitions)
   * @param results the workloads, in order
   * @param file the PNG to write
   */
  public static void write(String title, String subtitle, List<WorkloadResult> results, Path file)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    int rows = Math.max(1, (results.size() + COLUMNS - 1) / COLUMNS);
    int columns = Math.min(COLUMNS, Math.max(1, results.size()));
    int width = GAP + columns * (PANEL_W + GAP);
    int height = HEADER_H + rows * (PANEL_H + GAP);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(BACKGROUND);
      g.fillRect(0, 0, width, height);
      header(g, title, subtitle, results, width);
      for (int i = 0; i < results.size(); i++) {
        int x = GAP + (i % COLUMNS) * (PANEL_W + GAP);
        int y = HEADER_H + (i / COLUMNS) * (PANEL_H + GAP);
        panel(g, results.get(i), x, y);
      }
    } finally {
      g.dispose();
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static void header(Graphics2D g, String title, String subtitle, List<WorkloadResult> results, int width) {
    g.setColor(INK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
    g.drawString(title, GAP, 32);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.setColor(Color.DARK_GRAY);
    g.drawString(subtitle, GAP, 54);
    int x = GAP;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    FontMetrics fm = g.getFontMetrics();
    for (String framework : frameworks(results)) {
      g.setColor(color(framework));
      g.fillRect(x, 66, 14, 14);
      g.setColor(INK);
      g.drawString(framework, x + 20, 78);
      x += 20 + fm.stringWidth(framework) + 22;
    }
    long passes = results.stream().filter(WorkloadResult::pass).count();
    String score = passes + " of " + results.size() + " targets met";
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.setColor(passes == results.size() ? PASS : MISS);
    g.drawString(score, width - GAP - g.getFontMetrics().stringWidth(score), 78);
  }

  private static List<String> frameworks(List<WorkloadResult> results) {
    return results.isEmpty()
        ? List.of()
        : results.getFirst().rows().stream().map(Row::framework).toList();
  }

  private static void panel(Graphics2D g, WorkloadResult result, int x0, int y0) {
    ChartPanel panel = result.panel();
    g.setColor(new Color(0xFA, 0xFA, 0xFA));
    g.fillRect(x0, y0, PANEL_W, PANEL_H);
    g.setColor(GRID);
    g.drawRect(x0, y0, PANEL_W, PANEL_H);

    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.setColor(INK);
    g.drawString(panel.title(), x0 + 12, y0 + 24);
    int titleWidth = g.getFontMetrics().stringWidth(panel.title());
    g.setColor(result.pass() ? PASS : MISS);
    g.drawString(result.pass() ? "PASS" : "MISS", x0 + 20 + titleWidth, y0 + 24);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(Color.DARK_GRAY);
    g.drawString(fit(g, "target: " + result.target(), PANEL_W - 24), x0 + 12, y0 + 42);
    List<String> verdictLines = wrap(g, stripWord(panel.verdict()), PANEL_W - 24, 2);
    for (int i = 0; i < verdictLines.size(); i++) {
      g.drawString(verdictLines.get(i), x0 + 12, y0 + 58 + 15 * i);
    }
    g.setColor(Color.GRAY);
    g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 11));
    String unit = panel.unit() + (panel.lowerIsBetter() ? ", lower is better" : ", higher is better");
    g.drawString(unit, x0 + 12, y0 + 98);
    if (!Double.isNaN(panel.targetValue())) {
      g.setColor(MISS);
      g.drawString("- - -  target: " + panel.targetLabel(), x0 + 24 + g.getFontMetrics().stringWidth(unit), y0 + 98);
    }

    int left = x0 + 62;
    int right = x0 + PANEL_W - 14;
    int top = y0 + 116;
    int bottom = y0 + PANEL_H - 44;
    double max = 0;
    for (double[] values : panel.values().values()) {
      for (double v : values) {
        if (!Double.isNaN(v)) {
          max = Math.max(max, v);
        }
      }
    }
    if (!Double.isNaN(panel.targetValue())) {
      max = Math.max(max, panel.targetValue());
    }
    double scaleMax = niceCeiling(max <= 0 ? 1 : max * 1.12);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    FontMetrics fm = g.getFontMetrics();
    int ticks = 4;
    for (int t = 0; t <= ticks; t++) {
      double value = scaleMax * t / ticks;
      int y = bottom - (int) Math.round((bottom - top) * (double) t / ticks);
      g.setColor(GRID);
      g.drawLine(left, y, right, y);
      g.setColor(Color.GRAY);
      String label = axisLabel(value, panel.unit());
      g.drawString(label, left - 6 - fm.stringWidth(label), y + 4);
    }

    List<String> frameworks = List.copyOf(panel.values().keySet());
    int groups = frameworks.size();
    int series = panel.series().size();
    double groupWidth = (right - left) / (double) Math.max(1, groups);
    double barWidth = Math.min(56, (groupWidth - 14) / series);
    for (int i = 0; i < groups; i++) {
      String framework = frameworks.get(i);
      double[] values = panel.values().get(framework);
      double groupLeft = left + i * groupWidth + (groupWidth - barWidth * series) / 2;
      for (int s = 0; s < series; s++) {
        double v = s < values.length ? values[s] : Double.NaN;
        int bx = (int) Math.round(groupLeft + s * barWidth);
        int bw = (int) Math.round(barWidth) - 2;
        if (Double.isNaN(v)) {
          g.setColor(MISS);
          g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 11));
          drawCentered(g, "failed", bx + bw / 2, bottom - 6);
          continue;
        }
        int bh = (int) Math.round((bottom - top) * v / scaleMax);
        g.setColor(shade(color(framework), series, s));
        g.fillRect(bx, bottom - bh, bw, bh);
        if (framework.equals("sluice")) {
          g.setColor(color(framework).darker());
          g.setStroke(new BasicStroke(1.5f));
          g.drawRect(bx, bottom - bh, bw, bh);
          g.setStroke(new BasicStroke(1f));
        }
        g.setColor(INK);
        g.setFont(new Font(Font.SANS_SERIF, framework.equals("sluice") ? Font.BOLD : Font.PLAIN, 11));
        drawCentered(g, valueLabel(v, panel.unit()), bx + bw / 2, bottom - bh - 4);
      }
      g.setColor(INK);
      g.setFont(new Font(Font.SANS_SERIF, framework.equals("sluice") ? Font.BOLD : Font.PLAIN, 12));
      drawCentered(g, framework, (int) Math.round(left + (i + 0.5) * groupWidth), bottom + 16);
    }
    g.setColor(Color.GRAY);
    g.drawLine(left, bottom, right, bottom);
    if (!Double.isNaN(panel.targetValue())) {
      int y = bottom - (int) Math.round((bottom - top) * panel.targetValue() / scaleMax);
      g.setColor(MISS);
      g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
      g.drawLine(left, y, right, y);
      g.setStroke(new BasicStroke(1f));
    }
    if (series > 1) {
      legendForSeries(g, panel, x0, y0 + PANEL_H - 12);
    }
  }

  private static void legendForSeries(Graphics2D g, ChartPanel panel, int x0, int baseline) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    FontMetrics fm = g.getFontMetrics();
    int x = x0 + 12;
    for (int s = 0; s < panel.series().size(); s++) {
      g.setColor(shade(Color.GRAY, panel.series().size(), s));
      g.fillRect(x, baseline - 9, 10, 10);
      g.setColor(Color.DARK_GRAY);
      String label = panel.series().get(s);
      g.drawString(label, x + 14, baseline);
      x += 14 + fm.stringWidth(label) + 16;
    }
    g.drawString("(light to dark, per framework)", x, baseline);
  }

  /** Earlier series of a group lighter, the last one in the framework's own colour. */
  private static Color shade(Color base, int series, int s) {
    if (series <= 1 || s == series - 1) {
      return base;
    }
    double mix = 0.55 * (series - 1 - s) / (series - 1);
    return new Color(
        (int) (base.getRed() + (255 - base.getRed()) * mix),
        (int) (base.getGreen() + (255 - base.getGreen()) * mix),
        (int) (base.getBlue() + (255 - base.getBlue()) * mix));
  }

  private static Color color(String framework) {
    return COLORS.getOrDefault(framework, Color.DARK_GRAY);
  }

  private static void drawCentered(Graphics2D g, String text, int cx, int baseline) {
    g.drawString(text, cx - g.getFontMetrics().stringWidth(text) / 2, baseline);
  }

  private static String fit(Graphics2D g, String text, int width) {
    FontMetrics fm = g.getFontMetrics();
    if (fm.stringWidth(text) <= width) {
      return text;
    }
    String cut = text;
    while (!cut.isEmpty() && fm.stringWidth(cut + "...") > width) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return cut + "...";
  }

  /** Splits text into at most {@code maxLines} lines that fit; the last one is cut with "...". */
  private static List<String> wrap(Graphics2D g, String text, int width, int maxLines) {
    FontMetrics fm = g.getFontMetrics();
    List<String> lines = new java.util.ArrayList<>();
    StringBuilder line = new StringBuilder();
    String[] words = text.split(" ");
    for (int i = 0; i < words.length; i++) {
      String candidate = line.isEmpty() ? words[i] : line + " " + words[i];
      if (fm.stringWidth(candidate) <= width || line.isEmpty()) {
        line = new StringBuilder(candidate);
        continue;
      }
      if (lines.size() == maxLines - 1) {
        lines.add(fit(g, line + " " + String.join(" ", java.util.Arrays.copyOfRange(words, i, words.length)), width));
        return lines;
      }
      lines.add(line.toString());
      line = new StringBuilder(words[i]);
    }
    if (!line.isEmpty()) {
      lines.add(fit(g, line.toString(), width));
    }
    return lines;
  }

  private static String stripWord(String verdict) {
    return verdict.replaceFirst("^(PASS|MISS): ", "");
  }

  private static String axisLabel(double value, String unit) {
    return unit.equals("MB") ? String.format(Locale.ROOT, "%.0f", value) : Format.rate(value);
  }

  private static String valueLabel(double value, String unit) {
    return unit.equals("MB") ? String.format(Locale.ROOT, "%.1f", value) : Format.rate(value);
  }

  /** The smallest round number (1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8 times a power of ten) >= value. */
  static double niceCeiling(double value) {
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double step : new double[] {1, 1.2, 1.6, 2, 2.4, 3, 4, 5, 6, 8, 10}) {
      if (step * power >= value) {
        return step * power;
      }
    }
    return 10 * power;
  }
}
