package io.fhe4j.mnist;

/** Which half of a dataset: the 60,000 training or the 10,000 test images of MNIST. Thread-safe (an enum). */
public enum Split {
    /** The training images and labels ({@code train-*-idx?-ubyte}). */
    TRAIN,
    /** The test images and labels ({@code t10k-*-idx?-ubyte}). */
    TEST
}
