package io.fhe4j.mnist;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where {@link Mnist} looks for the files and what it may do: folder, download permission and mirror, expected file
 * names and sums, verification, class count, progress output. Defaults: folder from {@code MNIST_DIR} or the
 * per-user cache, no download, {@link #DEFAULT_BASE_URI}, {@link DatasetFiles#MNIST}, verified, 10 classes,
 * progress on {@code System.err}.
 *
 * <pre>{@code
 * MnistOptions o = MnistOptions.builder().directory(Path.of("data/mnist")).download(true).build();
 * }</pre>
 * Immutable and thread-safe; build with {@link #builder()}.
 */
public final class MnistOptions {
    /** The default mirror: the copy of the MNIST files that TensorFlow's datasets use. */
    public static final URI DEFAULT_BASE_URI = URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/");

    private final Path directory;
    private final boolean download;
    private final URI baseUri;
    private final DatasetFiles files;
    private final boolean verify;
    private final int classes;
    private final PrintStream progress;
    private final Duration timeout;
    private final UnaryOperator<String> environment;

    private MnistOptions(Builder b) {
        this.directory = b.directory;
        this.download = b.download;
        this.baseUri = b.baseUri;
        this.files = b.files;
        this.verify = b.verify;
        this.classes = b.classes;
        this.progress = b.progress;
        this.timeout = b.timeout;
        this.environment = b.environment;
    }

    /** The defaults described above. */
    public static MnistOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The folder given explicitly, if any (otherwise {@code MNIST_DIR}, then the per-user cache, are used). */
    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    /** Whether missing files may be downloaded. */
    public boolean download() {
        return download;
    }

    /** The URL the file names are resolved against; ends with {@code /}. */
    public URI baseUri() {
        return baseUri;
    }

    /** The file names and their expected sums. */
    public DatasetFiles files() {
        return files;
    }

    /** Whether files are checked against their known SHA-256 sums. */
    public boolean verify() {
        return verify;
    }

    /** Labels must be {@code 0..classes()-1}. */
    public int classes() {
        return classes;
    }

    /** Where download progress is drawn, if anywhere. */
    public Optional<PrintStream> progress() {
        return Optional.ofNullable(progress);
    }

    /** Connect and response timeout of downloads. */
    public Duration timeout() {
        return timeout;
    }

    UnaryOperator<String> environment() {
        return environment;
    }

    /** Collects options; each setter validates its argument. Not thread-safe. */
    public static final class Builder {
        private Path directory;
        private boolean download;
        private URI baseUri = DEFAULT_BASE_URI;
        private DatasetFiles files = DatasetFiles.MNIST;
        private boolean verify = true;
        private int classes = 10;
        private PrintStream progress = System.err;
        private Duration timeout = Duration.ofSeconds(60);
        private UnaryOperator<String> environment = System::getenv;

        private Builder() {
        }

        /** Use this folder, ignoring {@code MNIST_DIR} and the cache. */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** Allow (true) or forbid (false, the default) downloading missing files. */
        public Builder download(boolean allowed) {
            this.download = allowed;
            return this;
        }

        /** The mirror to download from: an http or https URL; a missing trailing {@code /} is added. */
        public Builder baseUri(URI uri) {
            Objects.requireNonNull(uri, "uri");
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
                throw new IllegalArgumentException("base URL must be http or https, got " + uri);
            }
            String s = uri.toString();
            this.baseUri = s.endsWith("/") ? uri : URI.create(s + "/");
            return this;
        }

        /** Shorthand for {@link #baseUri(URI)} with a string. */
        public Builder baseUri(String uri) {
            return baseUri(URI.create(uri));
        }

        /** Other file names and sums, for MNIST-style datasets published elsewhere. */
        public Builder files(DatasetFiles files) {
            this.files = Objects.requireNonNull(files, "files");
            return this;
        }

        /** Skip the SHA-256 check: for custom datasets stored under the MNIST names (e.g. Fashion-MNIST). */
        public Builder unverified() {
            this.verify = false;
            return this;
        }

        /** Number of classes, 1..256 (10 for MNIST and Fashion-MNIST). */
        public Builder classes(int classes) {
            if (classes < 1 || classes > 256) {
                throw new IllegalArgumentException("classes must be 1..256, got " + classes);
            }
            this.classes = classes;
            return this;
        }

        /** Draw download progress on {@code out}; null for none. */
        public Builder progress(PrintStream out) {
            this.progress = out;
            return this;
        }

        /** Connect and response timeout of each download, positive. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Replaces the environment lookup (tests only). */
        Builder environment(UnaryOperator<String> environment) {
            this.environment = environment;
            return this;
        }

        /** The options. */
        public MnistOptions build() {
            return new MnistOptions(this);
        }
    }
}
