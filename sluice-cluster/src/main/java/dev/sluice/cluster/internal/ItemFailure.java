package dev.sluice.cluster.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import dev.sluice.cluster.RemoteFunctionException;
import dev.sluice.cluster.RemoteOrigin;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * What a function threw on a member, in a form that always travels: the class name, message
 * and stack trace as plain data, plus the exception itself Java-serialized when it can be. The
 * driver rebuilds the original exception when its class is there, else a {@link
 * RemoteFunctionException}; either way it notes the member in a {@link RemoteOrigin}.
 */
public final class ItemFailure {
  /** Bounds what the driver deserializes from a member. */
  private static final ObjectInputFilter LIMITS =
      ObjectInputFilter.Config.createFilter("maxdepth=64;maxrefs=100000;maxbytes=16777216");

  private final String className;
  private final String message;
  private final StackTraceElement[] stackTrace;
  private final byte[] serialized;

  private ItemFailure(String className, String message, StackTraceElement[] stackTrace, byte[] serialized) {
    this.className = className;
    this.message = message;
    this.stackTrace = stackTrace;
    this.serialized = serialized;
  }

  /**
   * Captures a failure on the member.
   *
   * @param error what was thrown
   * @return the portable failure
   */
  public static ItemFailure of(Throwable error) {
    return new ItemFailure(
        error.getClass().getName(), error.getMessage(), error.getStackTrace(), serialize(error));
  }

  private static byte[] serialize(Throwable error) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(error);
    } catch (IOException | RuntimeException notSerializable) {
      return null; // travels as text instead
    }
    return bytes.toByteArray();
  }

  /**
   * Rebuilds the failure in the driver.
   *
   * @param member the member it happened on
   * @param function the function's name
   * @return the original exception if it can be rebuilt, else a {@link RemoteFunctionException}
   */
  public Throwable rebuild(String member, String function) {
    Throwable error = serialized == null ? null : deserialize(serialized);
    if (error == null) {
      error =
          new RemoteFunctionException(
              "function '" + function + "' on member " + member + " threw " + className
                  + (message == null ? "" : ": " + message),
              className);
      error.setStackTrace(stackTrace);
    }
    error.addSuppressed(new RemoteOrigin(member, function));
    return error;
  }

  private static Throwable deserialize(byte[] data) {
    try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(data))) {
      in.setObjectInputFilter(LIMITS);
      return in.readObject() instanceof Throwable t ? t : null;
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Writes the failure.
   *
   * @param out the output
   * @throws IOException if writing fails
   */
  public void writeTo(ObjectDataOutput out) throws IOException {
    out.writeString(className);
    out.writeString(message);
    out.writeObject(stackTrace);
    out.writeByteArray(serialized);
  }

  /**
   * Reads a failure written by {@link #writeTo}.
   *
   * @param in the input
   * @return the failure
   * @throws IOException if reading fails
   */
  public static ItemFailure readFrom(ObjectDataInput in) throws IOException {
    String className = in.readString();
    String message = in.readString();
    StackTraceElement[] trace = in.readObject();
    byte[] serialized = in.readByteArray();
    return new ItemFailure(className, message, trace == null ? new StackTraceElement[0] : trace, serialized);
  }

  /** Resolves classes with the context class loader, where the user's exceptions live. */
  private static final class LoaderObjectInputStream extends ObjectInputStream {
    LoaderObjectInputStream(InputStream in) throws IOException {
      super(in);
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      if (loader != null) {
        try {
          return Class.forName(desc.getName(), false, loader);
        } catch (ClassNotFoundException e) {
          // fall back to the default resolution
        }
      }
      return super.resolveClass(desc);
    }
  }
}
