package io.fhe4j.mnist;

import java.util.Objects;

/**
 * The training and test splits returned by {@link Mnist#loadOrEmbedded}, and which data they are. Immutable and
 * thread-safe.
 *
 * @param train    the training split
 * @param test     the test split
 * @param source   one line for a program's output: the folder the files came from and their sizes, or
 *                 {@link EmbeddedMnist#description()} (and why a download failed, if one was tried)
 * @param embedded whether the splits are the {@link EmbeddedMnist} subset rather than the full MNIST files
 */
public record MnistSplits(Dataset train, Dataset test, String source, boolean embedded) {
    /** Checks that no component is null. */
    public MnistSplits {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(source, "source");
    }
}
