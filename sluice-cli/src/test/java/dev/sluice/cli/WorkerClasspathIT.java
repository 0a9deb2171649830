package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.Pipeline;
import dev.sluice.cluster.ClusterOptions;
import dev.sluice.cluster.SluiceCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.IntStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice worker --classpath user.jar --functions ...}: a user's Java function, compiled
 * into a jar of its own that the CLI's jar knows nothing of, runs on the workers for a pipeline
 * that reaches them through {@link SluiceCluster#connect}.
 */
class WorkerClasspathIT {
  @TempDir Path dir;

  @Test
  void aUsersJarOnTheWorkersServesAPipeline() throws Exception {
    Path jar = userJar();
    try (ClusterWorkers workers = ClusterWorkers.start(dir, 2, Map.of(), "--classpath",
        jar.toString(), "--functions", "example.Shout")) {
      assertThat(workers.log(0)).contains("functions=[shout, sluice.http, sluice.process]");
      ClusterOptions options = ClusterOptions.defaults().withClusterName(workers.cluster)
          .withMembers(workers.members().split(","));
      try (SluiceCluster cluster = SluiceCluster.connect(options)) {
        List<String> words = IntStream.range(0, 500).mapToObj(i -> "w" + i).toList();
        List<String> out = cluster.<String, String>map(Pipeline.from(words), 32, "shout").toList();
        assertThat(out).isEqualTo(words.stream().map(w -> w.toUpperCase() + "!").toList());
      }
    }
  }

  /** Compiles a RemoteFunctions class against the CLI's jar and packs it alone into a jar. */
  private Path userJar() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src/example"));
    Files.writeString(src.resolve("Shout.java"), """
        package example;

        import dev.sluice.cluster.FunctionRegistry;
        import dev.sluice.cluster.RemoteFunctions;

        public final class Shout implements RemoteFunctions {
          @Override
          public void register(FunctionRegistry registry) {
            registry.register("shout", (String s) -> s.toUpperCase() + "!");
          }
        }
        """);
    Path classes = Files.createDirectories(dir.resolve("classes"));
    int code = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp",
        Cli.jar().toString(), "-d", classes.toString(), src.resolve("Shout.java").toString());
    assertThat(code).as("javac").isZero();
    Path jar = dir.resolve("user.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("example/Shout.class"));
      out.write(Files.readAllBytes(classes.resolve("example/Shout.class")));
      out.closeEntry();
    }
    return jar;
  }
}
