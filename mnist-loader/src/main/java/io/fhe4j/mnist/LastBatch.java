package io.fhe4j.mnist;

/**
 * What {@link Dataset#batches(int, LastBatch)} does with the final batch when the dataset size is not a
 * multiple of the batch size. Thread-safe (an enum).
 */
public enum LastBatch {
    /** Leave the remaining {@code size % batchSize} items out: every batch has exactly {@code batchSize} items. */
    DROP,
    /** Return the remaining items as a last, smaller batch: every item appears in exactly one batch. */
    KEEP
}
