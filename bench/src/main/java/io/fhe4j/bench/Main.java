package io.fhe4j.bench;

/** Command-line entry point of fhe4j. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("fhe4j: nothing to run yet");
    }
}
