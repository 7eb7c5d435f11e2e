package io.fhe4j.mnist;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Rebuilds the {@link EmbeddedMnist} resources from the full MNIST files, so that anyone can check what the jar
 * ships: reads the four MNIST files from a folder (verified against their published SHA-256), keeps images 0, 5,
 * 10, ... of each split ({@link EmbeddedMnist#select}), writes them as gzip IDX files under the MNIST names with
 * {@link IdxWriter}, and prints the SHA-256 of each file's decompressed content beside the sum the code expects.
 * The content is fully determined by the MNIST files; the gzip bytes may differ between compressors, which is why
 * the sums are of the content. Exit code 0 if every sum matches {@link EmbeddedMnist#FILES}, else 1.
 *
 * <pre>
 * java -cp mnist-loader/target/classes io.fhe4j.mnist.EmbeddedMnistGenerator /path/to/mnist OUT_DIR
 * </pre>
 * {@code OUT_DIR} is created if needed; files of the same names in it are replaced. Stateless.
 */
public final class EmbeddedMnistGenerator {
    private EmbeddedMnistGenerator() {
    }

    /** {@code args}: the folder of the full MNIST files, the output folder. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java -cp mnist-loader/target/classes io.fhe4j.mnist.EmbeddedMnistGenerator"
                    + " MNIST_FOLDER OUT_FOLDER");
            System.exit(2);
        }
        System.exit(generate(Path.of(args[0]), Path.of(args[1])) ? 0 : 1);
    }

    /** Writes the four files into {@code out}, prints their sums; true if all equal the expected ones. */
    static boolean generate(Path mnist, Path out) throws IOException {
        MnistOptions options = MnistOptions.builder().directory(mnist).progress(null).build();
        Files.createDirectories(out);
        boolean all = true;
        for (Split split : Split.values()) {
            Dataset subset = EmbeddedMnist.select(Mnist.load(split, options));
            Path images = out.resolve(EmbeddedMnist.FILES.images(split));
            Path labels = out.resolve(EmbeddedMnist.FILES.labels(split));
            IdxWriter.write(subset, images, labels);
            System.out.printf("%s: %d images%n", split, subset.size());
            for (Path file : new Path[] {images, labels}) {
                String name = file.getFileName().toString();
                String sum;
                try (InputStream in = Files.newInputStream(file)) {
                    sum = EmbeddedMnist.contentSha256(in, name);
                }
                String expected = EmbeddedMnist.FILES.sha256().get(name);
                boolean same = sum.equals(expected);
                all &= same;
                System.out.printf("  %s  %s (%d bytes gzip)  content SHA-256 %s%n", same ? "same     " : "DIFFERENT",
                        name, Files.size(file), sum);
            }
        }
        return all;
    }
}
