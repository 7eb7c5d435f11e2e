package io.fhe4j.party;

import io.fhe4j.io.SecretFiles;
import io.fhe4j.mnist.MalformedScalerException;
import io.fhe4j.mnist.Scaler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The owner's feature scaling kept with a run and its model: {@code scaler.txt} in the owner's
 * private folder (a checkpoint of {@code train}, the {@code --state} folder of {@code owner}), and
 * {@code FILE.scaler} beside a model written with {@code --out FILE}. Written once through {@link
 * SecretFiles} (owner-only: the statistics describe the owner's private data, never overwritten);
 * read back through {@link Scaler#read} (every line checked, bounded) and compared with the
 * scaler fitted on this command's data, so that a resumed run on other data is refused by name.
 * Stateless.
 */
public final class ScalerFile {
  /** The file's name in a run's folder. */
  public static final String NAME = "scaler.txt";
  /** What {@code --out FILE}'s scaler is named after: {@code FILE.scaler}. */
  public static final String SUFFIX = ".scaler";

  private ScalerFile() {}

  /**
   * Saves {@code scaler} as {@code dir/scaler.txt} for a new run, or checks that a resumed run's
   * saved one equals it.
   *
   * @throws UsageException if the saved scaler is malformed or another one
   * @throws IOException if the file cannot be written or read
   */
  public static void saveOrCheck(Path dir, Scaler scaler) throws IOException {
    Path p = dir.resolve(NAME);
    if (!Files.exists(p)) {
      SecretFiles.write(p, scaler::write);
      return;
    }
    Scaler saved = read(p);
    if (!saved.equals(scaler)) {
      throw new UsageException(p + " holds the scaling of other training data (" + saved + ", fitted when the run"
          + " started) but this command's data gives " + scaler + " with other statistics: resume with that run's"
          + " --data, --test-data, --test-fraction, --scale and --seed, or name another folder");
    }
  }

  /**
   * Reads a saved scaler.
   *
   * @throws UsageException naming the file and the line if it is not a saved scaler
   */
  public static Scaler read(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      return Scaler.read(in, p.toString());
    } catch (MalformedScalerException e) {
      throw new UsageException(e.getMessage() + "; restore the run's " + NAME + " from a backup");
    }
  }

  /** Writes {@code scaler} beside the model file {@code model} ({@code model.scaler}, new, owner-only). */
  public static Path saveBeside(Path model, Scaler scaler) throws IOException {
    Path p = model.resolveSibling(model.getFileName() + SUFFIX);
    SecretFiles.write(p, scaler::write);
    return p;
  }
}
