package dev.sluice.jsonl.internal;

import dev.sluice.jsonl.OutputRefusedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive OS file lock ({@link FileChannel#tryLock()}) on the job's lock file, held for the
 * whole run, so that a second process (or a second job in the same JVM) on the same output
 * refuses to start instead of interleaving lines. The OS drops the lock when the process dies,
 * however it dies, so a crash never leaves a stale lock. The lock file holds the owner's pid,
 * only to make the refusal message useful. It is a separate file, never read or closed by
 * anything else, because closing any channel on a locked file can drop the lock on some
 * systems; for the same reason a second job in the same JVM is turned away by a JVM-wide set of
 * held lock files before it opens the file at all.
 */
public final class OutputLock implements AutoCloseable {
  private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;

  private OutputLock(Path key, FileChannel channel, FileLock lock) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  public static OutputLock acquire(Path lockFile, Path output) throws IOException {
    Path key = lockFile.toAbsolutePath().normalize();
    if (!HELD_IN_THIS_JVM.add(key)) {
      throw refused(output, lockFile, " in this process");
    }
    try {
      return lock(key, lockFile, output);
    } catch (IOException | RuntimeException e) {
      HELD_IN_THIS_JVM.remove(key);
      throw e;
    }
  }

  private static OutputLock lock(Path key, Path lockFile, Path output) throws IOException {
    FileChannel channel =
        FileChannel.open(
            lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      String owner = owner(lockFile);
      channel.close();
      throw refused(output, lockFile, owner);
    }
    channel.truncate(0);
    byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
    channel.write(ByteBuffer.wrap(pid), 0);
    return new OutputLock(key, channel, lock);
  }

  private static OutputRefusedException refused(Path output, Path lockFile, String owner) {
    return new OutputRefusedException(
        output,
        output + " is in use: another job" + owner + " is writing it (it holds the lock on "
            + lockFile.getFileName() + "). Only one process may run a job on an output at a"
            + " time; wait for it to end, or stop it, and run again.",
        null);
  }

  private static String owner(Path lockFile) {
    try {
      String pid = Files.readString(lockFile, StandardCharsets.US_ASCII).trim();
      return pid.isEmpty() ? "" : " (pid " + pid + ")";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
      HELD_IN_THIS_JVM.remove(key);
    }
  }
}
