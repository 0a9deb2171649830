package dev.sluice.cluster;

/**
 * Registers the functions a member can run, by name. Members find implementations with {@link
 * java.util.ServiceLoader} (list the class in {@code
 * META-INF/services/dev.sluice.cluster.RemoteFunctions} of your jar) and by the class names
 * given to {@code WorkerMain --functions}. Functions travel by name, never as code: a member
 * runs the version on its own class path, so deploy the same jar to the driver and the members.
 *
 * {@snippet :
 * public final class MyFunctions implements RemoteFunctions {
 *   @Override
 *   public void register(FunctionRegistry registry) {
 *     registry.register("score", (String text) -> text.length());
 *   }
 * }
 * }
 *
 * <p>Implementations need a public no-argument constructor.
 */
public interface RemoteFunctions {

  /**
   * Adds this module's functions to the registry.
   *
   * @param registry the member's registry
   */
  void register(FunctionRegistry registry);
}
