package io.fhe4j.mnist;

import java.util.Objects;

/**
 * The two disjoint parts of a dataset made by {@link Dataset#split(int, long)}: together they hold every item of
 * the original exactly once. Immutable and thread-safe.
 *
 * @param train      the items to train on
 * @param validation the held-out items
 */
public record TrainValidation(Dataset train, Dataset validation) {
    /** Checks that neither part is null. */
    public TrainValidation {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
    }
}
