package dev.sluice.cluster;

import dev.sluice.CheckedFunction;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The functions one JVM can run for remote callers, by name. A member builds its registry once
 * at start ({@link #discover}); the driver's {@link SluiceCluster#local local} and {@link
 * SluiceCluster#embedded embedded} modes use one too, so a pipeline runs unchanged in-process.
 *
 * <p>A function receives one item and returns its result; it may block and may throw. It is
 * called from many threads at once (up to the member's parallelism), so it must be thread-safe.
 * Items and results must be serializable by Hazelcast (strings, boxed primitives, byte arrays,
 * {@link java.io.Serializable} or Hazelcast-serializable types) unless the registry is used by
 * {@link SluiceCluster#local()} only. Thread-safe.
 */
public final class FunctionRegistry {
  private final Map<String, CheckedFunction<Object, Object>> functions = new ConcurrentHashMap<>();

  /** An empty registry. */
  public FunctionRegistry() {}

  /**
   * Registers a function under a name.
   *
   * @param name the name callers use; not blank
   * @param function the function
   * @param <T> the item type
   * @param <R> the result type
   * @return this registry
   * @throws IllegalArgumentException if the name is blank or already registered
   */
  @SuppressWarnings("unchecked")
  public <T, R> FunctionRegistry register(String name, CheckedFunction<T, R> function) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(function, "function");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a function name must not be blank");
    }
    if (functions.putIfAbsent(name, (CheckedFunction<Object, Object>) function) != null) {
      throw new IllegalArgumentException("a function named '" + name + "' is already registered");
    }
    return this;
  }

  /**
   * The function registered under a name.
   *
   * @param name the name
   * @return the function, or null if there is none
   */
  public CheckedFunction<Object, Object> find(String name) {
    return functions.get(name);
  }

  /**
   * The registered names, sorted.
   *
   * @return a snapshot of the names
   */
  public Set<String> names() {
    return new TreeSet<>(functions.keySet());
  }

  /**
   * A registry filled by every {@link RemoteFunctions} found with {@link ServiceLoader} on the
   * context class loader.
   *
   * @return the registry
   */
  public static FunctionRegistry discover() {
    return discover(List.of());
  }

  /**
   * A registry filled by every {@link RemoteFunctions} found with {@link ServiceLoader}, then by
   * the named classes (which need not be listed as services).
   *
   * @param classNames fully qualified names of {@link RemoteFunctions} implementations
   * @return the registry
   * @throws IllegalArgumentException if a class cannot be loaded or is not a {@link
   *     RemoteFunctions} with a public no-argument constructor
   */
  public static FunctionRegistry discover(Collection<String> classNames) {
    FunctionRegistry registry = new FunctionRegistry();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = FunctionRegistry.class.getClassLoader();
    }
    Set<Class<?>> seen = new java.util.HashSet<>();
    for (RemoteFunctions module : ServiceLoader.load(RemoteFunctions.class, loader)) {
      if (seen.add(module.getClass())) {
        module.register(registry);
      }
    }
    for (String className : classNames) {
      Class<?> type;
      try {
        type = Class.forName(className, true, loader);
      } catch (ClassNotFoundException e) {
        throw new IllegalArgumentException(
            "functions class " + className + " is not on the class path", e);
      }
      if (!RemoteFunctions.class.isAssignableFrom(type)) {
        throw new IllegalArgumentException(
            className + " does not implement " + RemoteFunctions.class.getName());
      }
      if (!seen.add(type)) {
        continue; // already found as a service; registering twice would clash
      }
      try {
        ((RemoteFunctions) type.getConstructor().newInstance()).register(registry);
      } catch (ReflectiveOperationException e) {
        throw new IllegalArgumentException(
            className + " needs a public no-argument constructor", e);
      }
    }
    return registry;
  }
}
