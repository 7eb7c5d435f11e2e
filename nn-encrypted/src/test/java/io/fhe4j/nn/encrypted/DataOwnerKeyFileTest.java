package io.fhe4j.nn.encrypted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fhe4j.bgv.Context;
import io.fhe4j.bgv.ContextBuilder;
import io.fhe4j.math.Primes;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The owner's key file: owner-only (0600 in a new 0700 folder), never overwritten, read back with
 * the same {@link DataOwner#keyId()}; another key has another id.
 */
class DataOwnerKeyFileTest {
  private static final Context CONTEXT =
      new ContextBuilder().m(4096).p(Primes.generate(40, 4096)).bits(120).c(2).allowInsecure().build();

  @TempDir
  Path dir;

  @Test
  void keyFileIsOwnerOnlyNeverOverwrittenAndKeepsItsId() throws IOException {
    DataOwner owner = DataOwner.deterministicForTests(CONTEXT, 1);
    Path file = dir.resolve("run/owner-secret.key");
    owner.writeSecretKey(file);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));

    DataOwner back = DataOwner.readSecretKey(CONTEXT, file);
    assertEquals(owner.keyId(), back.keyId());
    assertTrue(owner.keyId().matches("[0-9a-f]{32}"), owner.keyId());

    DataOwner other = DataOwner.deterministicForTests(CONTEXT, 2);
    assertNotEquals(owner.keyId(), other.keyId());
    byte[] before = Files.readAllBytes(file);
    assertThrows(FileAlreadyExistsException.class, () -> other.writeSecretKey(file));
    assertEquals(owner.keyId(), DataOwner.readSecretKey(CONTEXT, file).keyId());
    assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(Files.readAllBytes(file)));
  }
}
