package io.fhe4j.mnist;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The four file names of an MNIST-style dataset and the SHA-256 sums they must have. {@link #MNIST} holds the
 * canonical names and sums; for another dataset with its own sums (for example Fashion-MNIST from its own mirror)
 * build one and pass it with {@link MnistOptions.Builder#files(DatasetFiles)}.
 *
 * <p>Names are the downloadable (usually {@code .gz}) names. A file may also be stored uncompressed under the name
 * without {@code .gz}; {@code sha256} may hold sums for either form. A file with no sum in the map is not verified.
 * Immutable and thread-safe.
 *
 * @param trainImages training image file, e.g. {@code train-images-idx3-ubyte.gz}
 * @param trainLabels training label file
 * @param testImages  test image file
 * @param testLabels  test label file
 * @param sha256      file name to lowercase hex SHA-256 (copied)
 */
public record DatasetFiles(String trainImages, String trainLabels, String testImages, String testLabels,
                           Map<String, String> sha256) {

    /**
     * The canonical MNIST files (Y. LeCun, C. Cortes, C. J. C. Burges). The {@code .gz} sums are the published
     * ones; the sums of the uncompressed files were computed from those verified archives.
     */
    public static final DatasetFiles MNIST = new DatasetFiles(
            "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
            Map.of(
                    "train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
                    "train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
                    "t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
                    "t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
                    "train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
                    "train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
                    "t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
                    "t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"));

    /** Checks that no name is null or contains a path separator, and copies the sums. */
    public DatasetFiles {
        for (String name : List.of(trainImages, trainLabels, testImages, testLabels)) {
            Objects.requireNonNull(name, "file name");
            if (name.isEmpty() || name.contains("/") || name.contains("\\")) {
                throw new IllegalArgumentException("file names must be plain names without folders, got '" + name + "'");
            }
        }
        sha256 = Map.copyOf(sha256);
    }

    /** The image file name of {@code split}. */
    public String images(Split split) {
        return split == Split.TRAIN ? trainImages : testImages;
    }

    /** The label file name of {@code split}. */
    public String labels(Split split) {
        return split == Split.TRAIN ? trainLabels : testLabels;
    }

    /** All four names: train images, train labels, test images, test labels. */
    public List<String> all() {
        return List.of(trainImages, trainLabels, testImages, testLabels);
    }

    /** The name of the uncompressed form: {@code name} without a trailing {@code .gz}. */
    static String uncompressed(String name) {
        return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    }
}
