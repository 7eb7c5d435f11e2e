package io.fhe4j.mnist;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Decides which folder holds the data (explicit path, else {@code MNIST_DIR}, else the per-user cache) and which
 * file in it stands for each dataset file (the {@code .gz} name, else the uncompressed name). Stateless and
 * thread-safe.
 */
final class Locator {
    /** The environment variable naming the data folder. */
    static final String ENV = "MNIST_DIR";

    private Locator() {
    }

    /**
     * A chosen folder, why it was chosen (for error messages), and whether the user named it (in the options or
     * {@code MNIST_DIR}) rather than it being the default cache.
     */
    record Location(Path directory, String reason, boolean configured) {
    }

    static Location directory(MnistOptions options) {
        if (options.directory().isPresent()) {
            return new Location(options.directory().get(), "the folder passed in MnistOptions", true);
        }
        String env = options.environment().apply(ENV);
        if (env != null && !env.isBlank()) {
            return new Location(Path.of(env), "the folder named by " + ENV, true);
        }
        return new Location(cacheDirectory(options.environment()), "the per-user cache folder (" + ENV
                + " is not set)", false);
    }

    /**
     * {@code %LOCALAPPDATA%\fhe4j\mnist} on Windows, {@code ~/Library/Caches/fhe4j/mnist} on macOS, else
     * {@code $XDG_CACHE_HOME/fhe4j/mnist} or {@code ~/.cache/fhe4j/mnist}.
     */
    static Path cacheDirectory(UnaryOperator<String> env) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home", "."));
        String xdg = env.apply("XDG_CACHE_HOME");
        String local = env.apply("LOCALAPPDATA");
        Path root;
        if (xdg != null && !xdg.isBlank()) {
            root = Path.of(xdg);
        } else if (os.startsWith("windows") && local != null && !local.isBlank()) {
            root = Path.of(local);
        } else if (os.startsWith("mac")) {
            root = home.resolve("Library").resolve("Caches");
        } else {
            root = home.resolve(".cache");
        }
        return root.resolve("fhe4j").resolve("mnist");
    }

    /** The existing file for {@code name} in {@code dir}: the name itself, else its uncompressed form; or null. */
    static Path existing(Path dir, String name) {
        Path file = dir.resolve(name);
        if (Files.isRegularFile(file)) {
            return file;
        }
        Path raw = dir.resolve(DatasetFiles.uncompressed(name));
        return Files.isRegularFile(raw) ? raw : null;
    }
}
