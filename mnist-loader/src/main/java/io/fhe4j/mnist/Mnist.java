package io.fhe4j.mnist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Entry point: finds, verifies, optionally downloads, and reads MNIST (or an MNIST-style dataset).
 *
 * <pre>{@code
 * Dataset train = Mnist.load(Split.TRAIN);          // MNIST_DIR or the cache; verified; no download
 * Dataset test  = Mnist.load(Split.TEST, MnistOptions.builder().download(true).build());
 * }</pre>
 *
 * <p>The folder is the one given in the options, else {@code $MNIST_DIR}, else the per-user cache
 * ({@code ~/.cache/fhe4j/mnist} on Linux). Each file may be stored gzip-compressed (its canonical {@code .gz} name)
 * or uncompressed (the name without {@code .gz}). With verification on (the default) every file whose sum is known
 * is checked before it is parsed. Missing files are downloaded only when the options allow it, each to a temporary
 * file that is renamed into place once complete and verified. Stateless and thread-safe (two processes
 * downloading into the same folder at once each write their own temporary file; the last rename wins).
 */
public final class Mnist {
    private Mnist() {
    }

    /** Loads {@code split} with the {@link MnistOptions#defaults() default options}. */
    public static Dataset load(Split split) {
        return load(split, MnistOptions.defaults());
    }

    /**
     * Loads {@code split}: locates the folder, downloads the split's missing files if allowed, verifies the
     * checksums if asked, and reads the image and label files.
     *
     * @throws DataNotFoundException      if a file is missing and downloading is not allowed
     * @throws ChecksumMismatchException  if a file's SHA-256 is not the known one
     * @throws DownloadException          if a download fails
     * @throws MalformedIdxException      (a subclass of it) if a file is not a valid IDX file
     * @throws CountMismatchException     if image and label counts differ
     */
    public static Dataset load(Split split, MnistOptions options) {
        DatasetFiles files = options.files();
        Path dir = ensure(options, List.of(files.images(split), files.labels(split)));
        Path images = verified(dir, files.images(split), options);
        Path labels = verified(dir, files.labels(split), options);
        return IdxReader.read(images, labels, options.classes());
    }

    /**
     * Returns the folder holding all four files, downloading missing ones if the options allow it. Checksums are
     * verified by {@link #load}, not here (except that downloads are always verified as they arrive).
     *
     * @throws DataNotFoundException if a file is missing and downloading is not allowed
     * @throws DownloadException     if a download fails
     */
    public static Path locate(MnistOptions options) {
        return ensure(options, options.files().all());
    }

    /**
     * Loads both splits of the full MNIST files if they are configured, cached or downloadable, else the
     * {@link EmbeddedMnist} subset shipped in this jar; the result says which. In order:
     * <ol>
     *   <li>a folder given in the options or by {@code MNIST_DIR}: the files must be there (as for {@link #load});
     *       a missing or damaged file is an error, not a reason to fall back;</li>
     *   <li>the per-user cache, if it holds all four files (verified; a damaged one is an error);</li>
     *   <li>with {@code download(true)}, the files downloaded into the cache; if the download fails
     *       ({@link DownloadException}, or the cache folder cannot be created), the subset, with the failure
     *       named in {@link MnistSplits#source()};</li>
     *   <li>otherwise the subset.</li>
     * </ol>
     * Only for the MNIST files ({@link DatasetFiles#MNIST}, 10 classes): for other files this is {@link #load} of
     * both splits and never falls back.
     *
     * @throws MnistException as {@link #load} does, for configured or cached files
     */
    public static MnistSplits loadOrEmbedded(MnistOptions options) {
        Locator.Location location = Locator.directory(options);
        boolean mnist = options.files().equals(DatasetFiles.MNIST) && options.classes() == 10;
        boolean cached = options.files().all().stream().allMatch(n -> Locator.existing(location.directory(), n) != null);
        if (!mnist || location.configured() || cached) {
            String how = location.configured() ? "from " : cached ? "from the per-user cache " : "downloaded into ";
            return full(options, how, location.directory());
        }
        String failure = "";
        if (options.download()) {
            try {
                return full(options, "downloaded into ", location.directory());
            } catch (DownloadException | UncheckedIOException e) {
                failure = "; the download failed (" + e.getMessage() + ")";
            }
        }
        return new MnistSplits(EmbeddedMnist.load(Split.TRAIN), EmbeddedMnist.load(Split.TEST),
                EmbeddedMnist.description() + failure, true);
    }

    private static MnistSplits full(MnistOptions options, String how, Path dir) {
        Dataset train = load(Split.TRAIN, options);
        Dataset test = load(Split.TEST, options);
        return new MnistSplits(train, test, String.format(Locale.ROOT, "MNIST %s%s: %,d training / %,d test images",
                how, dir.toAbsolutePath(), train.size(), test.size()), false);
    }

    /** The per-user cache folder used when neither a folder nor {@code MNIST_DIR} is given. */
    public static Path cacheDirectory() {
        return Locator.cacheDirectory(System::getenv);
    }

    private static Path ensure(MnistOptions options, List<String> names) {
        Locator.Location location = Locator.directory(options);
        Path dir = location.directory();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (Locator.existing(dir, name) == null) {
                missing.add(name);
            }
        }
        if (missing.isEmpty()) {
            return dir;
        }
        if (!options.download()) {
            throw new DataNotFoundException("Missing " + String.join(", ", missing) + " in " + dir.toAbsolutePath()
                    + " (" + location.reason() + "). Set " + Locator.ENV + " to the folder that holds the four MNIST"
                    + " files, pass MnistOptions.builder().directory(...), or allow downloading from "
                    + options.baseUri() + " with MnistOptions.builder().download(true).");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + " to download MNIST into: " + e.getMessage(), e);
        }
        Downloader downloader = new Downloader(options.timeout());
        for (String name : missing) {
            String sum = options.verify() ? options.files().sha256().get(name) : null;
            downloader.download(options.baseUri().resolve(name), dir.resolve(name), sum,
                    options.progress().orElse(null));
        }
        return dir;
    }

    private static Path verified(Path dir, String name, MnistOptions options) {
        Path file = Locator.existing(dir, name);
        if (file == null) {
            throw new DataNotFoundException(name + " disappeared from " + dir + " while loading; load again.");
        }
        if (options.verify()) {
            String expected = options.files().sha256().get(file.getFileName().toString());
            if (expected != null) {
                Checksums.verify(file, expected);
            }
        }
        return file;
    }
}
