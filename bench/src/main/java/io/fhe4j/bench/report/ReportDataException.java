package io.fhe4j.bench.report;

/**
 * Thrown when an input of the report (a JMH result file, {@code anchors.csv}, a sizes or run file)
 * is malformed. The message names the file or line and the offending value.
 */
public final class ReportDataException extends RuntimeException {
    /** A report input is malformed, as {@code message} explains. */
    public ReportDataException(String message) {
        super(message);
    }
}
